/**
 * What a Bitrix24 portal does with the `TEMPLATE_DATA` of
 * `bizproc.workflow.template.add` and `.update`, written from the portal's
 * behaviour (REST wrapper, `.bpt` unpacker, template loader and the stock
 * activities' own checks) and independent of the app's template code: the
 * emulator must refuse what a real portal refuses, with its codes and texts,
 * so that a bug in the app's template builder cannot hide behind a check that
 * shares the bug.
 */
import { inflateSync } from 'node:zlib';
import { mentionsSerializedObject, PhpArray, phpToPlain, phpUnserialize, type PhpData } from './php-unserialize';
import { RestError } from './rest-error';

/** The parts of an imported template the portal stores, as JSON. */
export interface ImportedTemplate {
  template: unknown[];
  parameters: unknown[];
  variables: unknown[];
  constants: unknown[];
}

/**
 * Activity folders a Bitrix24 portal ships (bizproc, crm, tasks, im, lists
 * modules). The runtime finds an activity by its folder, the lower-cased
 * `Type`; any other type is "not found" unless an installed app registered it.
 */
const PORTAL_ACTIVITIES = new Set([
  // bizproc
  'absenceactivity', 'approveactivity', 'calendaractivity', 'codeactivity', 'createdocumentactivity', 'delayactivity',
  'deletedocumentactivity', 'emptyblockactivity', 'eventdrivenactivity', 'fixresultactivity', 'foreachactivity',
  'forumreviewactivity', 'getuseractivity', 'getuserinfoactivity', 'handleexternaleventactivity', 'ifelseactivity',
  'ifelsebranchactivity', 'listenactivity', 'lockdocumentactivity', 'logactivity', 'mailactivity', 'mathoperationactivity',
  'parallelactivity', 'publishdocumentactivity', 'randomstringactivity', 'requestinformationactivity',
  'requestinformationoptionalactivity', 'reviewactivity', 'robotdelayactivity', 'savehistoryactivity', 'sequenceactivity',
  'sequentialworkflowactivity', 'setfieldactivity', 'setpermissionsactivity', 'setstateactivity', 'setstatetitleactivity',
  'setvariableactivity', 'socnetmessageactivity', 'startworkflowactivity', 'stateactivity', 'statefinalizationactivity',
  'stateinitializationactivity', 'statemachineworkflowactivity', 'terminateactivity', 'unlockdocumentactivity',
  'webhookactivity', 'whileactivity',
  // im, tasks
  'imnotifyactivity', 'task2activity',
  // crm
  'crmaddproductrow', 'crmchangedynamiccategoryactivity', 'crmchangerelationsactivity', 'crmchangeresponsibleactivity',
  'crmchangestatusactivity', 'crmcompletetaskactivity', 'crmcontrolnotifyactivity', 'crmconvertdocumentactivity',
  'crmcopydynamicactivity', 'crmcopymoveproductrow', 'crmcreatecallactivity', 'crmcreatedynamicactivity',
  'crmcreatemeetingactivity', 'crmcreatetodoactivity', 'crmdeletedynamicactivity', 'crmeventaddactivity',
  'crmexcludeactivity', 'crmgenerateentitydocumentactivity', 'crmgenerateqr', 'crmgetdynamicinfoactivity', 'crmwaitactivity',
]);

/** One problem as an activity reports it: the message of its language file. */
interface ActivityError {
  message: string;
}

/** PHP's `empty()`: null, false, 0, 0.0, "", "0" and an empty array. */
function phpEmpty(value: PhpData | undefined): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '' || value === '0') return true;
  return value instanceof PhpArray && value.entries.length === 0;
}

/** PHP 8's `$value == ''`: true for null, false and the empty string only. */
function looselyEmptyString(value: PhpData | undefined): boolean {
  return value === undefined || value === null || value === false || value === '';
}

function get(properties: PhpData | undefined, key: string): PhpData | undefined {
  return properties instanceof PhpArray ? properties.get(key) : undefined;
}

function has(properties: PhpData | undefined, key: string): boolean {
  return properties instanceof PhpArray && properties.has(key);
}

