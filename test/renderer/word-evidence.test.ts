import { describe, expect, it } from 'vitest';
import { EVIDENCE_CODES, FUNNEL_NAMES } from '../../shared/sheet/inference/evidence';
import type { Evidence, EvidenceCode } from '../../shared/sheet/inference/types';
import { evidenceText } from '../../shared/sheet/inference/evidence-wording';
import { inferSchema } from '../../shared/sheet/inference/infer-schema';
import type { Cell, SheetTable } from '../../shared/sheet/spreadsheet/types';
import { dateFormatRu, evidenceRu, funnelRu, wordEvidence } from '../../renderer/src/i18n/word-evidence';

/** One example of every code, with the sheet's words in Cyrillic and Latin so quoting can be checked. */
const SAMPLES: { [Code in EvidenceCode]: Extract<Evidence, { code: Code }> } = {
  EMPTY_COLUMN: { code: 'EMPTY_COLUMN', params: {} },
  EXCEL_DATES: { code: 'EXCEL_DATES', params: { cells: 40, of: 40, withTime: 3 } },
  EXCEL_BOOLEANS: { code: 'EXCEL_BOOLEANS', params: { cells: 21, of: 21 } },
  EXCEL_DAY_SERIALS: { code: 'EXCEL_DAY_SERIALS', params: { header: 'Created' } },
  FLAG_ONE_ZERO: { code: 'FLAG_ONE_ZERO', params: { header: 'Paid' } },
  CURRENCY_FORMAT: { code: 'CURRENCY_FORMAT', params: { cells: 12, of: 12, currency: 'RUB' } },
  MONEY_HEADER_NUMBERS: { code: 'MONEY_HEADER_NUMBERS', params: { header: 'Budget' } },
  CODE_HEADER_NUMBERS: { code: 'CODE_HEADER_NUMBERS', params: { header: 'Zip code' } },
  EXCEL_NUMBERS: { code: 'EXCEL_NUMBERS', params: { cells: 30, of: 30, whole: true } },
  TEXT_FORMAT: { code: 'TEXT_FORMAT', params: {} },
  CHECKBOX: { code: 'CHECKBOX', params: { value: 'x', cells: 7, of: 7 } },
  BOOLEAN_PAIR: { code: 'BOOLEAN_PAIR', params: { yes: 'yes', no: 'no', cells: 20, of: 20 } },
  STAFF_EMAILS: { code: 'STAFF_EMAILS', params: { cells: 9, of: 10, header: 'Owner' } },
  EMAILS: { code: 'EMAILS', params: { cells: 10, of: 10 } },
  LINKS: { code: 'LINKS', params: { cells: 10, of: 10, excelLinks: 4 } },
  PHONES: { code: 'PHONES', params: { cells: 10, of: 10, header: 'Phone' } },
  AMBIGUOUS_DAY_MONTH: { code: 'AMBIGUOUS_DAY_MONTH', params: {} },
  TEXT_DATES: { code: 'TEXT_DATES', params: { cells: 20, of: 20, format: 'dd.mm.yyyy hh:mm' } },
  CODE_HEADER_TEXT: { code: 'CODE_HEADER_TEXT', params: { header: 'Postcode' } },
  IDENTIFIERS: { code: 'IDENTIFIERS', params: { cells: 5, of: 30 } },
  AMOUNTS: { code: 'AMOUNTS', params: { cells: 30, of: 30, marked: 12 } },
  MONEY_HEADER_TEXT_NUMBERS: { code: 'MONEY_HEADER_TEXT_NUMBERS', params: { cells: 30, of: 30, header: 'Amount' } },
  TEXT_NUMBERS: { code: 'TEXT_NUMBERS', params: { cells: 30, of: 30, kind: 'comma' } },
  LISTS_IN_CELLS: { code: 'LISTS_IN_CELLS', params: { cells: 14, distinct: 5 } },
  PEOPLE_STAFF_HEADER: { code: 'PEOPLE_STAFF_HEADER', params: { cells: 20, of: 20, header: 'Manager' } },
  PEOPLE_REPEATED: { code: 'PEOPLE_REPEATED', params: { cells: 20, of: 20, distinct: 3 } },
  VALIDATION_LIST: { code: 'VALIDATION_LIST', params: { size: 5, cells: 60, of: 60 } },
  FEW_DISTINCT: { code: 'FEW_DISTINCT', params: { distinct: 6, filled: 45 } },
  LONG_TEXT: { code: 'LONG_TEXT', params: { average: 140 } },
  SHORT_TEXT: { code: 'SHORT_TEXT', params: { distinct: 45, filled: 45, average: 21 } },
  SOME_DO_NOT_FIT: { code: 'SOME_DO_NOT_FIT', params: { fit: 39, filled: 40, misfits: 1 } },
  STAGE_MAKES_LIST: { code: 'STAGE_MAKES_LIST', params: {} },
  TITLE_MAKES_TEXT: { code: 'TITLE_MAKES_TEXT', params: {} },
  KEY_NATURAL: { code: 'KEY_NATURAL', params: { kind: 'email' } },
  KEY_UNIQUE_HEADER: { code: 'KEY_UNIQUE_HEADER', params: { header: 'Request ID' } },
  KEY_UNIQUE_SHAPE: { code: 'KEY_UNIQUE_SHAPE', params: {} },
  KEY_HEADER: { code: 'KEY_HEADER', params: { header: 'Request ID' } },
  ROLE_ASSIGNEE: { code: 'ROLE_ASSIGNEE', params: {} },
  ROLE_COMPANY_HEADER: { code: 'ROLE_COMPANY_HEADER', params: { header: 'Vendor' } },
  ROLE_COMPANY_SHAPE: { code: 'ROLE_COMPANY_SHAPE', params: {} },
  ROLE_CONTACT_HEADER: { code: 'ROLE_CONTACT_HEADER', params: { header: 'Contact' } },
  ROLE_CONTACT_PERSON: { code: 'ROLE_CONTACT_PERSON', params: { header: 'Client' } },
  ROLE_AMOUNT: { code: 'ROLE_AMOUNT', params: {} },
  ROLE_DUE_DATE: { code: 'ROLE_DUE_DATE', params: { header: 'Deadline' } },
  ROLE_START_DATE: { code: 'ROLE_START_DATE', params: { header: 'Created' } },
  ROLE_TITLE_HEADER: { code: 'ROLE_TITLE_HEADER', params: { header: 'Subject' } },
  ROLE_TITLE_SHAPE: { code: 'ROLE_TITLE_SHAPE', params: {} },
  STAGE_HEADER: { code: 'STAGE_HEADER', params: { header: 'Status' } },
  STAGE_WORDS: { code: 'STAGE_WORDS', params: { known: 4, of: 6 } },
  STAGE_DISTINCT: { code: 'STAGE_DISTINCT', params: { distinct: 6 } },
  STAGE_ALL_FILLED: { code: 'STAGE_ALL_FILLED', params: {} },
  STAGE_DROPDOWN: { code: 'STAGE_DROPDOWN', params: {} },
  STAGE_EXPLAINS: { code: 'STAGE_EXPLAINS', params: { header: 'Closed on' } },
  ORDER_DROPDOWN: { code: 'ORDER_DROPDOWN', params: { values: ['Prospect', 'Won', 'Lost'] } },
  ORDER_LOOKUP_SHEET: { code: 'ORDER_LOOKUP_SHEET', params: { sheet: 'Lists' } },
  ORDER_FUNNEL: { code: 'ORDER_FUNNEL', params: { funnel: 'service desk' } },
  ORDER_VOCABULARY: { code: 'ORDER_VOCABULARY', params: {} },
  ORDER_VOCABULARY_DATES: { code: 'ORDER_VOCABULARY_DATES', params: { header: 'Created' } },
  ORDER_DATES: { code: 'ORDER_DATES', params: { header: 'Created' } },
  ORDER_VOCABULARY_APPEARANCE: { code: 'ORDER_VOCABULARY_APPEARANCE', params: {} },
  ORDER_APPEARANCE: { code: 'ORDER_APPEARANCE', params: {} },
};

