/**
 * Derives starter automation per stage from the mapped data:
 * notify the responsible person on entering each in-progress stage; on a
 * stage that reads like review or approval, first check that the key fields
 * are filled; notify on the success stage; remind before the due date when a
 * due-date column is mapped; a note for the deal side when rows link to deals.
 */
import type { AutomationFieldInput, AutomationInput, AutomationPlan, Recipe, RecipeEdit } from './types';

/** Stage names that mean review or approval, in the languages the tool reads. */
const REVIEW_WORDS = /провер|соглас|одобр|утвержд|рассмотр|экспертиз|модерац|ревью|контрол[ьея]|review|approv|verif|sign-?off|\bcheck/i;

/** True when a stage name reads like review or approval. */
export function isReviewStage(name: string): boolean {
  return REVIEW_WORDS.test(name);
}

const LINK = (entityTypeId: number): string => `[url=/crm/type/${entityTypeId}/details/{=Document:ID}/]{=Document:TITLE}[/url]`;

const WORDS = {
  ru: {
    notifyTitle: (stage: string) => `Уведомить ответственного: «${stage}»`,
    notifyText: (link: string, stage: string) => `${link} перешёл на стадию «${stage}».`,
    notifyRobot: 'Уведомление (Add notification)',
    onEntry: (stage: string) => `при переходе на стадию «${stage}»`,
    to: 'Кому: ответственный (поле «Ответственный»)',
    text: (t: string) => `Текст: ${t}`,
    reviewTitle: (stage: string) => `Проверка полей перед «${stage}»`,
    reviewText: (link: string, labels: string) => `${link}: перед согласованием заполните: ${labels}.`,
    reviewRobot: 'Уведомление (Add notification) с условием',
    reviewCondition: (labels: string) => `Условие: хотя бы одно из полей пусто — ${labels} (условие «ИЛИ» по полям)`,
    reviewMarket: 'Для сложных условий подойдёт робот из Маркета «Составное условие (AND/OR/NOT)» — по желанию, не обязательно.',
    successTitle: (stage: string) => `Уведомить об успешном завершении: «${stage}»`,
    successText: (link: string, stage: string) => `${link} завершён успешно («${stage}»).`,
    reminderTitle: (field: string, days: number) => `Напомнить за ${days} дн. до срока «${field}»`,
    reminderText: (link: string, field: string) => `Напоминание: по ${link} скоро срок «${field}»: {=Document:FIELD}.`,
    reminderRobot: 'Уведомление (Add notification) с задержкой',
    reminderWhen: (field: string, days: number) => `на каждой стадии в работе, с задержкой: за ${days} дн. до поля «${field}»`,
    reminderNote: 'Задержка робота отменяется, когда элемент уходит со стадии, поэтому напоминание не придёт по закрытым элементам.',
    dealTitle: (column: string) => `Связь со сделками (колонка «${column}»)`,
    dealText: (column: string) =>
      `В роботах или бизнес-процессе сделки найдите связанный элемент смарт-процесса по значению «${column}» — например, роботом из Маркета «Найти элемент смарт-процесса»; штатный робот «Информация об элементе смарт-процесса» читает элемент, если известен его ID.`,
    dealRobot: 'Роботы сделок (сторона сделки)',
    dealWhen: 'на нужной стадии воронки сделок',
  },
  en: {
    notifyTitle: (stage: string) => `Notify the responsible person: “${stage}”`,
    notifyText: (link: string, stage: string) => `${link} moved to the stage “${stage}”.`,
    notifyRobot: 'Add notification',
    onEntry: (stage: string) => `when an item enters “${stage}”`,
    to: 'To: the responsible person (field “Responsible”)',
    text: (t: string) => `Text: ${t}`,
    reviewTitle: (stage: string) => `Check fields before “${stage}”`,
    reviewText: (link: string, labels: string) => `${link}: before approval, please fill in: ${labels}.`,
    reviewRobot: 'Add notification, with a condition',
    reviewCondition: (labels: string) => `Condition: any of these fields is empty — ${labels} (an OR condition over the fields)`,
    reviewMarket: 'For richer logic the Market robot “Compound condition (AND/OR/NOT)” fits — a recommendation, not required.',
    successTitle: (stage: string) => `Notify on success: “${stage}”`,
    successText: (link: string, stage: string) => `${link} was completed successfully (“${stage}”).`,
    reminderTitle: (field: string, days: number) => `Remind ${days} day(s) before “${field}”`,
    reminderText: (link: string, field: string) => `Reminder: ${link} is due soon (“${field}”: {=Document:FIELD}).`,
    reminderRobot: 'Add notification, with a delay',
    reminderWhen: (field: string, days: number) => `on every in-progress stage, delayed ${days} day(s) before the field “${field}”`,
    reminderNote: 'A robot’s delay is dropped when the item leaves the stage, so closed items get no reminder.',
    dealTitle: (column: string) => `Link to deals (column “${column}”)`,
    dealText: (column: string) =>
      `In the deal's automation rules or workflow, find the linked smart process item by the “${column}” value — e.g. with the Market robot “Find smart process item”; the stock robot “Smart process item information” reads an item once its ID is known.`,
    dealRobot: 'Deal automation rules (the deal side)',
    dealWhen: 'on the deal stage where it matters',
  },
};

