/**
 * The structural checks a portal applies when it imports a `.bpt`,
 * plus the stricter checks the
 * portal skips but an offline validator can add. Pure: decoded data in,
 * problems out.
 */
import type { BptPackage } from './bpt-codec';
import { isPhpArray, PhpFloat, phpGet, phpValues, type PhpValue } from './php-serialize';

/** One problem, located by the activity's path of names (`Template/A1/A2`). */
export interface TemplateProblem {
  path: string;
  type?: string;
  message: string;
}

/**
 * `errors` are what the portal itself refuses at import; `warnings` are the
 * stricter checks (unique names, known field codes and stages, change-stage
 * last, empty `DOCUMENT_FIELDS`) that the portal only notices at run time, if ever.
 */
export interface TemplateCheck {
  errors: TemplateProblem[];
  warnings: TemplateProblem[];
}

/** Options of `validateTemplate`: what the smart process really has, for the stricter checks. */
export interface ValidateTemplateOptions {
  /** Upper-case document field codes (`TITLE`, `STAGE_ID`, `UF_CRM_5_DUE`, …). */
  fieldCodes?: readonly string[];
  /** Full stage ids of the funnel (`DT1030_7:NEW`, …). */
  stageIds?: readonly string[];
  /** Activity types the portal also knows (e.g. an installed app's `rest_…` robots). */
  extraTypes?: readonly string[];
}

/** Composite activities: which children each allows (`null`: any non-root activity). */
const COMPOSITE: Record<string, readonly string[] | null> = {
  sequentialworkflowactivity: null,
  sequenceactivity: null,
  parallelactivity: ['sequenceactivity'],
  ifelseactivity: ['ifelsebranchactivity'],
  ifelsebranchactivity: null,
  whileactivity: null,
  listenactivity: null,
  eventdrivenactivity: null,
};

/** Types that may only sit under one parent type. */
const ONLY_UNDER: Record<string, string> = { ifelsebranchactivity: 'ifelseactivity' };

const ROOTS = new Set(['sequentialworkflowactivity', 'statemachineworkflowactivity']);

/**
 * Stock activity types known to exist (bizproc, crm, im, tasks modules;
 * the lists of the portal's own activity folders). Lower case: the portal finds an
 * activity by its folder name, so the `Type` matches case-insensitively.
 */
const KNOWN_TYPES = new Set(
  [
    'SequentialWorkflowActivity',
    'StateMachineWorkflowActivity',
    'SequenceActivity',
    'ParallelActivity',
    'IfElseActivity',
    'IfElseBranchActivity',
    'WhileActivity',
    'ListenActivity',
    'EventDrivenActivity',
    'DelayActivity',
    'SetFieldActivity',
    'SetVariableActivity',
    'SocNetMessageActivity',
    'IMNotifyActivity',
    'MailActivity',
    'LogActivity',
    'ApproveActivity',
    'RequestInformationActivity',
    'ReviewActivity',
    'TerminateActivity',
    'Task2Activity',
    'CrmChangeStatusActivity',
    'CrmChangeResponsibleActivity',
    'CrmChangeDynamicCategoryActivity',
    'CrmControlNotifyActivity',
    'CrmCreateToDoActivity',
    'CrmCreateCallActivity',
    'CrmCreateMeetingActivity',
    'CrmCompleteTaskActivity',
    'CrmCreateDynamicActivity',
    'CrmCopyDynamicActivity',
    'CrmDeleteDynamicActivity',
    'CrmGetDynamicInfoActivity',
    'CrmChangeRelationsActivity',
    'CrmGenerateEntityDocumentActivity',
    'CrmConvertDocumentActivity',
    'CrmAddProductRow',
    'CrmCopyMoveProductRow',
    'CrmEventAddActivity',
    'CrmExcludeActivity',
    'CrmGenerateQr',
    'CrmWaitActivity',
  ].map((type) => type.toLowerCase()),
);

/** Condition property keys an `IfElseBranchActivity` reads. */
const CONDITION_KEYS = ['fieldcondition', 'mixedcondition', 'truecondition', 'propertyvariablecondition', 'documentcondition'];

/** Operators of `fieldcondition` rows (`bizproc/lib/activity/enum/operator.php`). */
const OPERATORS = new Set(['=', '!=', '>', '>=', '<', '<=', 'in', '!in', 'contain', '!contain', 'empty', '!empty', 'between', 'modified']);

