/**
 * The Russian UI, screen by screen: every text a person can see or hear
 * (visible text, and the title, aria-label, placeholder and alt attributes) is
 * read from the page and each Latin-script word in it must be a name, the
 * spreadsheet's own data, or on the short allow-list below. A screenshot of
 * each screen goes to test/output/screenshots/ru-walk-*.png.
 */
import type { Page } from '@playwright/test';
import { expect, SCREENSHOT_DIR, test } from './host-fixture';
import { basename, join } from 'node:path';
import { readdir, rm } from 'node:fs/promises';
import { contractRows, contractRowsNextWeek, requestRows } from '../fixtures/make-fixtures';
import { SEED_USERS } from '../../sandbox/seed-users';

/** Product, program, format and key names that stay Latin in Russian text. */
const NAMES = ['Bitrix24', 'Excel', 'LibreOffice', 'CSV', 'XLSX', 'XLS', 'XLSB', 'ODS', 'csv', 'xlsx', 'UTF', 'REST', 'API', 'CRM', 'HTTPS', 'HTTP', 'JSON', 'ZIP', 'Enter'];

/**
 * Latin words that are not names or data but are right in Russian text: the
 * webhook's scope names (typed as they are in the portal's settings), the
 * language switch's EN/RU, and the Market robot “Составное условие (AND/OR/NOT)”,
 * whose name carries the operators as they appear in the robot's settings.
 */
const ALLOWED = ['crm', 'userfieldconfig', 'user', 'user_basic', 'user_brief', 'bizproc', 'ID', 'EN', 'RU', 'AND', 'OR', 'NOT'];

/**
 * Words of the data this test shows, which may be in any script: the
 * spreadsheets' cells and file names (a csv's smart process is named after its
 * file), the sandbox portal's users, and the stage names the plan adds to an
 * English sheet's kanban in the sheet's language (they go into the portal).
 */
function dataWords(files: Record<string, string>): Set<string> {
  // The purchase requests' header, and the row the typo file breaks (its cells as the fixture writes them).
  const requestsHeader = ['Request ID', 'Item', 'Status', 'Amount, USD', 'Cost center'];
  const brokenRequestRow = ['=HYPERLINK("http://evil.example","Docking station")', 'twelve'];
  const cells = [...contractRows(121), ...contractRowsNextWeek(), ...requestRows(40), requestsHeader, brokenRequestRow];
  const fileNames = Object.values(files).flatMap((path) => {
    const words = basename(path).replace(/[-_.]/g, ' ');
    return [words, words.replace(/\b\w/g, (letter) => letter.toUpperCase())];
  });
  const users = SEED_USERS.map((user) => `${user.NAME} ${user.LAST_NAME} ${user.SECOND_NAME} ${user.WORK_POSITION}`);
  const stageNames = ['Success', 'Failure'];
  return new Set([...cells.flat(), ...fileNames, ...users, ...stageNames].flatMap((cell) => String(cell).match(LATIN_WORD) ?? []));
}

const LATIN_WORD = /[A-Za-z][A-Za-z0-9_]*/g;

/**
 * Strips what is a name by its shape: the product's name, the version, web
 * addresses, e-mails, file names and extensions; and what the migration writes
 * into the portal in the sheet's language, which a person looks up there as it
 * is: the installed workflows' names and the notification text pasted into a
 * robot (with its BB-code link and {=Document:…} fields).
 */
