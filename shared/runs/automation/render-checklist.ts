import type { Checklist, ChecklistStep } from './build-checklist';

const WORDS = {
  ru: {
    heading: (title: string) => `# Автоматизация «${title}»: что сделать вручную`,
    why: 'Bitrix24 не даёт поставить робота на стадию через REST — ни вебхуком, ни приложением. Роботы добавляются в настройках автоматизации по ссылке ниже.',
    open: (url: string) => `Откройте роботов воронки: ${url}`,
    stage: (name: string) => `## Стадия «${name}»`,
    none: '- Ничего добавлять не нужно.',
    add: (robot: string, when: string) => `- [ ] Добавьте робота **${robot}** — ${when}.`,
    note: (robot: string, when: string) => `- [ ] **${robot}** — ${when}:`,
    newItemsOnly: '  - Процесс-напоминание запускается при создании элемента, то есть только для элементов, созданных после его установки (перенесённые строки его не запускают).',
    covered: (name: string) => `  - Уже делает установленный бизнес-процесс «${name}». Добавляйте робота, только если хотите заменить процесс (тогда выключите его автозапуск), иначе уведомления придут дважды.`,
    general: '## Для всех элементов',
    files: '## Файлы бизнес-процессов (.bpt)',
    filesHow: (url: string) => `Если установить их из приложения нельзя, импортируйте файлы в дизайнере бизнес-процессов: ${url} (меню «Импорт»), затем включите автозапуск «при создании» и/или «при изменении», как указано в описании процесса.`,
  },
  en: {
    heading: (title: string) => `# Automation for “${title}”: what to do by hand`,
    why: 'Bitrix24 offers no REST method that places a robot on a stage, from a webhook or from an application. Robots are added in the automation settings, linked below.',
    open: (url: string) => `Open the funnel's automation rules: ${url}`,
    stage: (name: string) => `## Stage “${name}”`,
    none: '- Nothing to add.',
    add: (robot: string, when: string) => `- [ ] Add the robot **${robot}** — ${when}.`,
    note: (robot: string, when: string) => `- [ ] **${robot}** — ${when}:`,
    newItemsOnly: '  - The reminder workflow starts when an item is created, so only for items created after it was installed (migrated rows do not start it).',
    covered: (name: string) => `  - The installed workflow “${name}” already does this. Add the robot only to replace that workflow (then switch its auto-run off), or notifications arrive twice.`,
    general: '## For every item',
    files: '## Workflow files (.bpt)',
    filesHow: (url: string) => `Where they cannot be installed by an application, import them in the workflow designer: ${url} (the Import menu), then switch auto-run on create and/or on edit as each workflow's description says.`,
  },
};

/** The checklist as a Markdown file the admin can follow (and tick) on the portal. */
export function renderChecklist(checklist: Checklist): string {
  const w = WORDS[checklist.language];
  const lines: string[] = [w.heading(checklist.title), '', w.why, '', w.open(checklist.automationUrl), ''];
  const steps = (list: readonly ChecklistStep[]): void => {
    if (list.length === 0) lines.push(w.none);
    for (const step of list) {
      lines.push(step.kind === 'deal-link-note' ? w.note(step.robot, step.when) : w.add(step.robot, step.when));
      for (const setting of step.settings) lines.push(`  - ${setting}`);
      if (step.recommendation !== undefined) lines.push(`  - ${step.recommendation}`);
      if (step.coveredBy !== undefined) lines.push(w.covered(step.coveredBy));
      if (step.coveredBy !== undefined && step.kind === 'due-reminder') lines.push(w.newItemsOnly);
    }
    lines.push('');
  };
  for (const stage of checklist.stages) {
    lines.push(w.stage(stage.name), '');
    steps(stage.steps);
  }
  if (checklist.general.length > 0) {
    lines.push(w.general, '');
    steps(checklist.general);
  }
  if (checklist.files.length > 0) {
    lines.push(w.files, '', w.filesHow(checklist.designerImportUrl), '');
    for (const file of checklist.files) lines.push(`- ${file}`);
    lines.push('');
  }
  return lines.join('\n');
}
