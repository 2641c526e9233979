/**
 * Turns the plan's enabled recipes into auto-run workflow templates made of
 * stock activities only: no Market robot
 * types, which would fail import on any portal without that app.
 *
 * - `stage-entry` (AUTO_EXECUTE "3", create and edit): one root that branches
 *   on "STAGE_ID modified and = <stage>", the nearest substitute for
 *   "entered stage X" a template can express. It never waits.
 * - `due-reminder` (AUTO_EXECUTE "1", create only): waits until the day
 *   before the due date, then reminds unless the item is closed. It waits,
 *   so it starts on create only: an edit can never stack a second waiting
 *   copy, and an item carries at most one waiting workflow of ours, under the
 *   portal's limit of two.
 */
import { AppError } from '../../base/errors/errors';
import { bptPackage, encodeBpt } from './bpt-codec';
import type { PhpValue } from './php-serialize';
import type { ActivityNode, StarterTemplate } from './template-types';
import type { AutomationPlan, Recipe } from './types';

/** At most this many waiting workflows may run on one CRM item at once. */
export const MAX_WAITING_WORKFLOWS_PER_ITEM = 2;

const WORDS = {
  ru: {
    stageEntry: (title: string) => `Стартовый: уведомления по стадиям — ${title}`,
    stageEntryDescription: 'Создан Smart Process Migrator. Запускается при создании и изменении элемента и действует, только когда изменилась стадия.',
    reminder: (title: string) => `Стартовый: напоминание о сроке — ${title}`,
    reminderDescription: 'Создан Smart Process Migrator. Запускается только при создании элемента, ждёт до дня перед сроком и напоминает ответственному.',
    root: 'Стартовая автоматизация',
    stageCheck: 'Проверка стадии',
    entered: (stage: string) => `Переход на «${stage}»`,
    otherwise: 'Иначе',
    missing: 'Не заполнены поля',
    fieldsCheck: 'Проверка полей',
    hasDue: 'Срок указан',
    wait: 'Ждать до дня перед сроком',
    stillOpen: 'Элемент не закрыт',
    openCheck: 'Проверка закрытия',
  },
  en: {
    stageEntry: (title: string) => `Starter: stage notifications — ${title}`,
    stageEntryDescription: 'Made by Smart Process Migrator. Runs on create and on edit and acts only when the stage changed.',
    reminder: (title: string) => `Starter: due date reminder — ${title}`,
    reminderDescription: 'Made by Smart Process Migrator. Runs on create only, waits until the day before the due date and reminds the responsible person.',
    root: 'Starter automation',
    stageCheck: 'Stage check',
    entered: (stage: string) => `Entered “${stage}”`,
    otherwise: 'Otherwise',
    missing: 'Fields are missing',
    fieldsCheck: 'Field check',
    hasDue: 'Due date is set',
    wait: 'Wait until the day before the due date',
    stillOpen: 'The item is not closed',
    openCheck: 'Closed check',
  },
};

/** Designer-style activity names (`A#####_#####_#####_#####`), unique and stable per template. */
function namer(key: string): () => string {
  let seed = 0;
  for (const char of key) seed = (seed * 31 + char.charCodeAt(0)) % 90000;
  let n = 0;
  return () => {
    n += 1;
    return `A${10000 + seed}_${String(n).padStart(5, '0')}_00000_00000`;
  };
}

function node(type: string, name: string, properties: ActivityNode['Properties'], children: ActivityNode[] = []): ActivityNode {
  return { Type: type, Name: name, Activated: 'Y', Properties: properties, Children: children };
}

function notify(name: string, title: string, text: string): ActivityNode {
  // Keys in the constructor's order; MessageFormat "robot" adds the item card.
  return node('SocNetMessageActivity', name, {
    Title: title,
    MessageUserFrom: '',
    MessageUserTo: ['{=Document:ASSIGNED_BY_ID}'],
    MessageText: text,
    MessageFormat: 'robot',
  });
}

type Row = [string, string, string, number];

function branch(name: string, title: string, rows: Row[] | 'else', children: ActivityNode[]): ActivityNode {
  const properties: ActivityNode['Properties'] = rows === 'else' ? { Title: title, truecondition: '1' } : { Title: title, fieldcondition: rows };
  return node('IfElseBranchActivity', name, properties, children);
}

function stageEntryTemplate(plan: AutomationPlan, recipes: Recipe[]): StarterTemplate | null {
  const w = WORDS[plan.language];
  const next = namer('stage-entry');
  const rootName = 'Template';
  const ifName = next();
  const branches: ActivityNode[] = [];
  for (const stage of plan.stages) {
    const own = recipes.filter((recipe) => recipe.stageCode === stage.code);
    if (own.length === 0) continue;
    const branchName = next();
    const children: ActivityNode[] = [];
    for (const recipe of own) {
      if (recipe.kind === 'review-check' && recipe.fields !== undefined && recipe.fields.length > 0) {
        const rows: Row[] = recipe.fields.map((code, index) => [code, 'empty', '', index === 0 ? 0 : 1]);
        const checkName = next();
        const missingName = next();
        const elseName = next();
        children.push(
          node('IfElseActivity', checkName, { Title: w.fieldsCheck }, [
            branch(missingName, w.missing, rows, [notify(next(), recipe.title, recipe.text)]),
            branch(elseName, w.otherwise, 'else', []),
          ]),
        );
      } else {
        children.push(notify(next(), recipe.title, recipe.text));
      }
    }
    branches.push(
      branch(
        branchName,
        w.entered(stage.name),
        [
          ['STAGE_ID', 'modified', '', 0],
          ['STAGE_ID', '=', stage.statusId, 0],
        ],
        children,
      ),
    );
  }
  if (branches.length === 0) return null;
  branches.push(branch(next(), w.otherwise, 'else', []));
  return {
    key: 'stage-entry',
    name: w.stageEntry(plan.title),
    description: w.stageEntryDescription,
    autoExecute: '3',
    waits: false,
    root: node('SequentialWorkflowActivity', rootName, { Title: w.root }, [node('IfElseActivity', ifName, { Title: w.stageCheck }, branches)]),
  };
}