/** Latin words a Russian reason may hold besides the sheet's own words in «»: the program and the e-mail. */
const ALLOWED_LATIN = new Set(['Excel', 'e', 'mail']);
const latinWords = (text: string): string[] => (text.replace(/«[^»]*»/g, '').match(/[A-Za-z]+/g) ?? []).filter((word) => !ALLOWED_LATIN.has(word));

function table(headers: string[], rows: Cell[][]): SheetTable {
  return { name: 'S', headerRow: 1, headers, columnNumbers: headers.map((_, i) => i + 1), rows, rowNumbers: rows.map((_, i) => i + 2), validations: [], warnings: [] };
}
const times = <T>(count: number, make: (i: number) => T): T[] => Array.from({ length: count }, (_, i) => make(i));

describe('every evidence code has a wording in each language', () => {
  it('the list of codes and the samples agree', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...EVIDENCE_CODES].sort());
    expect(EVIDENCE_CODES.length).toBe(61);
  });

  it.each(EVIDENCE_CODES.map((code) => [code]))('%s', (code) => {
    const sample = SAMPLES[code];
    const en = evidenceText(sample);
    const ru = evidenceRu(sample);
    for (const text of [en, ru]) {
      expect(text.trim()).not.toBe('');
      expect(text).not.toMatch(/undefined|NaN|\[object|\{\w+\}/);
    }
    expect(wordEvidence('en', sample)).toBe(en);
    expect(wordEvidence('ru', sample)).toBe(ru);
    // Russian: Cyrillic words, the sheet's own words kept as data in «», never in English quotes.
    expect(ru).toMatch(/[а-яё]/);
    expect(latinWords(ru)).toEqual([]);
    expect(ru).not.toMatch(/[“”]/);
    // Every header, value or sheet name of the facts appears verbatim in both languages.
    const words = Object.values(sample.params).flatMap((value) => (typeof value === 'string' && /[A-Za-z]{3}/.test(value) && value !== 'RUB' && !['email', 'service desk', 'comma', 'dd.mm.yyyy hh:mm'].includes(value) ? [value] : Array.isArray(value) ? value : []));
    for (const word of words) {
      expect(en).toContain(`${word}`);
      expect(ru).toContain(`«${word}»`);
    }
  });

  it('every typical pipeline has a Russian name', () => {
    for (const funnel of FUNNEL_NAMES) expect(funnelRu(funnel), funnel).toMatch(/^[а-яё ]+$/);
  });

  it('date layouts read in Russian letters', () => {
    expect(dateFormatRu('dd.mm.yyyy')).toBe('дд.мм.гггг');
    expect(dateFormatRu('mm/dd/yy hh:mm:ss')).toBe('мм/дд/гг чч:мм:сс');
    expect(dateFormatRu('d mmmm yyyy')).toBe('д месяц словом гггг');
    expect(dateFormatRu('dmy')).toBe('день, месяц, год');
  });
});