/**
 * An activity's `ValidateProperties` as the import calls it: the activity is
 * looked up by its type first ("Activity was not found (…)"), then the
 * activities the app's templates use check their required properties.
 */
function validateProperties(type: PhpData | undefined, properties: PhpData | undefined): ActivityError[] {
  const code = typeof type === 'string' ? type : typeof type === 'number' ? String(type) : '';
  if (!PORTAL_ACTIVITIES.has(code.toLowerCase())) return [{ message: `Activity was not found (${escapeHtml(code)})` }];
  const errors: ActivityError[] = [];
  switch (code.toLowerCase()) {
    case 'socnetmessageactivity':
      if (phpEmpty(get(properties, 'MessageUserTo'))) errors.push({ message: "The 'Recipient' parameter is missing." });
      if (!has(properties, 'MessageText') || looselyEmptyString(get(properties, 'MessageText'))) errors.push({ message: "The 'Message Text' parameter is missing." });
      break;
    case 'imnotifyactivity':
      // No admin exception for the sender here, unlike the social network message.
      if (phpEmpty(get(properties, 'MessageUserFrom'))) errors.push({ message: "The 'Sender' parameter is missing." });
      if (phpEmpty(get(properties, 'MessageUserTo'))) errors.push({ message: "The 'Recipient' parameter is missing." });
      if (phpEmpty(get(properties, 'MessageSite'))) errors.push({ message: 'The notification text is missing.' });
      break;
    case 'delayactivity':
      if (phpEmpty(get(properties, 'TimeoutDuration')) && phpEmpty(get(properties, 'TimeoutTime'))) errors.push({ message: "The 'Period' value is not specified." });
      break;
    case 'setfieldactivity': {
      const values = get(properties, 'FieldValue');
      if (!(values instanceof PhpArray) || values.entries.length === 0) errors.push({ message: 'All fields are empty.' });
      break;
    }
    case 'crmchangestatusactivity':
      if (phpEmpty(get(properties, 'TargetStatus'))) errors.push({ message: 'Final stage is not specified.' });
      break;
    default:
      break;
  }
  return errors;
}

/**
 * A composite activity's `ValidateChild`. The class check compares the class
 * name as written (`CBP` + the child's `Type`) before walking up the parents,
 * so a branch typed in another letter case is not recognised.
 */
