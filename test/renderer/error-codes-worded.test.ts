import { describe, expect, it } from 'vitest';
import { type AppError, ERROR_CODES, toWireError, type ErrorCode, type WireError } from '../../shared/base/errors/errors';
import { READ_LIMITS, cellTooLong, limitExceeded, rowAfterLongGap, tooManyColumns, type ReadLimitName } from '../../shared/sheet/spreadsheet/read-limits';
import { readWorkbook } from '../../shared/sheet/spreadsheet/read-workbook';
import type { Mapping } from '../../shared/sheet/mapping/types';
import { rowKeys } from '../../shared/sheet/plan/prepare-rows';
import { table } from '../sheet/plan/table';
import { errorText } from '../../renderer/src/i18n/translate';
import { ruErrors, ruErrorVariants } from '../../renderer/src/i18n/messages-ru';
import { planStages } from '../../shared/sheet/plan/plan-stages';
import { bitrixErrorFromAnswer } from '../../shared/portal/bitrix/bitrix-error';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Every .ts file under `dir`, the sandbox left out (its errors are the portal's, not the app's). */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'sandbox' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** A wire error of `code` as the core sends it: an English message and hint, a place, no Russian anywhere. */
function wire(code: ErrorCode, extra: Partial<WireError> = {}): WireError {
  return { code, message: `English text of ${code}.`, hint: 'An English hint.', where: { file: 'Договоры.xlsx', sheet: 'Лист1', row: 4, column: 'Сумма' }, ...extra };
}

const LATIN_WORD = /[A-Za-z]{3,}/g;
/** Latin words a Russian error may hold: names people see on the portal and in file dialogs. */
const ALLOWED = new Set(['https', 'http', 'bitrix', 'rest', 'xxxxxxxx', 'xlsx', 'Excel', 'LibreOffice', 'Calc', 'CSV', 'UTF', 'CRM', 'crm', 'userfieldconfig', 'user', 'user_basic', 'user_brief', 'basic', 'brief', 'bizproc', 'REST', 'API', 'xls', 'ods', 'csv', 'Word', 'docx', 'doc', 'ppt', 'pptx', 'PowerPoint', 'OpenDocument', 'zip', 'Apple', 'Numbers', 'numbers', 'xlsHtml', 'XML']);

async function readError(bytes: Uint8Array, name: string): Promise<WireError> {
  try {
    await readWorkbook(bytes, name, { signal: new AbortController().signal, onProgress: () => undefined });
  } catch (error) {
    return toWireError(error, 'app');
  }
  throw new Error(`${name} was read`);
}

describe('every error code the core defines has a text in each UI language', () => {
  it.each(ERROR_CODES.map((code) => [code]))('%s', (code) => {
    const entry = ruErrors[code];
    expect(entry, `ruErrors lacks ${code}`).toBeDefined();
    expect(entry!.message.trim()).not.toBe('');
    expect(entry!.hint.trim()).not.toBe('');
    // English: the core's own text, which every code carries across the wire.
    expect(errorText('en', wire(code))).toEqual({ message: `English text of ${code}.`, hint: 'An English hint.' });
    const ru = errorText('ru', wire(code));
    expect(ru.message).not.toMatch(/English/);
    expect(ru.message).not.toMatch(/\{\w+\}/);
    expect(ru.hint ?? '').not.toMatch(/\{\w+\}/);
    // What the core alone knows (its English line) is shown labelled as such, never passed off as Russian.
    const coreWords = ru.hint?.match(/Текст ошибки от ядра приложения \(на английском\): (.*)$/)?.[1];
    if (coreWords !== undefined) expect(coreWords).toBe(`English text of ${code}.`);
    const stray = [...`${ru.message} ${(ru.hint ?? '').replace(/Текст ошибки от ядра приложения \(на английском\): .*$/, '')}`.replace(/«[^»]*»/g, '').matchAll(LATIN_WORD)].map((m) => m[0]).filter((word) => !ALLOWED.has(word));
    expect(stray).toEqual([]);
  });

  it('no Russian text is keyed by a code the core does not define, other than the connection check’s problems', () => {
    const CHECK_PROBLEMS = ['UNREACHABLE', 'REJECTED', 'NOT_A_WEBHOOK', 'INSECURE_URL', 'NOT_ADMIN', 'USER_BRIEF_ONLY', 'NO_ACCESS', 'PLAN_NO_REST', 'REST_BLOCKED', 'MISSING_SCOPE'];
    const known = new Set<string>([...ERROR_CODES, ...CHECK_PROBLEMS]);
    expect(Object.keys(ruErrors).filter((code) => !known.has(code))).toEqual([]);
  });
});