function reminderTemplate(plan: AutomationPlan, recipe: Recipe): StarterTemplate | null {
  if (plan.dueDate === null) return null;
  const w = WORDS[plan.language];
  const next = namer('due-reminder');
  const due = plan.dueDate.code;
  const days = recipe.daysBefore ?? 1;
  const closed = plan.stages.filter((stage) => stage.semantics !== 'process');
  const openRows: Row[] = closed.map((stage) => ['STAGE_ID', '!=', stage.statusId, 0]);
  const hasDueName = next();
  const hasDueBranch = next();
  const waitName = next();
  const openIf = next();
  const openBranch = next();
  const reminder = notify(next(), recipe.title, recipe.text);
  const openElse = next();
  const dueElse = next();
  const afterWait: ActivityNode =
    openRows.length === 0
      ? reminder
      : node('IfElseActivity', openIf, { Title: w.openCheck }, [branch(openBranch, w.stillOpen, openRows, [reminder]), branch(openElse, w.otherwise, 'else', [])]);
  return {
    key: 'due-reminder',
    name: w.reminder(plan.title),
    description: w.reminderDescription,
    autoExecute: '1',
    waits: true,
    root: node('SequentialWorkflowActivity', 'Template', { Title: w.root }, [
      node('IfElseActivity', hasDueName, { Title: w.hasDue }, [
        branch(hasDueBranch, w.hasDue, [[due, '!empty', '', 0]], [
          // A date field is a local calendar day, so the wake-up time is local too [inferred].
          node('DelayActivity', waitName, { Title: w.wait, TimeoutTime: `=dateadd({=Document:${due}},"-${days}d")`, TimeoutTimeIsLocal: 'Y' }),
          afterWait,
        ]),
        branch(dueElse, w.otherwise, 'else', []),
      ]),
    ]),
  };
}

/**
 * The starter templates for the plan's enabled recipes (none when nothing
 * is enabled). Throws `INTERNAL` if a waiting template would run on edit, or
 * if more waiting templates than the portal allows per item would start
 * together; both are bugs, not user errors.
 */
export function generateStarterTemplates(plan: AutomationPlan): StarterTemplate[] {
  const enabled = plan.recipes.filter((recipe) => recipe.enabled);
  const out: StarterTemplate[] = [];
  const entry = stageEntryTemplate(
    plan,
    enabled.filter((recipe) => recipe.template === 'stage-entry'),
  );
  if (entry !== null) out.push(entry);
  const reminder = enabled.find((recipe) => recipe.template === 'due-reminder');
  if (reminder !== undefined) {
    const template = reminderTemplate(plan, reminder);
    if (template !== null) out.push(template);
  }
  assertWaitingLimit(out);
  return out;
}

/**
 * Checks the two-waiting-workflows rule: a template that waits must start on
 * create only ("1"), and at most `MAX_WAITING_WORKFLOWS_PER_ITEM` of them exist.
 */
export function assertWaitingLimit(templates: readonly StarterTemplate[]): void {
  const waiting = templates.filter((template) => template.waits);
  const onEdit = waiting.find((template) => template.autoExecute !== '1');
  if (onEdit !== undefined) throw new AppError('INTERNAL', `The waiting template “${onEdit.name}” would start on every edit and stack waiting workflows on an item.`, { params: { reason: 'waitingOnEdit', name: onEdit.name } });
  if (waiting.length > MAX_WAITING_WORKFLOWS_PER_ITEM) {
    throw new AppError('INTERNAL', `${waiting.length} waiting templates would run on one item; the portal allows ${MAX_WAITING_WORKFLOWS_PER_ITEM}.`, { params: { reason: 'tooManyWaiting', count: String(waiting.length), max: String(MAX_WAITING_WORKFLOWS_PER_ITEM) } });
  }
}

/** An activity tree as the PHP array the `.bpt` holds, keys in the designer's order. */
export function activityToPhp(activity: ActivityNode): PhpValue {
  const out: { [key: string]: PhpValue } = { Type: activity.Type, Name: activity.Name };
  if (activity.Activated !== undefined) out['Activated'] = activity.Activated;
  out['Properties'] = activity.Properties;
  out['Children'] = activity.Children.map(activityToPhp);
  return out;
}

/** The `.bpt` bytes of a starter template: `DOCUMENT_FIELDS` empty, so the import creates no fields. */
export function encodeStarterTemplate(template: StarterTemplate): Uint8Array {
  return encodeBpt(bptPackage([activityToPhp(template.root)]));
}

/** The file name of a starter template's `.bpt`. */
export function starterTemplateFileName(template: StarterTemplate): string {
  return `starter-${template.key}.bpt`;
}
