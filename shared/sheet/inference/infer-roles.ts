import type { ColumnProfile } from './profile-column';
import type { ColumnRole, Evidence, SchemaWarning, TitleSchema } from './types';
import { fact } from './evidence';
import { looksLikeCode } from './name-shapes';
import { ATTRIBUTE_HEADER, headerHas, QUANTITY_HEADER, ROLE_HEADER_WORDS } from './vocabulary';

function headerScore(profile: ColumnProfile, role: ColumnRole): number {
  const words = ROLE_HEADER_WORDS[role];
  let best = 0;
  for (const word of words) {
    if (!headerHas(profile.normalizedHeader, word)) continue;
    // An exact header is stronger than a header that merely contains the word.
    const score = profile.normalizedHeader === word ? 3 : 2;
    if (score > best) best = score;
  }
  return best;
}

function assign(profile: ColumnProfile, role: ColumnRole, why: Evidence): void {
  profile.schema.role = role;
  profile.schema.evidence.push(why);
}

const free = (p: ColumnProfile): boolean => p.schema.role === null;

/**
 * Gives columns their roles (key, assignee, company, contact, amount, start
 * and due dates, title), each to at most one column, from header words,
 * inferred types and value shapes. Returns the title choice.
 */
export function inferRoles(profiles: ColumnProfile[], rowCount: number, warnings: SchemaWarning[]): TitleSchema | null {
  // Key: an identifier header, else a unique and filled identifier-shaped column (a serial, a code,
  // but not a count that happens to be unique, such as registrations per webinar);
  // else a natural identifier: a unique e-mail, phone or web link. With none, rows are fingerprinted.
  const unique = (p: ColumnProfile): boolean => p.schema.distinct === p.schema.filled && p.schema.filled > 0;
  const codeShaped = (p: ColumnProfile): boolean =>
    p.averageLength <= 40 && p.schema.examples.length > 0 && p.schema.examples.every((e) => /^\s*[\p{L}]{0,6}[-_ #№]?\d+\s*$/u.test(e) || looksLikeCode(e));
  const keyCandidates = profiles
    .filter((p) => free(p) && ['string', 'integer'].includes(p.schema.type) && !p.schema.multiple)
    .map((p) => ({ p, header: headerScore(p, 'key'), unique: unique(p), complete: p.complete }))
    .filter((c) => c.header > 0 || (c.unique && c.complete && headerScore(c.p, 'title') === 0 && codeShaped(c.p) && !(c.p.schema.type === 'integer' && QUANTITY_HEADER.test(c.p.normalizedHeader))));
  // A header that names an identifier wins (duplicates in it are the file's error, reported below);
  // otherwise the first unique identifier-shaped column.
  keyCandidates.sort((a, b) => Number(b.header >= 2) - Number(a.header >= 2) || Number(b.unique) - Number(a.unique) || b.header - a.header || a.p.schema.index - b.p.schema.index);
  const natural = (['email', 'phone', 'url'] as const)
    .map((type) => profiles.find((p) => free(p) && p.schema.type === type && !p.schema.multiple && unique(p) && p.complete))
    .find((p) => p !== undefined);
  const key = keyCandidates.find((c) => c.unique || c.header >= 2) ?? (natural ? { p: natural, header: 0, unique: true, complete: true } : undefined);
  if (key) {
    const header = key.p.schema.header;
    const why =
      key.p === natural
        ? fact('KEY_NATURAL', { kind: key.p.schema.type === 'url' ? 'url' : key.p.schema.type === 'email' ? 'email' : 'phone' })
        : key.unique
          ? key.header
            ? fact('KEY_UNIQUE_HEADER', { header })
            : fact('KEY_UNIQUE_SHAPE')
          : fact('KEY_HEADER', { header });
    assign(key.p, 'key', why);
    if (!key.unique || !key.complete) {
      warnings.push({
        code: 'KEY_NOT_UNIQUE',
        message: `The key column “${key.p.schema.header}” has ${key.unique ? '' : 'repeated'}${!key.unique && !key.complete ? ' and ' : ''}${key.complete ? '' : 'empty'} values; rows are matched by it on re-runs, so make every value unique and filled, or pick another key.`,
        column: key.p.schema.header,
      });
    }
  }

  // Assignee: an employee column, preferring one with a staff header; a cell of several people
  // cannot be the one responsible person.
  const employees = profiles.filter((p) => free(p) && p.schema.type === 'employee' && !p.schema.multiple).sort((a, b) => headerScore(b, 'assignee') - headerScore(a, 'assignee') || a.schema.index - b.schema.index);
  if (employees[0]) assign(employees[0], 'assignee', fact('ROLE_ASSIGNEE'));

  // Company and contact: header words on a text column of names (not codes); a "client" column
  // of people's names is a contact, not a company.
  const party = (p: ColumnProfile): boolean =>
    free(p) && ['string', 'enumeration', 'employee'].includes(p.schema.type) && !p.schema.examples.every((e) => looksLikeCode(e));
  // Mostly people: person-shaped names ("Соколова Елена Петровна", "Иванов И.И.", "Ann Lee") are the majority and
  // outnumber organisation names at least two to one, so a few "ООО …" among them do not make the column a company.
  const people = (p: ColumnProfile): boolean => p.personShare >= 0.5 && p.personShare >= 2 * p.companyShare;
  const company = profiles
    .filter((p) => party(p) && !people(p) && headerScore(p, 'company') > 0)
    .sort((a, b) => headerScore(b, 'company') - headerScore(a, 'company') || a.schema.index - b.schema.index)[0];
  if (company) assign(company, 'company', fact('ROLE_COMPANY_HEADER', { header: company.schema.header }));
  const contactScore = (p: ColumnProfile): number => Math.max(headerScore(p, 'contact'), people(p) && headerScore(p, 'company') > 0 ? 1 : 0);
  const contact = profiles
    .filter((p) => party(p) && contactScore(p) > 0)
    .sort((a, b) => contactScore(b) - contactScore(a) || a.schema.index - b.schema.index)[0];
  if (contact) {
    assign(contact, 'contact', headerScore(contact, 'contact') > 0 ? fact('ROLE_CONTACT_HEADER', { header: contact.schema.header }) : fact('ROLE_CONTACT_PERSON', { header: contact.schema.header }));
  }
  if (!profiles.some((p) => p.schema.role === 'company')) {
    const byShape = profiles.find((p) => free(p) && p.schema.type === 'string' && p.companyShare >= 0.5);
    if (byShape) assign(byShape, 'company', fact('ROLE_COMPANY_SHAPE'));
  }

  // Amount: a money column, preferring an amount header.
  const money = profiles
    .filter((p) => free(p) && (p.schema.type === 'money' || ((p.schema.type === 'double' || p.schema.type === 'integer') && headerScore(p, 'amount') > 0)))
    .sort((a, b) => Number(b.schema.type === 'money') - Number(a.schema.type === 'money') || headerScore(b, 'amount') - headerScore(a, 'amount') || a.schema.index - b.schema.index)[0];
  if (money) assign(money, 'amount', fact('ROLE_AMOUNT'));

  // Dates: due by deadline words, start by creation words (or the first plain date).
  const dates = profiles.filter((p) => free(p) && (p.schema.type === 'date' || p.schema.type === 'datetime'));
  const due = dates.filter((p) => headerScore(p, 'dueDate') > 0).sort((a, b) => headerScore(b, 'dueDate') - headerScore(a, 'dueDate'))[0];
  if (due) assign(due, 'dueDate', fact('ROLE_DUE_DATE', { header: due.schema.header }));
  const start = dates
    .filter((p) => free(p) && headerScore(p, 'startDate') > 0)
    .sort((a, b) => headerScore(b, 'startDate') - headerScore(a, 'startDate') || a.schema.index - b.schema.index)[0];
  if (start) assign(start, 'startDate', fact('ROLE_START_DATE', { header: start.schema.header }));

  // Title: a title header, else the first mostly-unique text column of readable length.
  const titleByHeader = profiles
    // A header that names the item wins even over repeated values ("Суть обращения" with seven complaints, the same
    // "Бумага А4" bought twice): such a column is the card's name, not a list of options. A header naming a property
    // of the item ("Event type", "Lead source") keeps its repeated values a list.
    .filter((p) => free(p) && (p.schema.type === 'string' || p.schema.type === 'text' || (p.schema.type === 'enumeration' && !p.schema.multiple && !ATTRIBUTE_HEADER.test(p.normalizedHeader))) && headerScore(p, 'title') > 0)
    .sort((a, b) => headerScore(b, 'title') - headerScore(a, 'title') || a.schema.index - b.schema.index)[0];
  // Serial numbers, hashes and codes name nothing: a title reads as words.
  const titleByShape = profiles.find(
    (p) =>
      free(p) &&
      p.schema.type === 'string' &&
      p.schema.filled >= rowCount * 0.9 &&
      p.schema.distinct >= p.schema.filled * 0.9 &&
      p.averageLength >= 5 &&
      p.averageLength <= 120 &&
      !p.schema.examples.every((e) => looksLikeCode(e)),
  );
  const title = titleByHeader ?? titleByShape;
  if (title) {
    if (title.schema.type === 'enumeration') {
      title.schema.type = 'string';
      delete title.schema.values;
      title.schema.evidence.push(fact('TITLE_MAKES_TEXT'));
    }
    assign(title, 'title', titleByHeader ? fact('ROLE_TITLE_HEADER', { header: title.schema.header }) : fact('ROLE_TITLE_SHAPE'));
    return { column: title.schema.index };
  }
  const parts = [profiles.find((p) => p.schema.role === 'company'), profiles.find((p) => p.schema.role === 'key')].filter((p) => p !== undefined);
  const template = parts.map((p) => `{${p.schema.header}}`).join(' — ');
  warnings.push({
    code: 'NO_TITLE_COLUMN',
    message: `No column reads as an item title${template ? `; items will be titled by the template ${template}` : ''}. Pick a title column in the mapping if one fits.`,
  });
  if (parts.length === 0) return null;
  return { column: null, template };
}