function withoutNames(text: string): string {
  return text
    .replace(/Starter: (stage notifications|due date reminder) — /g, ' ')
    .replace(/(Текст|Text): \[url=.*$/, ' ')
    .replace(/\bhttps?:\/\/\S+/g, ' ')
    .replace(/Smart Process Migrator/g, ' ')
    .replace(/\bv?\d+\.\d+\.\d+(-[\w.]+)?/g, ' ')
    .replace(/\[url=[^\]]*\]|\[\/url\]|\{=\w+:\w+\}/g, ' ')
    .replace(/\be-mail\b/gi, ' ')
    .replace(/(^|\s|\()\.(xlsx|xlsb|xls|ods|csv)\b/gi, ' ')
    .replace(/\bhttps?:\/\/\S+/g, ' ')
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, ' ')
    .replace(/[^\s«»“”"'(),:;]+\.(xlsx|xlsb|xls|ods|csv|json|md|zip|bpt|spm\.json)\b/gi, ' ')
    .replace(/\b[\w-]+(\.[\w-]+)*\.(ru|com|by|kz|ua|de|example)\b/gi, ' ');
}

/** One text seen on a screen, and where. */
interface SeenText {
  text: string;
  where: string;
}

/** Every text of the page a person can see, plus the attributes that are read aloud or shown on hover. */
function readScreen(page: Page): Promise<SeenText[]> {
  return page.evaluate(() => {
    const seen: { text: string; where: string }[] = [];
    const describe = (element: Element): string => {
      const testId = element.closest('[data-testid]')?.getAttribute('data-testid');
      return `${element.tagName.toLowerCase()}${testId ? ` in [${testId}]` : ''}`;
    };
    const visible = (element: Element): boolean => (element as HTMLElement).checkVisibility?.({ checkOpacity: true, checkVisibilityCSS: true }) ?? true;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      const text = node.textContent?.trim();
      if (!parent || !text || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(parent.tagName)) continue;
      // An option is seen when its list opens, so it counts when its select is visible.
      const owner = parent.tagName === 'OPTION' || parent.tagName === 'OPTGROUP' ? parent.closest('select') : parent;
      if (owner && visible(owner)) seen.push({ text, where: describe(parent) });
    }
    for (const element of Array.from(document.body.querySelectorAll('[title], [aria-label], [placeholder], [alt], [aria-description]'))) {
      if (!visible(element)) continue;
      for (const name of ['title', 'aria-label', 'placeholder', 'alt', 'aria-description']) {
        const value = element.getAttribute(name)?.trim();
        if (value) seen.push({ text: value, where: `${describe(element)} @${name}` });
      }
    }
    const title = document.title.trim();
    if (title) seen.push({ text: title, where: 'document title' });
    return seen;
  });
}

/** A Latin word found on a screen that is not allowed there. */
interface Leak {
  screen: string;
  word: string;
  text: string;
  where: string;
}

/** Opens the app in Russian and connects the sandbox portal, as a person would from the top bar. */
async function openInRussianOnSandbox(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('language-ru').click();
  await page.getByTestId('portal-chip').click();
  await page.getByTestId('use-sandbox').click();
  await expect(page.getByTestId('check-result')).toContainText('Готово');
  await page.getByTestId('connect-continue').last().click();
}

/** The purchase requests' cards are named by the second column, Item (whose header names the item): the walk makes sure of it on the Fields tab. */
async function chooseItemAsTitle(page: Page): Promise<void> {
  await page.getByTestId('tab-fields').click();
  await page.getByTestId('field-row').nth(1).getByTestId('field-target').selectOption('builtin:title');
  await expect(page.getByTestId('field-row').nth(1).getByTestId('field-target')).toHaveValue('builtin:title');
}

test.describe('Russian everywhere', () => {
  let allowed = new Set<string>();
  const leaks: Leak[] = [];
  let shots = 0;
  const screens: string[] = [];
  test.beforeEach(({ files }) => {
    allowed = new Set([...NAMES, ...ALLOWED, ...dataWords(files)]);
    leaks.length = 0;
    screens.length = 0;
  });

  /** Reads a screen, notes its leaks and takes its screenshot (not for each of many hover hints of one screen). */
  async function walk(page: Page, screen: string, { screenshot = true } = {}): Promise<void> {
    screens.push(screen);
    if (screenshot) {
      shots += 1;
      await page.screenshot({ path: `${SCREENSHOT_DIR}/ru-walk-${String(shots).padStart(2, '0')}-${screen}.png`, fullPage: true });
    }
    const seen = await readScreen(page);
    for (const { text, where } of seen) {
      for (const word of withoutNames(text).match(LATIN_WORD) ?? []) {
        if (word.length < 2 || allowed.has(word)) continue;
        if (!leaks.some((leak) => leak.word === word && leak.text === text)) leaks.push({ screen, word, text, where });
      }
    }
  }

  /** Fails with one line per leak: the screen, the word, the whole text and the element. */
  function expectNoLeaks(): void {
    const report = leaks.map((leak) => `[${leak.screen}] “${leak.word}” in “${leak.text.slice(0, 160)}” (${leak.where})`);
    expect(report, `Latin-script words on the Russian screens ${screens.join(', ')}`).toEqual([]);
  }

  test('connect, import, every review tab, create, done, projects, sync and undo', async ({ page, host, files }) => {
    test.setTimeout(180_000);
    await page.goto(host.url);
    await page.getByTestId('language-ru').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Перенесите процесс из таблицы в Битрикс24');
    await walk(page, 'start');

    await page.getByTestId('portal-chip').click();
    await expect(page.getByTestId('connect-screen')).toBeVisible();
    await walk(page, 'connect-how-to');
    // A webhook on a port where nothing listens: the check says what went wrong.
    await page.getByTestId('webhook-input').fill('http://127.0.0.1:9/rest/1/abcdefghijkl/');
    await page.getByTestId('check-webhook').click();
    await expect(page.getByTestId('check-result').or(page.getByTestId('portal-error'))).toBeVisible({ timeout: 30_000 });
    await walk(page, 'connect-failed');
    await page.getByTestId('use-sandbox').click();
    await expect(page.getByTestId('check-result').last()).toContainText('Готово');
    await walk(page, 'connect-sandbox');
    await page.getByTestId('connect-continue').last().click();

    await page.getByTestId('file-input').setInputFiles(files.corruptXlsx!);
    await expect(page.getByTestId('read-error-message')).toBeVisible();
    await walk(page, 'error-corrupt-file');
    await page.getByTestId('file-input').setInputFiles(files.binaryCsv!);
    await expect(page.getByTestId('read-error-message')).toBeVisible();
    await walk(page, 'error-not-a-table');

    await page.getByTestId('file-input').setInputFiles(files.contractsXlsx!);
    await expect(page.getByTestId('row-count')).toHaveText('строк: 120');
    // Dates read as the Russian UI writes them, in the grid and in the preview.
    await expect(page.getByTestId('grid-row').first().getByRole('gridcell').nth(4)).toHaveText('01.01.2025');
    await walk(page, 'rows');
    await page.getByTestId('reader-notes-toggle').click();
    await expect(page.getByTestId('reader-notes')).toBeVisible();
    await page.getByTestId('column-header-cell').nth(3).hover();
    await expect(page.getByTestId('column-evidence')).toBeVisible();
    await walk(page, 'rows-notes-and-header-hint');
    await page.getByTestId('reader-notes-toggle').click();
    // Every column's hover hint says why inference read the column so, in Russian: the stage column also where its order came from.
    const headers = page.getByTestId('column-header-cell');
    for (let index = 0; index < (await headers.count()); index++) {
      await headers.nth(index).hover();
      const hint = page.getByTestId('column-evidence');
      await expect(hint).toBeVisible();
      await expect(hint.locator('li').first()).toHaveText(/[а-яё]/);
      await walk(page, `rows-header-hint-${index + 1}`, { screenshot: false });
    }
    await headers.filter({ hasText: 'Статус' }).hover();
    await expect(page.getByTestId('column-evidence')).toContainText('заголовок «Статус» называет стадию или статус');
    await expect(page.getByTestId('column-evidence')).toContainText('порядок');
    await walk(page, 'rows-stage-column-hint');
    for (const tab of ['fields', 'stages', 'lists', 'people', 'preview'] as const) {
      await page.getByTestId(`tab-${tab}`).click();
      await expect(page.getByTestId(`${tab}-panel`)).toBeVisible();
      if (tab === 'fields') {
        await expect(page.getByTestId('field-row').nth(4)).toContainText('01.01.2025 · 02.02.2025');
        // Each column's first reason shows beside its confidence, and all of them on hover (the title the walk reads).
        const evidence = page.getByTestId('field-evidence');
        await expect(evidence.first()).toHaveText(/^уверенность \d+% · [а-яё]/);
        for (const title of await evidence.evaluateAll((elements) => elements.map((element) => element.getAttribute('title') ?? ''))) expect(title).toMatch(/^[^A-Za-z]*[а-яё]/);
      }
      if (tab === 'preview') {
        await expect(page.getByTestId('preview-cell').filter({ hasText: /^1\s000\s₽$/ })).toHaveCount(1);
        await expect(page.getByTestId('preview-cell').filter({ hasText: '01.01.2025' })).toHaveCount(1);
      }
      await walk(page, `review-${tab}`);
    }
    await page.getByTestId('tab-create').click();
    await expect(page.getByTestId('create-title')).toHaveText('Смарт-процесс «Договоры»', { timeout: 30_000 });
    await walk(page, 'create-dry-run');
    await page.getByTestId('create-go').click();
    await expect(page.getByTestId('run-done')).toBeVisible({ timeout: 60_000 });
    await walk(page, 'done');

    await page.getByTestId('nav-projects').click();
    await expect(page.getByTestId('project-card')).toHaveCount(1);
    await walk(page, 'projects');
    await page.getByTestId('project-sync').click();
    await page.getByTestId('sync-file-input').setInputFiles(files.contractsNextWeekXlsx!);
    await expect(page.getByTestId('sync-preview')).toBeVisible({ timeout: 30_000 });
    await expect(page.locator('[data-testid="sync-changes"] li[data-action="update"]').first()).toContainText('строка 4');
    await walk(page, 'sync-preview');
    await page.getByTestId('sync-apply').click();
    await expect(page.getByTestId('sync-done')).toBeVisible({ timeout: 60_000 });
    await walk(page, 'sync-done');

    await page.getByTestId('project-undo').click();
    await expect(page.getByTestId('undo-preview')).toBeVisible({ timeout: 30_000 });
    await page.getByTestId('undo-confirm-check').check();
    await walk(page, 'undo-confirm');
    await page.getByTestId('undo-apply').click();
    await expect(page.getByTestId('undo-done')).toBeVisible({ timeout: 60_000 });
    await walk(page, 'undo-done');
    expectNoLeaks();
  });

  test('progress of a long run, the run paused, and resuming it once its sheet and then its project file are gone', async ({ page, host, files }) => {
    test.setTimeout(180_000);
    await openInRussianOnSandbox(page, host.url);
    await page.getByTestId('file-input').setInputFiles(files.requests20kCsv!);
    await expect(page.getByTestId('row-count')).toHaveText('строк: 20 000', { timeout: 30_000 });
    await walk(page, 'rows-large-csv');
    await chooseItemAsTitle(page);
    await page.getByTestId('tab-create').click();
    await expect(page.getByTestId('create-go')).toBeEnabled({ timeout: 60_000 });
    await walk(page, 'create-large-csv');
    await page.getByTestId('create-go').click();
    await expect(page.getByTestId('run-progress')).toHaveAttribute('data-phase', 'loading', { timeout: 60_000 });
    await expect(page.getByTestId('run-facts')).toBeVisible();
    await walk(page, 'progress');
    await page.getByTestId('run-cancel').click();
    await expect(page.getByTestId('run-stopped')).toBeVisible({ timeout: 60_000 });
    await walk(page, 'paused');

    // Two errors whose specifics only the core knows: the app's copy of the sheet is gone, then the project file.
    await page.getByTestId('nav-projects').click();
    await expect(page.getByTestId('project-card')).toHaveCount(1);
    await rm(join(host.dataDir, 'files'), { recursive: true, force: true });
    await page.getByTestId('project-resume').click();
    await expect(page.getByTestId('resume-error')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('resume-error')).toContainText(basename(files.requests20kCsv!));
    await walk(page, 'error-sheet-file-gone');
    const projects = join(host.dataDir, 'projects');
    for (const name of await readdir(projects)) if (name.endsWith('.spm.json')) await rm(join(projects, name));
    await page.getByTestId('project-resume').click();
    await expect(page.getByTestId('resume-error')).toContainText('Этого проекта больше нет в папке проектов приложения', { timeout: 30_000 });
    await walk(page, 'error-project-gone');
    expectNoLeaks();
  });

  test('a row that cannot be sent: Preview, the dry run and the outcome with failed rows', async ({ page, host, files }) => {
    test.setTimeout(120_000);
    await openInRussianOnSandbox(page, host.url);
    await page.getByTestId('file-input').setInputFiles(files.requestsWithBadRowCsv!);
    await expect(page.getByTestId('row-count')).toHaveText('строк: 40');
    await page.getByTestId('tab-preview').click();
    await page.getByTestId('problems-only').check();
    await walk(page, 'preview-problems');
    // With Item given a field of its own, no column is the items' title: the Fields tab asks for one before anything is created.
    await page.getByTestId('tab-fields').click();
    await page.getByTestId('field-row').nth(1).getByTestId('field-target').selectOption('custom');
    await expect(page.getByTestId('fields-title-missing')).toBeVisible();
    await walk(page, 'fields-title-missing');
    await chooseItemAsTitle(page);
    await page.getByTestId('tab-create').click();
    await expect(page.getByTestId('create-failing')).toContainText('1', { timeout: 30_000 });
    await walk(page, 'create-with-failing-row');
    await page.getByTestId('create-go').click();
    await expect(page.getByTestId('run-done')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('done-failed')).toContainText('1');
    await walk(page, 'done-with-failure');
    expectNoLeaks();
  });
});