const EXPRESSION = /\{=Document:([A-Za-z0-9_]+)/g;

/** Empty as PHP's `empty()` sees it, which is what the portal's activity checks use: `"0"` and `0` are empty too. */
function isEmpty(value: PhpValue | undefined): boolean {
  if (value === undefined || value === null || value === '' || value === '0' || value === 0 || value === false) return true;
  if (value instanceof PhpFloat && value.value === 0) return true;
  const list = phpValues(value);
  return list !== undefined && list.length === 0;
}

function text(value: PhpValue | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (value instanceof PhpFloat) return String(value.value);
  return undefined;
}

/** Required-property checks of each activity's `ValidateProperties`. */
function propertyErrors(type: string, properties: PhpValue | undefined): string[] {
  const get = (key: string): PhpValue | undefined => phpGet(properties, key);
  const out: string[] = [];
  switch (type) {
    case 'socnetmessageactivity':
      if (isEmpty(get('MessageUserTo'))) out.push('MessageUserTo: the recipient is not specified');
      if (isEmpty(get('MessageText'))) out.push('MessageText: the message text is missing');
      break;
    case 'imnotifyactivity':
      if (isEmpty(get('MessageUserFrom'))) out.push('MessageUserFrom: the sender is not specified');
      if (isEmpty(get('MessageUserTo'))) out.push('MessageUserTo: the recipient is not specified');
      if (isEmpty(get('MessageSite'))) out.push('MessageSite: the message text is missing');
      break;
    case 'crmcreatetodoactivity':
      if (isEmpty(get('Description'))) out.push('Description: the to-do text is missing');
      break;
    case 'setfieldactivity': {
      const values = get('FieldValue');
      if (!isPhpArray(values) || isEmpty(values)) out.push('FieldValue: no field values are set');
      break;
    }
    case 'delayactivity':
      if (isEmpty(get('TimeoutDuration')) && isEmpty(get('TimeoutTime'))) out.push('TimeoutDuration/TimeoutTime: the delay is not set');
      break;
    case 'crmchangestatusactivity':
      if (isEmpty(get('TargetStatus'))) out.push('TargetStatus: the target stage is not specified');
      break;
    default:
      break;
  }
  return out;
}

/**
 * Checks a decoded `.bpt` package (or a bare `TEMPLATE` list) the way the
 * portal's import does: a list holding one root activity; each node an array
 * with `Type`, `Name`, `Properties`, `Children`; only known activity types;
 * composite activities accept only the children they allow; each
 * activity's required properties are set.
 */
export function validateTemplate(input: PhpValue | BptPackage, options: ValidateTemplateOptions = {}): TemplateCheck {
  const decoded = input as PhpValue;
  const errors: TemplateProblem[] = [];
  const warnings: TemplateProblem[] = [];
  const extra = new Set((options.extraTypes ?? []).map((type) => type.toLowerCase()));
  const fields = options.fieldCodes === undefined ? undefined : new Set(options.fieldCodes.map((code) => code.toUpperCase()));
  const stages = options.stageIds === undefined ? undefined : new Set(options.stageIds);
  const names = new Map<string, string>();

  const packageTemplate = phpGet(decoded, 'TEMPLATE');
  const template = packageTemplate ?? decoded;
  if (packageTemplate !== undefined) {
    const documentFields = phpGet(decoded, 'DOCUMENT_FIELDS');
    if (!isEmpty(documentFields)) warnings.push({ path: '', message: 'DOCUMENT_FIELDS is not empty: the import would create a custom field for every code the smart process lacks' });
  }
  const roots = phpValues(template);
  if (roots === undefined || roots.length === 0) {
    errors.push({ path: '', message: 'TEMPLATE is not an array of activities' });
    return { errors, warnings };
  }
  if (roots.length !== 1) errors.push({ path: '', message: `TEMPLATE must hold one root activity, not ${roots.length}` });

  const fieldCode = (path: string, type: string, code: string, where: string): void => {
    if (fields !== undefined && !fields.has(code.toUpperCase())) warnings.push({ path, type, message: `${where}: the field ${code} does not exist on this smart process` });
  };

  const visit = (node: PhpValue, path: string, parent: string | null, isRoot: boolean): void => {
    const rawType = phpGet(node, 'Type');
    const rawName = phpGet(node, 'Name');
    const properties = phpGet(node, 'Properties');
    const children = phpGet(node, 'Children');
    const name = text(rawName) ?? '';
    const here = path === '' ? name || '?' : `${path}/${name || '?'}`;
    if (typeof rawType !== 'string' || rawType === '') {
      errors.push({ path: here, message: 'an activity has no Type' });
      return;
    }
    const type = rawType.toLowerCase();
    if (name === '') errors.push({ path: here, type: rawType, message: 'an activity has no Name' });
    else if (names.has(name)) warnings.push({ path: here, type: rawType, message: `the activity name ${name} is used twice; the workflow would not load (DuplicateActivityName)` });
    else names.set(name, here);

    if (!KNOWN_TYPES.has(type) && !extra.has(type)) {
      errors.push({ path: here, type: rawType, message: `activity “${rawType}” was not found` });
      return;
    }
    if (isRoot && !ROOTS.has(type)) errors.push({ path: here, type: rawType, message: `the root activity must be SequentialWorkflowActivity, not ${rawType}` });
    if (!isRoot && ROOTS.has(type)) errors.push({ path: here, type: rawType, message: `${rawType} may only be the root activity` });
    if (properties !== undefined && properties !== null && !isPhpArray(properties)) errors.push({ path: here, type: rawType, message: 'Properties must be an array' });
    const expectedParent = ONLY_UNDER[type];
    if (expectedParent !== undefined && parent !== expectedParent) errors.push({ path: here, type: rawType, message: `${rawType} is allowed only inside IfElseActivity` });
    for (const message of propertyErrors(type, properties ?? undefined)) errors.push({ path: here, type: rawType, message });

    if (type === 'ifelsebranchactivity') {
      const conditionKey = CONDITION_KEYS.find((key) => phpGet(properties, key) !== undefined);
      if (conditionKey === 'fieldcondition') {
        const rows = phpValues(phpGet(properties, 'fieldcondition'));
        if (rows === undefined) errors.push({ path: here, type: rawType, message: 'fieldcondition must be a list of [field, operator, value, joiner] rows' });
        for (const row of rows ?? []) {
          const cells = phpValues(row);
          const code = text(cells?.[0]);
          const operator = text(cells?.[1]);
          if (cells === undefined || cells.length < 3 || code === undefined || operator === undefined) {
            errors.push({ path: here, type: rawType, message: 'a fieldcondition row must be [field, operator, value, joiner]' });
            continue;
          }
          if (!OPERATORS.has(operator)) errors.push({ path: here, type: rawType, message: `unknown condition operator “${operator}”` });
          fieldCode(here, rawType, code, 'fieldcondition');
          if (code.toUpperCase() === 'STAGE_ID' && stages !== undefined && (operator === '=' || operator === '!=')) {
            const stage = text(cells[2]);
            if (stage !== undefined && !stages.has(stage)) warnings.push({ path: here, type: rawType, message: `the stage ${stage} is not in this funnel` });
          }
        }
      }
    }
    if (type === 'setfieldactivity') {
      const values = phpGet(properties, 'FieldValue');
      if (values !== undefined && values !== null && typeof values === 'object' && !Array.isArray(values) && !(values instanceof Uint8Array) && !(values instanceof PhpFloat)) {
        const keys = 'entries' in values && Array.isArray(values.entries) ? (values.entries as Array<[string | number, PhpValue]>).map(([key]) => String(key)) : Object.keys(values);
        for (const key of keys) fieldCode(here, rawType, key, 'FieldValue');
      }
    }
    if (type === 'crmchangestatusactivity' && stages !== undefined) {
      const target = text(phpGet(properties, 'TargetStatus'));
      if (target !== undefined && !target.startsWith('{=') && !stages.has(target)) warnings.push({ path: here, type: rawType, message: `the target stage ${target} is not in this funnel` });
    }
    if (fields !== undefined) {
      for (const value of phpValues(properties) ?? []) scanExpressions(value, (code) => fieldCode(here, rawType, code, 'expression'));
    }

    const list = phpValues(children ?? []);
    if (list === undefined) {
      errors.push({ path: here, type: rawType, message: 'Children must be an array' });
      return;
    }
    const allowed = COMPOSITE[type];
    if (!(type in COMPOSITE) && list.length > 0) {
      errors.push({ path: here, type: rawType, message: `${rawType} cannot contain other activities` });
      return;
    }
    list.forEach((child, index) => {
      const childType = text(phpGet(child, 'Type'))?.toLowerCase();
      if (allowed !== null && allowed !== undefined && childType !== undefined && !allowed.includes(childType)) {
        errors.push({ path: here, type: rawType, message: `${rawType} cannot contain ${text(phpGet(child, 'Type')) ?? '?'}` });
      }
      if (childType === 'crmchangestatusactivity' && index !== list.length - 1) {
        warnings.push({ path: here, type: rawType, message: 'CrmChangeStatusActivity ends the workflow; the activities after it never run' });
      }
      visit(child, here, type, false);
    });
  };

  roots.forEach((root) => visit(root, '', null, true));
  return { errors, warnings };
}

function scanExpressions(value: PhpValue, found: (code: string) => void): void {
  if (typeof value === 'string') {
    for (const match of value.matchAll(EXPRESSION)) found(match[1] as string);
    return;
  }
  for (const item of phpValues(value) ?? []) scanExpressions(item, found);
}
