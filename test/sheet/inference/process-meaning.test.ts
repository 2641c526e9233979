import { describe, expect, it } from 'vitest';
import { inferSchema } from '../../../shared/sheet/inference/infer-schema';
import { stageWord } from '../../../shared/sheet/inference/vocabulary';
import { normalizeText } from '../../../shared/sheet/inference/normalize-text';
import type { Cell, SheetTable } from '../../../shared/sheet/spreadsheet/types';

function table(headers: string[], rows: Cell[][]): SheetTable {
  return { name: 'S', headerRow: 1, headers, columnNumbers: headers.map((_, i) => i + 1), rows, rowNumbers: rows.map((_, i) => i + 2), validations: [], warnings: [] };
}
const times = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
const iso = (i: number): string => new Date(Date.UTC(2025, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
const stagesOf = (schema: ReturnType<typeof inferSchema>): string[] => schema.stage!.stages.map((s) => `${s.name}:${s.semantics}`);
const column = (schema: ReturnType<typeof inferSchema>, header: string) => schema.columns.find((c) => c.header === header)!;
const word = (text: string) => stageWord(normalizeText(text));

describe('stage words: forms and outcomes', () => {
  it('meets gender, number and ё forms of an outcome', () => {
    for (const form of ['Выполнен', 'Выполнена', 'Выполнено', 'Выполнены', 'Доставлен', 'Договор заключён', 'Исполнено']) expect(word(form)?.semantics, form).toBe('success');
    for (const form of ['Утерян', 'Списан', 'Списана', 'Не прошёл', 'Не прошла', "Won't fix", 'Unqualified', 'Withdrew']) expect(word(form)?.semantics, form).toBe('failure');
  });

  it('keeps a milestone “done” word in progress when a stronger outcome is in the column, and lets it end the process alone', () => {
    const values = ['Проект', 'Действует', 'Исполнен', 'Расторгнут'];
    const withFinal = inferSchema(table(['Статус'], times(40, (i) => [values[i % 4]!])));
    expect(stagesOf(withFinal)).toEqual(['Проект:process', 'Действует:process', 'Исполнен:success', 'Расторгнут:failure']);
    const alone = inferSchema(table(['Статус'], times(30, (i) => [['Проект', 'Действует', 'Расторгнут'][i % 3]!])));
    expect(stagesOf(alone)).toEqual(['Проект:process', 'Действует:success', 'Расторгнут:failure']);
  });

  it('reads “Принято” as the start of a repair, and as the outcome of an application', () => {
    const repair = inferSchema(table(['Стадия'], times(40, (i) => [['Принято', 'Диагностика', 'Ремонт', 'Выдано'][i % 4]!])));
    expect(stagesOf(repair)).toEqual(['Принято:process', 'Диагностика:process', 'Ремонт:process', 'Выдано:success']);
    const application = inferSchema(table(['Статус'], times(30, (i) => [['Новое', 'На рассмотрении', 'Принято', 'Отклонено'][i % 4]!])));
    expect(stagesOf(application)).toEqual(['Новое:process', 'На рассмотрении:process', 'Принято:success', 'Отклонено:failure']);
    const grant = inferSchema(table(['Status'], times(40, (i) => [['Accepted', 'Submitted', 'Funded', 'Rejected'][i % 4]!])));
    expect(stagesOf(grant)).toEqual(['Submitted:process', 'Accepted:process', 'Funded:success', 'Rejected:failure']);
  });
});

describe('stage meaning: the outcome of a typical pipeline', () => {
  it('ends a handover with the return, so issuing is a step on the way, while a return still ends an order badly', () => {
    const handover = inferSchema(table(['Статус'], times(40, (i) => [['Бронь', 'Выдана', 'Продлена', 'Возвращена', 'Отменена'][i % 5]!])));
    expect(stagesOf(handover)).toEqual(['Бронь:process', 'Выдана:process', 'Продлена:process', 'Возвращена:success', 'Отменена:failure']);
    const rental = inferSchema(table(['Status'], times(40, (i) => [['Booked', 'Checked out', 'Extended', 'Returned'][i % 4]!])));
    expect(stagesOf(rental)).toEqual(['Booked:process', 'Checked out:process', 'Extended:process', 'Returned:success']);
    const orders = inferSchema(table(['Status'], times(40, (i) => [['New', 'Shipped', 'Delivered', 'Returned'][i % 4]!])));
    expect(stagesOf(orders)).toEqual(['New:process', 'Shipped:process', 'Delivered:success', 'Returned:failure']);
  });

  it('reads a payout as the end of a claim, and payment as the end of an invoice that was received first', () => {
    const claims = inferSchema(table(['Статус'], times(30, (i) => [['Заявлено', 'Осмотр', 'Выплачено', 'Отказано'][i % 4]!])));
    expect(stagesOf(claims).filter((s) => !s.endsWith(':process'))).toEqual(['Выплачено:success', 'Отказано:failure']);
    const invoices = inferSchema(table(['Статус'], times(40, (i) => [['Оплачен', 'К оплате', 'Получен', 'Согласован', 'На согласовании'][i % 5]!])));
    expect(stagesOf(invoices)).toEqual(['Получен:process', 'На согласовании:process', 'Согласован:process', 'К оплате:process', 'Оплачен:success']);
  });

  it('orders an event from announcement through registration to the day it is held', () => {
    const webinars = inferSchema(table(['Status'], times(42, (i) => [['Registration open', 'Draft', 'Live', 'Announced', 'Done', 'Rehearsal', 'Cancelled'][i % 7]!])));
    expect(stagesOf(webinars)).toEqual(['Draft:process', 'Announced:process', 'Registration open:process', 'Rehearsal:process', 'Live:process', 'Done:success', 'Cancelled:failure']);
  });
});

describe('row key: counts are not identifiers', () => {
  it('never keys rows by a unique count such as registrations or participants', () => {
    const schema = inferSchema(table(['Webinar', 'Registrations', 'Участников'], times(40, (i) => [`Webinar part ${i + 1}`, 40 + ((i * 37) % 300), 100 + i])));
    expect(column(schema, 'Registrations').role).toBeNull();
    expect(column(schema, 'Участников').role).toBeNull();
    const serial = inferSchema(table(['Заявка', 'Тема'], times(40, (i) => [3100 + i, `Тема обращения ${i + 1}`])));
    expect(column(serial, 'Заявка').role).toBe('key');
  });
});

describe('stage order: unknown in-progress values', () => {
  // Rows oldest first: old items have moved further, so a newer median date means an earlier stage.
  const flow = ['Applied', 'Culture chat', 'Panel', 'Offer'];
  const rows = times(60, (i): Cell[] => {
    const age = 1 - i / 60;
    const stage = age > 0.8 ? (i % 3 === 0 ? 'Rejected' : 'Hired') : flow[Math.min(3, Math.floor(age * 5))]!;
    return [`Candidate ${i}`, iso(i), stage];
  });

  it('places them among the known ones by the median date of their rows', () => {
    const schema = inferSchema(table(['Candidate', 'Created', 'Stage'], rows));
    expect(stagesOf(schema)).toEqual(['Applied:process', 'Culture chat:process', 'Panel:process', 'Offer:process', 'Hired:success', 'Rejected:failure']);
    expect(schema.stage!.evidence).toContainEqual({ code: 'ORDER_VOCABULARY_DATES', params: { header: 'Created' } });
  });

  it('does not trust dates that do not follow the stages (values assigned regardless of age)', () => {
    const shuffled = rows.map((row, i): Cell[] => [row[0]!, iso((i * 37) % 60), row[2]!]);
    const schema = inferSchema(table(['Candidate', 'Created', 'Stage'], shuffled));
    expect(schema.stage!.evidence.map((evidence) => evidence.code)).not.toContain('ORDER_VOCABULARY_DATES');
    expect(schema.stage!.evidence.map((evidence) => evidence.code)).not.toContain('ORDER_DATES');
  });

  it('does not take a summary sheet of counts per status for the list of stages in order', () => {
    const values = ['New', 'Open', 'Pending', 'Done'];
    const data = table(['Stage', 'Title'], times(40, (i) => [values[i % 4]!, `Item ${i}`]));
    const summary = { name: 'Summary', headers: ['Stage', 'Items'], rows: [['Done', 14], ['New', 10], ['Pending', 9], ['Open', 7], ['Total', 40]] as Cell[][] };
    const listed = { name: 'Lists', headers: ['Stage', 'Order'], rows: [['Done', 1], ['New', 2], ['Pending', 3], ['Open', 4]] as Cell[][] };
    expect(inferSchema(data, { lookups: [summary] }).stage!.orderedBy).not.toBe('lookup-sheet');
    // A list with an explicit running order is a real list, however odd its order.
    expect(inferSchema(data, { lookups: [listed] }).stage!.orderedBy).toBe('lookup-sheet');
  });

  it('sends blank stage cells to the first in-progress stage, never to a done one', () => {
    const schema = inferSchema(table(['Статус'], times(30, (i): Cell[] => [i % 5 === 0 ? null : ['Новая', 'В работе', 'Выполнена'][i % 3]!])));
    const blanks = schema.warnings.find((w) => w.code === 'STAGE_BLANKS')!;
    expect(blanks.message).toContain('first in-progress stage “Новая”');
  });
});

describe('column types and roles', () => {
  it('reads checkbox columns (one mark, the rest blank) as booleans whatever the header', () => {
    const schema = inferSchema(
      table(
        ['Name', 'Laptop', 'Оригинал', 'Synced'],
        times(30, (i) => [`Item ${i}`, i % 3 === 0 ? 'x' : '', i % 2 ? '✓' : null, i % 4 ? 'TRUE' : '']),
      ),
    );
    expect(['Laptop', 'Оригинал', 'Synced'].map((h) => column(schema, h).type)).toEqual(['boolean', 'boolean', 'boolean']);
  });

  it('reads several people in one cell as employees (multiple) and never makes them the assignee', () => {
    const people = ['Ann Lee', 'Bob Stone', 'Cara Diaz', 'Dan Wood'];
    const schema = inferSchema(table(['Task', 'Team', 'Owner'], times(30, (i) => [`Task ${i}`, `${people[i % 4]}; ${people[(i + 1) % 4]}`, people[i % 2]!])));
    expect(column(schema, 'Team')).toMatchObject({ type: 'employee', multiple: true, role: null });
    expect(column(schema, 'Owner')).toMatchObject({ type: 'employee', role: 'assignee' });
  });

  it('keeps job titles and one-person-per-row columns out of employees', () => {
    const schema = inferSchema(
      table(['Candidate', 'Role applied'], times(30, (i) => [`${['Emma', 'Liam', 'Ava', 'Noah', 'Mia', 'Ethan'][i % 6]} ${['Hall', 'King', 'Young', 'Scott', 'Green'][Math.floor(i / 6)]}`, ['Data Engineer', 'Support Lead'][i % 2]!])),
    );
    expect(column(schema, 'Candidate')).toMatchObject({ type: 'string', role: 'title' });
    expect(column(schema, 'Role applied').type).toBe('enumeration');
  });

  it('keys a sheet with no ID column by a unique code, then e-mail, phone or link; a hash is never the title', () => {
    const withHash = inferSchema(table(['Hash', 'Candidate', 'Email'], times(20, (i) => [(0x5f3a91c + i * 0x9e3779b1 >>> 0).toString(16), `Person Number${String.fromCharCode(65 + i)}`, `p${i}@x.example`])));
    expect(column(withHash, 'Hash').role).toBe('key');
    expect(withHash.title).toEqual({ column: 1 });
    const byEmail = inferSchema(table(['Name', 'Phone', 'Email'], times(20, (i) => [`Lead ${i} request`, `+1 415 555 ${1000 + i}`, `p${i}@x.example`])));
    expect(column(byEmail, 'Email').role).toBe('key');
    const byPhone = inferSchema(table(['Name', 'Phone', 'Site'], times(20, (i) => [`Lead ${i} request`, `+1 415 555 ${1000 + i}`, `https://x.example/${i}`])));
    expect(column(byPhone, 'Phone').role).toBe('key');
    const byLink = inferSchema(table(['Name', 'Site'], times(20, (i) => [`Lead ${i} request`, `https://x.example/${i}`])));
    expect(column(byLink, 'Site').role).toBe('key');
  });

  it('reads a sparse notes column as text, not a one-item list; year-first dates never warn about day/month order', () => {
    const schema = inferSchema(table(['Name', 'Примечание', 'Дата'], times(40, (i) => [`Item ${i}`, i % 4 === 0 ? 'Позвонить' : '', iso(i % 12)])));
    expect(column(schema, 'Примечание').type).toBe('string');
    expect(column(schema, 'Дата').type).toBe('date');
    expect(schema.warnings.map((w) => w.code)).not.toContain('AMBIGUOUS_DATE_ORDER');
  });

  it('keeps digit codes under a tax or postal code header as text', () => {
    const schema = inferSchema(table(['Компания', 'ИНН'], times(20, (i) => [`ООО «Фирма ${i}»`, String(7701000000 + i * 7919)])));
    expect(column(schema, 'ИНН').type).toBe('string');
  });
});
