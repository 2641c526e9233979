import { cellText } from '../spreadsheet/cell-text';
import type { Cell } from '../spreadsheet/types';
import { mergeNearDuplicates, type ColumnProfile } from './profile-column';
import { valueKey } from './value-key';
import type { Evidence, InferOptions, InferredStage, SchemaWarning, StageSchema, StageSemantics } from './types';
import { funnelRanks, headerHas, ROLE_HEADER_WORDS, stageWord } from './vocabulary';
import { normalizeText } from './normalize-text';
import { fact } from './evidence';

const MIN_SCORE = 4;
// The share of the date ranks' variance the stages must explain before dates order them (random assignment explains ~(stages−1)/(rows−1)).
const EXPLAINED_BY_STAGE = 0.3;
const COLORS = { process: ['#39A8EF', '#2FC6F6', '#55D0E0', '#47E4C2', '#FFA900', '#FFD400', '#A3A9B1'], success: '#7BD500', failure: '#FF5752' };

/** Why a column is (or is not) the stage column. */
export interface StageCandidate {
  column: number;
  score: number;
  evidence: Evidence[];
}

/**
 * Scores a column as the stage column: header words (+3), known stage values
 * (+1 each, up to +3), 3–15 distinct values (+1), every row filled (+1), a
 * data-validation list (+2), and another column filled only for some stages (+1).
 */
export function scoreStageColumn(profile: ColumnProfile, hasValidation: boolean, rows: readonly (readonly Cell[])[], all: ColumnProfile[]): StageCandidate {
  const { schema } = profile;
  const evidence: Evidence[] = [];
  let score = 0;
  if (schema.type !== 'enumeration' && schema.type !== 'string') return { column: schema.index, score: 0, evidence };
  if (schema.multiple || schema.distinct < 2 || schema.distinct > 40) return { column: schema.index, score: 0, evidence };
  if (ROLE_HEADER_WORDS.stage.some((word) => headerHas(profile.normalizedHeader, word))) {
    score += 3;
    evidence.push(fact('STAGE_HEADER', { header: schema.header }));
  }
  const known = [...profile.values.keys()].filter((key) => stageWord(normalizeText(key))).length;
  if (known > 0) {
    score += Math.min(3, known);
    evidence.push(fact('STAGE_WORDS', { known, of: profile.values.size }));
  }
  if (schema.distinct >= 3 && schema.distinct <= 15) {
    score += 1;
    evidence.push(fact('STAGE_DISTINCT', { distinct: schema.distinct }));
  }
  if (profile.complete) {
    score += 1;
    evidence.push(fact('STAGE_ALL_FILLED'));
  }
  if (hasValidation) {
    score += 2;
    evidence.push(fact('STAGE_DROPDOWN'));
  }
  if (schema.type === 'string') score -= 2;
  // A column filled only for some stages (e.g. "closed at") is explained by this one.
  const explains = all.find((other) => other !== profile && other.schema.filled > 0 && other.schema.filled < rows.length * 0.9 && explainedBy(profile, other.schema.index, rows));
  if (explains) {
    score += 1;
    evidence.push(fact('STAGE_EXPLAINS', { header: explains.schema.header }));
  }
  return { column: schema.index, score, evidence };
}

function explainedBy(stage: ColumnProfile, otherColumn: number, rows: readonly (readonly Cell[])[]): boolean {
  const filledBy = new Map<string, [number, number]>();
  const limit = Math.min(rows.length, 5000);
  for (let i = 0; i < limit; i++) {
    const key = stage.keyAt(i);
    if (key === '') continue;
    const entry = filledBy.get(key) ?? [0, 0];
    entry[0]++;
    if (cellText(rows[i]![otherColumn] ?? null).trim() !== '') entry[1]++;
    filledBy.set(key, entry);
  }
  const ratios = [...filledBy.values()].filter(([total]) => total >= 2).map(([total, filled]) => filled / total);
  return ratios.some((r) => r >= 0.95) && ratios.some((r) => r <= 0.05) && ratios.every((r) => r >= 0.95 || r <= 0.05);
}

/** The best stage column, or null when no column scores at least 4. */
export function pickStageColumn(candidates: StageCandidate[]): StageCandidate | null {
  const best = [...candidates].sort((a, b) => b.score - a.score || a.column - b.column)[0];
  return best && best.score >= MIN_SCORE ? best : null;
}

/**
 * Builds the ordered stage list of the chosen column.
 *
 * Order evidence, best first: the column's data-validation list, a lookup
 * sheet listing the values, the known process vocabulary, the median of a date
 * column per stage, and finally first appearance. Success and failure stages
 * go last (Bitrix24 keeps semantic stages at the end); only one success stays.
 */