function validateChild(parentType: string, childType: PhpData | undefined): ActivityError[] {
  if (parentType.toLowerCase() === 'ifelseactivity' && childType !== 'IfElseBranchActivity') {
    return [{ message: "An 'IfElseActivity' activity can contain only 'IfElseBranchActivity' actions." }];
  }
  return [];
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function children(activity: PhpData | undefined): PhpData[] | undefined {
  const list = get(activity, 'Children');
  return list instanceof PhpArray ? list.values() : undefined;
}

/** A thrown PHP exception reaching the REST server: `400 ERROR_CORE` with its message. */
function coreError(message: string): RestError {
  return new RestError(400, 'ERROR_CORE', message);
}

/**
 * The first pass of the import: every activity, parents before children,
 * disabled ones too; the first activity with errors stops the import with
 * its messages each followed by ". ".
 */
function checkEachActivity(activities: PhpData[]): void {
  for (const activity of activities) {
    const errors = validateProperties(get(activity, 'Type'), get(activity, 'Properties'));
    if (errors.length > 0) throw coreError(errors.map((e) => `${e.message}. `).join(''));
    const list = children(activity);
    if (list !== undefined) checkEachActivity(list);
  }
}

/**
 * The second pass, when the template is saved: properties again and each
 * composite's children (enabled ones only), each message prefixed with the
 * activity's title; all messages joined with ".".
 */
function collectTreeErrors(activity: PhpData, out: string[]): void {
  const type = get(activity, 'Type');
  const title = get(get(activity, 'Properties'), 'Title');
  const prefix = title === undefined || title === null ? '' : `Activity '${typeof title === 'string' ? title : String(phpToPlain(title))}': `;
  for (const error of validateProperties(type, get(activity, 'Properties'))) out.push(`${prefix}${error.message}`.trim());
  for (const child of children(activity) ?? []) {
    if (get(child, 'Activated') === 'N') continue;
    for (const error of validateChild(typeof type === 'string' ? type : '', get(child, 'Type'))) out.push(`${prefix}${error.message}`.trim());
    collectTreeErrors(child, out);
  }
}

/**
 * The REST layer's reading of `TEMPLATE_DATA` (a file value): `["name.bpt",
 * "<base64>"]`, the same as an object of two values, or a bare base64 string
 * (what the official PHP SDK sends). Anything empty or without content is
 * `Incorrect field TEMPLATE_DATA!`.
 */
export function readTemplateFile(value: unknown): Uint8Array {
  const refuse = (): RestError => new RestError(400, 'ERROR_TEMPLATE_VALIDATION_FAILURE', 'Incorrect field TEMPLATE_DATA!');
  // A list (or keyed object) is read as its first two values, name then content.
  let content: unknown;
  if (typeof value === 'string') content = value;
  else if (Array.isArray(value)) content = value[1];
  else if (value !== null && typeof value === 'object') content = Object.values(value)[1];
  if (typeof content !== 'string' || content.trim() === '') throw refuse();
  const bytes = new Uint8Array(Buffer.from(content.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64'));
  if (bytes.length === 0) throw refuse();
  return bytes;
}

/**
 * The `.bpt` unpacker: the bytes as serialized data, else as a zlib stream
 * (what `gzcompress` writes; gzip and raw deflate do not inflate), and the
 * result must be an array with `TEMPLATE`. Anything else is the
 * unpacker's "Incorrect workflow template", which reaches the client as an
 * argument error.
 */
export function unpackTemplateFile(bytes: Uint8Array): PhpArray {
  const read = (data: Uint8Array | undefined): PhpArray | undefined => {
    if (data === undefined || mentionsSerializedObject(data)) return undefined;
    const value = phpUnserialize(data);
    return value instanceof PhpArray && value.has('TEMPLATE') ? value : undefined;
  };
  let inflated: Uint8Array | undefined;
  const direct = read(bytes);
  if (direct !== undefined) return direct;
  try {
    inflated = new Uint8Array(inflateSync(bytes));
  } catch {
    inflated = undefined;
  }
  const unpacked = read(inflated);
  if (unpacked === undefined) throw new ArgumentError('Incorrect workflow template');
  return unpacked;
}

/** An argument exception reaching the REST server: `400 ERROR_ARGUMENT`, plus the (here empty) name of the argument. */
class ArgumentError extends RestError {
  constructor(message: string) {
    super(400, 'ERROR_ARGUMENT', message);
  }

  override toBody(): { error: string | number; error_description: string } {
    return { ...super.toBody(), argument: '' } as { error: string | number; error_description: string };
  }
}

/** A stored part as JSON: a list stays a list, a keyed array (start parameters by code) becomes an object. */
function plainPart(value: PhpData | undefined): unknown[] {
  if (value === undefined || value === null || value === false) return [];
  return phpToPlain(value) as unknown[];
}

/**
 * Imports a `TEMPLATE_DATA` value the way the portal does: read the file,
 * unpack it, run both passes of activity checks, and return what is stored.
 * Throws the portal's `RestError` on the first refusal.
 */
export function importTemplateData(value: unknown): ImportedTemplate {
  const unpacked = unpackTemplateFile(readTemplateFile(value));
  const template = unpacked.get('TEMPLATE');
  const roots = template instanceof PhpArray ? template.values() : [];
  checkEachActivity(roots);
  if (!(template instanceof PhpArray)) throw coreError('The TEMPLATE of the workflow template file is not an array.');
  const messages: string[] = [];
  for (const root of roots) collectTreeErrors(root, messages);
  if (messages.length > 0) throw coreError(messages.join('.'));
  return {
    template: template.values().map(phpToPlain),
    parameters: plainPart(unpacked.get('PARAMETERS')),
    variables: plainPart(unpacked.get('VARIABLES')),
    constants: plainPart(unpacked.get('CONSTANTS')),
  };
}