/** Fields the review check requires: amount and due date first, then other mapped fields (not the row key); at most three. */
function reviewFields(input: AutomationInput): AutomationFieldInput[] {
  const score = (field: AutomationFieldInput): number =>
    field.code === 'OPPORTUNITY' ? 0 : field.code === input.dueDate?.code ? 1 : field.kind === 'boolean' || field.kind === 'text' ? 9 : 2;
  const candidates = input.fields.filter((field) => !['TITLE', 'STAGE_ID', 'ASSIGNED_BY_ID'].includes(field.code) && field.isKey !== true && score(field) < 9);
  return [...candidates].sort((a, b) => score(a) - score(b)).slice(0, 3);
}

/**
 * Builds the starter plan. Deterministic: the same input gives the same
 * recipes in the same order (stages in funnel order, then item-wide ones).
 */
export function buildAutomationPlan(input: AutomationInput): AutomationPlan {
  const w = WORDS[input.language];
  const link = LINK(input.entityTypeId);
  const recipes: Recipe[] = [];
  for (const stage of input.stages) {
    if (stage.semantics === 'process') {
      const review = isReviewStage(stage.name) ? reviewFields(input) : [];
      if (review.length > 0) {
        const labels = review.map((field) => `«${field.label}»`).join(', ');
        const text = w.reviewText(link, labels);
        recipes.push({
          id: `review-check:${stage.code}`,
          kind: 'review-check',
          stageCode: stage.code,
          enabled: true,
          title: w.reviewTitle(stage.name),
          text,
          robot: { name: w.reviewRobot, when: w.onEntry(stage.name), settings: [w.to, w.reviewCondition(labels), w.text(text)] },
          facts: { stage: stage.name, labels: review.map((field) => field.label) },
          recommendation: w.reviewMarket,
          template: 'stage-entry',
          fields: review.map((field) => field.code),
        });
      }
      const text = w.notifyText(link, stage.name);
      recipes.push({
        id: `notify-on-entry:${stage.code}`,
        kind: 'notify-on-entry',
        stageCode: stage.code,
        enabled: true,
        title: w.notifyTitle(stage.name),
        text,
        robot: { name: w.notifyRobot, when: w.onEntry(stage.name), settings: [w.to, w.text(text)] },
        facts: { stage: stage.name },
        template: 'stage-entry',
      });
    } else if (stage.semantics === 'success') {
      const text = w.successText(link, stage.name);
      recipes.push({
        id: `success-notify:${stage.code}`,
        kind: 'success-notify',
        stageCode: stage.code,
        enabled: true,
        title: w.successTitle(stage.name),
        text,
        robot: { name: w.notifyRobot, when: w.onEntry(stage.name), settings: [w.to, w.text(text)] },
        facts: { stage: stage.name },
        template: 'stage-entry',
      });
    }
  }
  if (input.dueDate !== null) {
    const days = 1;
    const text = w.reminderText(link, input.dueDate.label).replace('{=Document:FIELD}', `{=Document:${input.dueDate.code}}`);
    recipes.push({
      id: 'due-reminder',
      kind: 'due-reminder',
      stageCode: null,
      enabled: true,
      title: w.reminderTitle(input.dueDate.label, days),
      text,
      robot: { name: w.reminderRobot, when: w.reminderWhen(input.dueDate.label, days), settings: [w.to, w.text(text), w.reminderNote] },
      facts: { field: input.dueDate.label, days },
      template: 'due-reminder',
      daysBefore: days,
    });
  }
  if (input.dealLink !== null) {
    recipes.push({
      id: 'deal-link-note',
      kind: 'deal-link-note',
      stageCode: null,
      enabled: true,
      title: w.dealTitle(input.dealLink.column),
      text: w.dealText(input.dealLink.column),
      robot: { name: w.dealRobot, when: w.dealWhen, settings: [w.dealText(input.dealLink.column)] },
      facts: { column: input.dealLink.column },
      template: null,
    });
  }
  return {
    version: 1,
    title: input.title,
    language: input.language,
    entityTypeId: input.entityTypeId,
    categoryId: input.categoryId,
    stages: input.stages.map((stage) => ({ ...stage })),
    recipes,
    dueDate: input.dueDate,
  };
}

/**
 * Applies the user's edits (switch off, new text). Unknown ids are
 * returned in `unknown` rather than ignored silently; an empty text keeps
 * the old one, since a notification without text fails import.
 */
export function applyRecipeEdits(plan: AutomationPlan, edits: readonly RecipeEdit[]): { plan: AutomationPlan; unknown: string[] } {
  const byId = new Map(edits.map((edit) => [edit.id, edit]));
  const known = new Set(plan.recipes.map((recipe) => recipe.id));
  const recipes = plan.recipes.map((recipe) => {
    const edit = byId.get(recipe.id);
    if (edit === undefined) return recipe;
    const next: Recipe = { ...recipe };
    if (edit.enabled !== undefined) next.enabled = edit.enabled;
    if (edit.text !== undefined && edit.text.trim() !== '') {
      next.text = edit.text;
      next.robot = { ...recipe.robot, settings: recipe.robot.settings.map((line) => (line.includes(recipe.text) ? line.replace(recipe.text, edit.text as string) : line)) };
    }
    return next;
  });
  return { plan: { ...plan, recipes }, unknown: edits.map((edit) => edit.id).filter((id) => !known.has(id)) };
}