export function buildStages(
  profile: ColumnProfile,
  candidate: StageCandidate,
  rows: readonly (readonly Cell[])[],
  validation: string[] | undefined,
  dateProfiles: ColumnProfile[],
  options: InferOptions,
  warnings: SchemaWarning[],
): StageSchema {
  const { schema } = profile;
  const { groups } = mergeNearDuplicates(profile.values);
  const stages = [...groups.values()].map((group) => {
    const word = stageWord(normalizeText(group.display));
    return { name: group.display, count: group.count, first: group.first, keys: group.keys, rank: word?.rank, milestoneRank: word?.milestoneRank, semantics: (word?.semantics ?? 'process') as StageSemantics };
  });
  demoteMilestones(stages);
  // A typical pipeline the values follow orders its steps (terminal stages keep their semantics).
  const funnel = funnelRanks(stages.map((s) => normalizeText(s.name)));
  if (funnel) {
    // The pipeline's last step is its outcome ("Возвращено" ends a handover, though "returned" ends an order
    // badly elsewhere); when the column holds it, the done-sounding steps before it ("Выдано") are milestones.
    const outcomeHeld = funnel.last.some(Boolean);
    stages.forEach((s, i) => {
      const rank = funnel.ranks[i];
      if (rank === undefined) return;
      if (funnel.last[i]) {
        s.semantics = 'success';
        s.rank = 8;
      } else if (s.semantics === 'process' || (outcomeHeld && s.semantics === 'success')) {
        s.semantics = 'process';
        s.rank = rank;
      }
    });
  }
  const keyOf = (text: string): string => valueKey(text);
  let orderedBy: StageSchema['orderedBy'] = 'first-appearance';
  const evidence = [...candidate.evidence];

  const byList = (list: string[]): Map<string, number> => {
    const position = new Map<string, number>();
    list.forEach((value, i) => position.set(keyOf(value), i));
    return position;
  };
  const listCovers = (list: string[]): boolean => {
    const position = byList(list);
    return stages.filter((s) => s.keys.some((k) => position.has(k))).reduce((n, s) => n + s.count, 0) >= stages.reduce((n, s) => n + s.count, 0) * 0.9;
  };
  let position: Map<string, number> | undefined;
  if (validation && validation.length > 0 && listCovers(validation)) {
    position = byList(validation);
    orderedBy = 'validation-list';
    evidence.push(fact('ORDER_DROPDOWN', { values: validation }));
    // Values in the list but never used are still stages of the process.
    for (const value of validation) {
      if (!stages.some((s) => s.keys.includes(keyOf(value)))) {
        const word = stageWord(normalizeText(value));
        stages.push({ name: value, count: 0, first: Number.MAX_SAFE_INTEGER, keys: [keyOf(value)], rank: word?.rank, milestoneRank: word?.milestoneRank, semantics: word?.semantics ?? 'process' });
      }
    }
  } else {
    for (const lookup of options.lookups ?? []) {
      for (let col = 0; col < lookup.headers.length && !position; col++) {
        if (isSummaryColumn(lookup, col)) continue;
        const list = [lookup.headers[col], ...lookup.rows.map((row) => row[col])].map((v) => cellText((v ?? null) as Cell).trim()).filter((v) => v !== '');
        if (list.length >= 2 && listCovers(list)) {
          // The header of a lookup column may itself be a value ("Новая" in A1) or a caption ("Статусы").
          position = byList(list);
          orderedBy = 'lookup-sheet';
          evidence.push(fact('ORDER_LOOKUP_SHEET', { sheet: lookup.name }));
        }
      }
      if (position) break;
    }
  }
  if (position) {
    const at = position;
    stages.sort((a, b) => Math.min(...a.keys.map((k) => at.get(k) ?? 1e9)) - Math.min(...b.keys.map((k) => at.get(k) ?? 1e9)));
  } else {
    const known = stages.filter((s) => s.rank !== undefined).length;
    const medians = known < stages.length ? dateMedians(profile, rows.length, dateProfiles) : null;
    if (known === stages.length) {
      orderedBy = 'vocabulary';
      stages.sort((a, b) => a.rank! - b.rank! || a.first - b.first);
      evidence.push(funnel ? fact('ORDER_FUNNEL', { funnel: funnel.name }) : fact('ORDER_VOCABULARY'));
    } else if (medians) {
      // Known words keep their usual order; each unknown value goes after the last known stage
      // whose rows are newer than its own (older rows have moved further).
      const median = (s: (typeof stages)[number]): string => s.keys.map((k) => medians.values.get(k)).find((m) => m !== undefined) ?? '0000';
      const anchors = stages.filter((s) => s.rank !== undefined && s.semantics === 'process');
      const lowest = Math.min(0, ...anchors.map((s) => s.rank!));
      const effective = new Map<(typeof stages)[number], number>();
      for (const s of stages) {
        if (s.rank !== undefined) effective.set(s, s.rank);
        else {
          const newer = anchors.filter((a) => median(a) > median(s)).map((a) => a.rank!);
          effective.set(s, newer.length > 0 ? Math.max(...newer) + 0.5 : lowest - 0.5);
        }
      }
      orderedBy = known > 0 ? 'vocabulary' : 'dates';
      stages.sort((a, b) => effective.get(a)! - effective.get(b)! || median(b).localeCompare(median(a)) || a.first - b.first);
      evidence.push(known > 0 ? fact('ORDER_VOCABULARY_DATES', { header: medians.header }) : fact('ORDER_DATES', { header: medians.header }));
    } else if (known > 0) {
      orderedBy = 'vocabulary';
      // Unknown values keep their first-appearance place between known neighbours.
      const sorted = [...stages].sort((a, b) => a.first - b.first);
      let lastRank = 0;
      const effective = new Map<(typeof stages)[number], number>();
      for (const s of sorted) {
        if (s.rank !== undefined) lastRank = s.rank;
        effective.set(s, s.rank ?? lastRank + 0.5);
      }
      stages.sort((a, b) => effective.get(a)! - effective.get(b)! || a.first - b.first);
      evidence.push(fact('ORDER_VOCABULARY_APPEARANCE'));
    } else {
      stages.sort((a, b) => a.first - b.first);
      evidence.push(fact('ORDER_APPEARANCE'));
    }
  }
  // Exactly one success stage: the most used one; other "done" values become process stages.
  const successes = stages.filter((s) => s.semantics === 'success');
  if (successes.length > 1) {
    const keep = [...successes].sort((a, b) => b.count - a.count)[0]!;
    for (const s of successes) if (s !== keep) s.semantics = 'process';
    warnings.push({
      code: 'SEVERAL_SUCCESS_VALUES',
      message: `Several values in “${schema.header}” mean “done” (${successes.map((s) => `“${s.name}”`).join(', ')}); “${keep.name}” was chosen as the success stage and the others stay in-progress stages. Pick another one in the mapping if needed.`,
      column: schema.header,
    });
  }
  const rank = (s: (typeof stages)[number]): number => (s.semantics === 'process' ? 0 : s.semantics === 'success' ? 1 : 2);
  const ordered = stages.map((s, i) => ({ s, i })).sort((a, b) => rank(a.s) - rank(b.s) || a.i - b.i).map(({ s }) => s);
  let processIndex = 0;
  const result: InferredStage[] = ordered.map((s) => ({
    name: s.name,
    semantics: s.semantics,
    count: s.count,
    color: s.semantics === 'success' ? COLORS.success : s.semantics === 'failure' ? COLORS.failure : COLORS.process[processIndex++ % COLORS.process.length]!,
  }));
  const blanks = rows.length - schema.filled;
  if (blanks > 0) {
    // Rows without a stage start the process: never a success or failure stage.
    const firstProcess = result.find((s) => s.semantics === 'process');
    warnings.push({
      code: 'STAGE_BLANKS',
      message: `${blanks} row(s) have no value in the stage column “${schema.header}”; they will go to the first in-progress stage “${firstProcess?.name ?? ''}”. Fill them in the file to choose another stage.`,
      column: schema.header,
    });
  }
  const confidence = Math.min(0.99, 0.5 + candidate.score * 0.06);
  return { column: schema.index, header: schema.header, stages: result, orderedBy, confidence: Math.round(confidence * 100) / 100, evidence };
}