describe('Russian error texts say what, where and what to do, with the facts filled in', () => {
  it('a csv quote that never closes names the file and the line', async () => {
    const error = await readError(new TextEncoder().encode('Имя;Сумма\n"Иванов;100\nПетров;200\n'), 'заявки.csv');
    expect(error).toMatchObject({ code: 'CSV_UNCLOSED_QUOTE', params: { line: '2' } });
    const ru = errorText('ru', error);
    expect(ru.message).toBe('В «заявки.csv» кавычка, открытая в строке 2, нигде не закрывается, поэтому все следующие строки попали бы в одну ячейку.');
    expect(ru.hint).toContain('в строке 2');
  });

  it('each read limit has its own text with the cell, row, sheet, part and sizes', () => {
    const ru = (error: AppError) => errorText('ru', toWireError(error, 'app'));
    expect(ru(cellTooLong(40_000, 'B12', 'Реестр', 'a.xlsx')).message).toBe('В ячейке B12 на листе «Реестр» файла «a.xlsx» 40\u00a0000 символов, а в ячейке может быть не больше 32\u00a0767.');
    expect(ru(tooManyColumns(2_000, 3, 'Реестр', 'a.xlsx')).message).toBe('В файле «a.xlsx» (лист «Реестр», строка 3, столбец «BXX») занято столбцов: 2\u00a0000; приложение читает не больше 1\u00a0024.');
    expect(ru(rowAfterLongGap(900_000, 12, 'Реестр', 'a.xlsx')).message).toBe('На листе «Реестр» файла «a.xlsx» строка 900000 заполнена после 899\u00a0987 пустых строк — это далеко за концом таблицы.');
    const part = ru(limitExceeded('partBytes', 'x', 'y', { file: 'bomb.xlsx' }, 600 * 1024 * 1024, 'xl/worksheets/sheet1.xml'));
    expect(part.message).toBe('Файл «bomb.xlsx» нельзя прочитать безопасно: его часть xl/worksheets/sheet1.xml распаковывается в 600,0 МБ, больше предела 512,0 МБ.');
    const texts = new Set<string>();
    for (const limit of Object.keys(READ_LIMITS).filter((name) => name !== 'ratioFloorBytes') as ReadLimitName[]) {
      const text = ru(limitExceeded(limit, 'English.', 'English hint.', { file: 'f.xlsx', sheet: 'S', row: 2, column: 'C' }, 5, 'part.xml'));
      expect(text.message, limit).not.toMatch(/English|\{/);
      texts.add(text.message);
    }
    expect(texts.size).toBe(Object.keys(READ_LIMITS).length - 1);
  });

  it('a row key that repeats or is empty names the key column, the rows and the tab to fix it on', () => {
    const mapping = { key: { kind: 'column', columns: ['№'] } } as unknown as Mapping;
    const keyError = (rows: string[]): WireError => {
      try {
        rowKeys(table(['№', 'Тема'], rows.map((key) => [key, 'x'])), mapping);
      } catch (error) {
        return toWireError(error, 'app');
      }
      throw new Error('the keys were accepted');
    };
    expect(errorText('ru', keyError(['A', 'B', 'A', '', 'A'])).message).toBe('Ключ строки «№» должен быть заполнен и не повторяться, а он не заполнен (строки: 5) и повторяется: «A» (2, 4, 6) (в скобках — номера строк).');
    expect(errorText('ru', keyError(['A', 'A'])).message).toBe('Ключ строки «№» должен быть заполнен и не повторяться, а он повторяется: «A» (2, 3) (в скобках — номера строк).');
    expect(errorText('ru', keyError(['A', ''])).hint).toContain('на вкладке «Поля»');
    expect(errorText('en', keyError(['A', 'A'])).message).toMatch(/must be unique and filled; it is repeated: “A” \(rows 2, 3\)/);
  });

  it('every variant of a code has a Russian message and hint with no English left', () => {
    for (const [code, variants] of Object.entries(ruErrorVariants)) {
      expect(ERROR_CODES as readonly string[]).toContain(code);
      for (const [value, text] of Object.entries(variants)) {
        expect(text.message.trim(), `${code}.${value}`).not.toBe('');
        expect(text.hint.trim(), `${code}.${value}`).not.toBe('');
        const latin = [...`${text.message} ${text.hint}`.replace(/\{\w+\}/g, '').replace(/«[^»]*»/g, '').matchAll(LATIN_WORD)].map((m) => m[0]).filter((word) => !ALLOWED.has(word));
        expect(latin, `${code}.${value}`).toEqual([]);
      }
    }
  });

  it('a stage whose kind the portal cannot change names both stages and the tab to fix it on', () => {
    const existing = [{ id: 1, statusId: 'DT1_0:NEW', code: 'NEW', name: 'Start', sort: 10, semantics: 'success' as const, color: '#fff', system: true }];
    let wire: WireError | undefined;
    try {
      planStages([{ code: 'NEW', name: 'Новая', semantics: 'process', color: '#39A8EF', values: ['Новая'] }], existing, true);
    } catch (error) {
      wire = toWireError(error, 'app');
    }
    const ru = errorText('ru', wire!);
    expect(ru.message).toBe('Стадия «Новая» попадает на стадию портала «Start» другого вида (в работе, успех или провал), а портал не меняет вид стадии.');
    expect(ru.hint).toContain('на вкладке «Стадии»');
  });

  it('a header without data rows names the sheet, the file and the header row', () => {
    const ru = errorText('ru', { code: 'SHEET_NO_DATA', message: 'x', where: { file: 'a.xlsx', sheet: 'Договоры', row: 3 } });
    expect(ru.message).toBe('На листе «Договоры» файла «a.xlsx» есть заголовок в строке 3, но под ним нет ни одной строки данных: переносить нечего.');
  });

  it('a too large file says its size and the cap in Russian units', () => {
    const ru = errorText('ru', { code: 'FILE_TOO_LARGE', message: 'x', where: { file: 'big.xls' }, params: { size: String(70 * 1024 * 1024), max: String(64 * 1024 * 1024), legacy: 'legacy' } });
    expect(ru.message).toBe('Файл «big.xls» занимает 70,0 МБ; файлы этого формата приложение читает только до 64,0 МБ.');
  });

  it('a portal refusal names the method and quotes the portal’s own words and code as the portal’s', () => {
    const refusal = toWireError(bitrixErrorFromAnswer({ error: 'CRM_FIELD_ERROR_VALUE_NOT_VALID', error_description: 'Invalid value for field "Сумма"' }, 400, 'crm.item.add'), 'app');
    expect(refusal.params).toEqual({ portalCode: 'CRM_FIELD_ERROR_VALUE_NOT_VALID', portalText: 'Invalid value for field "Сумма"' });
    const ru = errorText('ru', refusal);
    expect(ru.message).toBe('Портал не принял значение (столбец «Сумма», метод crm.item.add).');
    expect(ru.hint).toBe('Исправьте значение в таблице (или в настройках полей) и запустите снова; остальные строки это не затрагивает. Портал ответил: «Invalid value for field "Сумма"» (код CRM_FIELD_ERROR_VALUE_NOT_VALID).');
    // English: the core's line, as the command line prints it.
    expect(errorText('en', refusal).message).toBe('crm.item.add: Invalid value for field "Сумма" (CRM_FIELD_ERROR_VALUE_NOT_VALID)');
    const bare = errorText('ru', toWireError(bitrixErrorFromAnswer({ error: 'ERROR_CORE' }, 500, 'crm.type.add'), 'app'));
    expect(bare.hint).toMatch(/Портал ответил кодом ERROR_CORE без пояснений\.$/);
    const silent = errorText('ru', toWireError(bitrixErrorFromAnswer({}, 502, 'crm.type.add'), 'app'));
    expect(silent.hint).toMatch(/Портал ответил кодом HTTP_502 без пояснений\.$/);
  });

  it('a connection check that met an odd answer says which portal, in Russian', () => {
    const ru = errorText('ru', { code: 'PORTAL_ERROR', message: 'https://a.bitrix24.ru answered with an error: unexpected answer.', params: { reason: 'unexpectedAnswer' } }, { origin: 'https://a.bitrix24.ru' });
    expect(ru.message).toBe('https://a.bitrix24.ru ответил не так, как отвечает портал Битрикс24.');
  });

  it('every reason the core gives an error has a Russian text of its own', () => {
    const reasons = new Map<string, string>();
    for (const file of sourceFiles(fileURLToPath(new URL('../../shared/', import.meta.url)))) {
      // A types file declares reasons of warnings (worded elsewhere), not of errors.
      if (file.endsWith('types.ts')) continue;
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/params: \{ reason: ([^,}]+)/g)) {
        // Only an error's reason: the statement the params sit in raises an error (a warning's reasons are worded elsewhere).
        const before = text.slice(0, match.index);
        const opened = Math.max(before.lastIndexOf('Error('), before.lastIndexOf('error: { code:'));
        if (opened < 0 || before.slice(opened).includes(';\n')) continue;
        // Reasons are camelCase words (`projectGone`); other literals in the expression (`'delete'`) are compared values.
        for (const word of match[1]!.matchAll(/'([a-z]+[A-Z]\w*)'/g)) reasons.set(word[1]!, file);
      }
    }
    expect(reasons.size).toBeGreaterThan(40);
    const worded = new Set(Object.values(ruErrorVariants).flatMap((variants) => Object.keys(variants)));
    expect([...reasons].filter(([reason]) => !worded.has(reason)).map(([reason, file]) => `${reason} (${file})`)).toEqual([]);
  });

  it('an app error the core words with a reason reads in Russian with its facts, no English', () => {
    const texts = [
      errorText('ru', { code: 'NOT_FOUND', message: 'This project is no longer in the app’s projects folder.', params: { reason: 'projectGone' } }),
      errorText('ru', { code: 'INVALID_INPUT', message: 'The migration of project /p.spm.json was undone: …', where: { file: '/p.spm.json' }, params: { reason: 'syncAfterUndo' } }),
      errorText('ru', { code: 'PORTAL_ERROR', message: 'The portal did not create this row after 3 attempts and it is not there.', where: { method: 'crm.item.batchImport' }, params: { reason: 'rowNotCreated', attempts: '3' } }),
      errorText('ru', { code: 'INVALID_INPUT', message: 'The funnel column “Регион” is empty.', where: { column: 'Регион' }, params: { reason: 'funnelColumnEmpty' } }),
    ];
    expect(texts.map((text) => text.message)).toEqual([
      'Этого проекта больше нет в папке проектов приложения: его файл удалён или перемещён.',
      'Перенос этого проекта отменён: синхронизация вернула бы на портал то, что удалила отмена.',
      'Портал не создал строку (попыток: 3), и её нет на портале (метод crm.item.batchImport).',
      'Столбец воронок «Регион» пуст.',
    ]);
    for (const text of texts) expect(`${text.message} ${text.hint}`).not.toMatch(/English|The |\{\w+\}/);
  });
});
