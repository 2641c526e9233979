import { normalizeText } from '../inference/normalize-text';
import type { Mapping } from '../mapping/types';
import type { PersonalDataSignal } from './types';

/**
 * Stems that make a sheet about people rather than deals: HR, recruiting,
 * complaints. Matched at the start of a normalised word (ru stems cover
 * their endings: кандидат, кандидаты, кандидатов).
 */
const CONTEXT_STEMS = [
  'кандидат',
  'соискател',
  'резюме',
  'вакан',
  'собеседован',
  'сотрудник',
  'работник',
  'персонал',
  'кадр',
  'найм',
  'увольн',
  'отпуск',
  'больничн',
  'жалоб',
  'претензи',
  'обращени',
  'candidate',
  'applicant',
  'resume',
  'cv',
  'vacanc',
  'interview',
  'employee',
  'staff',
  'personnel',
  'hiring',
  'recruit',
  'hr',
  'onboarding',
  'complaint',
  'grievance',
];

/** Stems of columns that are sensitive on their own: pay, identity documents, birth dates, home addresses. */
const SENSITIVE_STEMS = [
  'зарплат',
  'оклад',
  'паспорт',
  'снилс',
  'инн',
  'рождени',
  'адрес',
  'медицин',
  'диагноз',
  'salary',
  'wage',
  'payroll',
  'passport',
  'ssn',
  'birth',
  'dob',
  'address',
  'medical',
  'diagnos',
];

/** Headers that name a person (not a company or a portal user). */
const PERSON_HEADER = /^(фио|ф и о|имя|фамилия|full name|name|first name|last name|surname|кандидат|candidate|applicant|соискатель|сотрудник|employee|заявитель|клиент фио)$/;

function matchesStem(word: string, stem: string): boolean {
  return word.startsWith(stem) && (stem.length > 3 || word === stem);
}

function stemsIn(text: string, stems: readonly string[]): string[] {
  const words = normalizeText(text).split(' ').filter(Boolean);
  return stems.filter((stem) => words.some((word) => matchesStem(word, stem)));
}

/** The whole words of `text` that start with one of `stems`: shown to people, who read "обращения", not the stem "обращени". */
function wordsWithStems(text: string, stems: readonly string[]): string[] {
  const words = normalizeText(text).split(' ').filter(Boolean);
  return words.filter((word) => stems.some((stem) => matchesStem(word, stem)));
}

/**
 * Whether a sheet looks like personal data (HR, recruiting, complaints with
 * e-mails or phones, pay or identity documents), from the mapping's column
 * types and headers and the sheet's title and name. Null when it does not.
 * Contact columns alone (a sales pipeline with client phones) do not count:
 * the warning is for sheets about people, so that it is not ignored.
 */
export function detectPersonalData(mapping: Pick<Mapping, 'title' | 'columns'>, sheet = ''): PersonalDataSignal | null {
  const columns: PersonalDataSignal['columns'] = [];
  const words = new Set<string>();
  for (const column of mapping.columns) {
    if (column.target.kind === 'skip') continue;
    // Portal users (assignees, observers) are staff doing the work, not the people the sheet is about.
    if (column.type === 'employee' || (column.target.kind === 'builtin' && (column.target.field === 'assignedById' || column.target.field === 'observers'))) continue;
    const sensitive = stemsIn(column.header, SENSITIVE_STEMS);
    if (column.type === 'email') columns.push({ header: column.header, holds: 'email' });
    else if (column.type === 'phone') columns.push({ header: column.header, holds: 'phone' });
    else if (sensitive.length > 0) columns.push({ header: column.header, holds: 'sensitive' });
    else if ((column.target.kind === 'builtin' && column.target.field === 'contactIds') || PERSON_HEADER.test(normalizeText(column.header))) columns.push({ header: column.header, holds: 'person' });
    for (const word of wordsWithStems(column.header, CONTEXT_STEMS)) words.add(word);
  }
  for (const text of [mapping.title, sheet]) for (const word of wordsWithStems(text, CONTEXT_STEMS)) words.add(word);
  const sensitive = columns.some((column) => column.holds === 'sensitive');
  const aboutPeople = words.size > 0 && columns.length > 0;
  if (!sensitive && !aboutPeople) return null;
  return { columns, words: [...words] };
}