/**
 * A "done" word that is only a milestone ("Действует", "Готов", "Принято")
 * becomes an in-progress stage when the column holds a stronger outcome;
 * among milestones alone, the latest one is the success stage.
 */
function demoteMilestones(stages: { rank?: number; milestoneRank?: number; semantics: StageSemantics }[]): void {
  const milestones = stages.filter((s) => s.semantics === 'success' && s.milestoneRank !== undefined);
  if (milestones.length === 0) return;
  const strong = stages.some((s) => s.semantics === 'success' && s.milestoneRank === undefined);
  const last = strong ? undefined : [...milestones].sort((a, b) => b.milestoneRank! - a.milestoneRank!)[0];
  for (const s of milestones) {
    if (s === last) continue;
    s.semantics = 'process';
    s.rank = s.milestoneRank;
  }
}

/**
 * True when a column of another sheet summarises the data rather than lists
 * its values: a totals row, or a neighbour column of counts or sums that do not
 * run 1, 2, 3… (an explicit order column is fine).
 */
function isSummaryColumn(lookup: { headers: string[]; rows: ReadonlyArray<ReadonlyArray<unknown>> }, col: number): boolean {
  const labels = lookup.rows.map((row) => cellText((row[col] ?? null) as Cell).trim());
  if (labels.some((label) => TOTALS.test(label))) return true;
  for (let other = 0; other < lookup.headers.length; other++) {
    if (other === col) continue;
    const numbers = lookup.rows
      .filter((row) => cellText((row[col] ?? null) as Cell).trim() !== '')
      .map((row) => {
        const cell = (row[other] ?? null) as Cell;
        if (typeof cell === 'number') return cell;
        const value = typeof cell === 'object' && cell !== null && typeof cell.value === 'number' ? cell.value : Number(cellText(cell).replace(/\s/g, '').replace(',', '.'));
        return cellText(cell).trim() === '' ? NaN : value;
      });
    const numeric = numbers.filter((n) => Number.isFinite(n));
    if (numeric.length < Math.max(2, numbers.length * 0.8)) continue;
    const ordinal = numeric.every((n, i) => n === numeric[0]! + i);
    if (!ordinal) return true;
  }
  return false;
}