describe('inference gives codes and facts, worded as before in English', () => {
  const stages = ['Новая', 'В работе', 'Согласование', 'Подписан', 'Отклонён'];
  const schema = inferSchema(
    table(
      ['№', 'Дата', 'Сумма, руб.', 'Статус', 'Ответственный'],
      times(30, (i): Cell[] => [`Д-${String(i + 1).padStart(4, '0')}`, `${String((i % 28) + 1).padStart(2, '0')}.0${(i % 9) + 1}.2024`, `${1000 + i * 10},50`, stages[i % 5]!, ['Иванов И.И.', 'Петрова А.С.', 'Сидоров К.В.'][i % 3]!]),
    ),
    { locale: 'ru' },
  );
  const of = (header: string): Evidence[] => schema.columns.find((column) => column.header === header)!.evidence;

  it('the type and role of each column', () => {
    expect(of('Дата')).toContainEqual({ code: 'TEXT_DATES', params: { cells: 30, of: 30, format: 'dd.mm.yyyy' } });
    expect(of('Сумма, руб.').map((e) => e.code)).toEqual(['MONEY_HEADER_TEXT_NUMBERS', 'ROLE_AMOUNT']);
    expect(of('Ответственный')).toEqual([
      { code: 'PEOPLE_STAFF_HEADER', params: { cells: 30, of: 30, header: 'Ответственный' } },
      { code: 'ROLE_ASSIGNEE', params: {} },
    ]);
    expect(evidenceText(of('Дата')[0]!)).toBe('30 of 30 values read as dates (dd.mm.yyyy)');
    expect(evidenceRu(of('Дата')[0]!)).toBe('30 из 30 значений читаются как даты (дд.мм.гггг)');
    expect(evidenceText(of('Ответственный')[0]!)).toBe('30 of 30 values look like people\'s names and the header “Ответственный” names a person in charge');
    expect(evidenceRu(of('Ответственный')[0]!)).toBe('30 из 30 значений похожи на имена людей, и заголовок «Ответственный» называет ответственного');
    expect(of('№').map((e) => evidenceRu(e))).toContain('значения не повторяются, и заголовок «№» называет номер или код');
  });

  it('why the stage column is the stage column, and where its order came from', () => {
    const stage = of('Статус');
    expect(stage.map((e) => e.code)).toEqual(['FEW_DISTINCT', 'STAGE_HEADER', 'STAGE_WORDS', 'STAGE_DISTINCT', 'STAGE_ALL_FILLED', schema.stage!.evidence.at(-1)!.code]);
    expect(schema.stage!.evidence.at(-1)!.code).toMatch(/^ORDER_/);
    expect(stage.map((e) => evidenceText(e)).slice(0, 5)).toEqual([
      '5 distinct values among 30 filled cells',
      'the header “Статус” names a stage or status',
      '5 of 5 values are known stage words',
      '5 distinct values',
      'every row has a value',
    ]);
    expect(stage.map((e) => evidenceRu(e)).slice(0, 5)).toEqual([
      'различных значений 5 на 30 заполненных ячеек',
      'заголовок «Статус» называет стадию или статус',
      '5 из 5 значений — известные названия стадий',
      'различных значений: 5',
      'значение есть в каждой строке',
    ]);
  });

  it('Russian counts agree with their nouns', () => {
    expect(evidenceRu({ code: 'EXCEL_NUMBERS', params: { cells: 1, of: 21, whole: false } })).toBe('в 1 из 21 ячейки числа Excel');
    expect(evidenceRu({ code: 'LISTS_IN_CELLS', params: { cells: 1, distinct: 2 } })).toMatch(/^в 1 ячейке списки/);
    expect(evidenceRu({ code: 'FEW_DISTINCT', params: { distinct: 3, filled: 22 } })).toBe('различных значений 3 на 22 заполненные ячейки');
    expect(evidenceRu({ code: 'SHORT_TEXT', params: { distinct: 1200, filled: 1500, average: 1 } })).toBe('различных значений 1\u00a0200 из 1\u00a0500, в среднем 1 символ');
  });
});
