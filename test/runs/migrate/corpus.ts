/**
 * Spreadsheets for the mapping, plan, migrate and sync tests, written here
 * with exceljs or as plain text (never committed binaries).
 */
import ExcelJS from 'exceljs';
import { writeFile } from 'node:fs/promises';

/** Stages of the contracts sheet, in process order. */
export const CONTRACT_STAGES = ['Новая', 'На согласовании', 'Подписан', 'Отклонён'];
/** People of the contracts sheet: two match sandbox users (one by initials, one in en order), one does not. */
export const CONTRACT_PEOPLE = ['Иванова Мария', 'Smith John', 'Петров И.А.', 'Сидоров Павел'];
const COMPANIES = ['ООО «Ромашка»', 'АО Вектор', 'ИП Кузнецов'];

/** One contracts row: №, subject, counterparty, amount, signed on, status, responsible, urgent, tags. */
export type ContractRow = [string, string, string, number, Date, string, string, string, string];

/** The contracts rows (deterministic). */
export function contractRows(count: number): ContractRow[] {
  return Array.from({ length: count }, (_, i) => [
    `Д-${String(i + 1).padStart(4, '0')}`,
    `Договор поставки №${i + 1}`,
    COMPANIES[i % 3]!,
    1000 + ((i * 7919) % 50000) + 0.5,
    new Date(Date.UTC(2025, i % 12, (i % 27) + 1)),
    CONTRACT_STAGES[i % CONTRACT_STAGES.length]!,
    CONTRACT_PEOPLE[i % CONTRACT_PEOPLE.length]!,
    i % 3 === 0 ? 'да' : 'нет',
    ['опт', 'розница', 'опт, срочно'][i % 3]!,
  ]);
}

/** Headers of the contracts sheet. */
export const CONTRACT_HEADERS = ['№', 'Предмет договора', 'Контрагент', 'Сумма, ₽', 'Дата подписания', 'Статус', 'Ответственный', 'Срочный', 'Метки'];

/** Writes a contracts workbook (title row, header on row 3, money and date formats). Extra columns are appended as given. */
export async function writeContractsXlsx(path: string, rows: ReadonlyArray<ReadonlyArray<string | number | Date>>, headers: readonly string[] = CONTRACT_HEADERS): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Договоры');
  sheet.addRow(['Реестр договоров 2025']);
  sheet.addRow([]);
  sheet.addRow([...headers]);
  for (const row of rows) sheet.addRow([...row]);
  sheet.getColumn(4).numFmt = '#,##0.00 "₽"';
  sheet.getColumn(5).numFmt = 'dd.mm.yyyy';
  await workbook.xlsx.writeFile(path);
}

/** One requests row: id, item, status, amount, requester e-mail, needed by. */
export type RequestRow = [string, string, string, string, string, string];

/** Statuses of the requests csv. */
export const REQUEST_STATUSES = ['New', 'In review', 'Approved', 'Rejected'];

/** The requests rows (deterministic). */
export function requestRows(count: number): RequestRow[] {
  return Array.from({ length: count }, (_, i) => [
    `REQ-${String(i + 1).padStart(4, '0')}`,
    `Laptop for team ${i % 9}`,
    REQUEST_STATUSES[i % REQUEST_STATUSES.length]!,
    `${(i * 37) % 4000}.50`,
    ['emily.johnson@example.com', 'john.smith@example.com', 'nobody@example.com'][i % 3]!,
    `2025-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`,
  ]);
}

/** Headers of the requests csv. */
export const REQUEST_HEADERS = ['Request ID', 'Item', 'Status', 'Amount, USD', 'Requester', 'Needed by'];

/** Writes the requests csv (`;`-separated, CRLF). */
export async function writeRequestsCsv(path: string, rows: ReadonlyArray<ReadonlyArray<string>>, headers: readonly string[] = REQUEST_HEADERS): Promise<void> {
  const line = (values: ReadonlyArray<string>): string => values.map((v) => (/[";\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(';');
  await writeFile(path, `${[line(headers), ...rows.map(line)].join('\r\n')}\r\n`);
}