const TOTALS = /^(итого|всего|итог|total|totals|grand total|общий итог|сумма итого)(?![\p{L}\p{N}])/iu;

function dateMedians(stageProfile: ColumnProfile, rowCount: number, dateProfiles: ColumnProfile[]): { header: string; values: Map<string, string> } | null {
  const created = dateProfiles.find((p) => /созда|поступ|начал|created|opened|start|received|дата$|^date$/.test(p.normalizedHeader)) ?? dateProfiles[0];
  if (!created?.dates) return null;
  // Counts per distinct date instead of a list per stage: a date column repeats its values,
  // and sorting a few hundred distinct dates beats sorting 100,000 strings.
  const perStage = new Map<string, { total: number; counts: Map<string, number> }>();
  for (let i = 0; i < rowCount; i++) {
    const iso = created.dates[i];
    if (!iso) continue;
    const key = stageProfile.keyAt(i);
    if (key === '') continue;
    let stage = perStage.get(key);
    if (!stage) perStage.set(key, (stage = { total: 0, counts: new Map() }));
    stage.total++;
    stage.counts.set(iso, (stage.counts.get(iso) ?? 0) + 1);
  }
  if (perStage.size < 2) return null;
  const values = new Map<string, string>();
  let first = '9999';
  let last = '0000';
  for (const [key, { total, counts }] of perStage) {
    const sorted = [...counts.keys()].sort();
    // The element at floor(total / 2) of the sorted list of all dates.
    let remaining = Math.floor(total / 2);
    let median = sorted.at(-1)!;
    for (const iso of sorted) {
      remaining -= counts.get(iso)!;
      if (remaining < 0) {
        median = iso;
        break;
      }
    }
    values.set(key, median);
    if (sorted[0]! < first) first = sorted[0]!;
    if (sorted.at(-1)! > last) last = sorted.at(-1)!;
  }
  // Medians bunched in the middle of the date range carry no order: stages are not separated in time.
  const medians = [...values.values()].sort();
  const day = (iso: string): number => Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / 86_400_000;
  const range = day(last) - day(first);
  const spread = day(medians.at(-1)!) - day(medians[0]!);
  if (range <= 0 || spread < range * 0.25) return null;
  // Nor do dates that vary as much within a stage as between stages (values assigned regardless of
  // age): the share of the variance of the dates' ranks (robust to a stray old row) explained by the
  // stage must be large.
  const all = new Map<string, number>();
  for (const { counts } of perStage.values()) for (const [iso, c] of counts) all.set(iso, (all.get(iso) ?? 0) + c);
  const rankOf = new Map<string, number>();
  let seen = 0;
  for (const iso of [...all.keys()].sort()) {
    const c = all.get(iso)!;
    rankOf.set(iso, seen + (c + 1) / 2);
    seen += c;
  }
  const mean = (seen + 1) / 2;
  let total = 0;
  let between = 0;
  for (const { total: size, counts } of perStage.values()) {
    let stageSum = 0;
    for (const [iso, c] of counts) {
      const r = rankOf.get(iso)!;
      stageSum += c * r;
      total += c * (r - mean) ** 2;
    }
    between += size * (stageSum / size - mean) ** 2;
  }
  if (total === 0 || between / total < EXPLAINED_BY_STAGE) return null;
  return { header: created.schema.header, values };
}
