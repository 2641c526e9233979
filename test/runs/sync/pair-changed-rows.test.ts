import { describe, expect, it } from 'vitest';
import { pairChangedRows, placeTwins, type GoneRowShape, type NewRowShape } from '../../../shared/runs/sync/pair-changed-rows';
import { valueHash, type ValueKind } from '../../../shared/sheet/plan/resolve-item-fields';

const kinds: Record<string, ValueKind> = { title: 'text', stageId: 'id', opportunity: 'number', UF_TOPIC: 'text', UF_CHANNEL: 'text' };
const hashes = (fields: Record<string, unknown>): Record<string, string> => Object.fromEntries(Object.entries(fields).map(([field, value]) => [field, valueHash(kinds[field] ?? 'text', value)]));
const card = (title: string, stageId: string, opportunity: number, topic: string, channel = 'phone'): Record<string, string> => hashes({ title, stageId, opportunity, UF_TOPIC: topic, UF_CHANNEL: channel });
const created = (key: string, sourceRow: number, fields: Record<string, string>): NewRowShape => ({ key, sourceRow, fields });
const gone = (key: string, lastRow: number | undefined, fields: Record<string, string>): GoneRowShape => ({ key, fields, ...(lastRow !== undefined ? { lastRow } : {}) });

describe('pairChangedRows: a changed row of a content-keyed sheet is recognised, never guessed', () => {
  it('pairs a row at its place with most cells equal, even with a new title', () => {
    const pairs = pairChangedRows([created('n', 5, card('Petrov (VIP)', 'S1', 100, 'Late'))], [gone('g', 5, card('Petrov', 'S1', 100, 'Late'))], [], kinds);
    expect(pairs).toEqual([{ newKey: 'n', goneKey: 'g' }]);
  });

  it('pairs by title when the place is unknown (a project from before rows were kept) or moved', () => {
    expect(pairChangedRows([created('n', 9, card('Petrov', 'S2', 100, 'Late'))], [gone('g', undefined, card('Petrov', 'S1', 100, 'Late'))], [], kinds)).toEqual([{ newKey: 'n', goneKey: 'g' }]);
  });

  it('finds the place a row moved to from its unchanged neighbours', () => {
    // Two rows inserted above: the neighbours moved from 4 → 6 and 6 → 8, so row 5 is now row 7.
    const stayed = [
      { lastRow: 4, row: 6 },
      { lastRow: 6, row: 8 },
    ];
    expect(pairChangedRows([created('n', 7, card('New title', 'S2', 100, 'Late'))], [gone('g', 5, card('Old title', 'S2', 100, 'Late'))], stayed, kinds)).toEqual([{ newKey: 'n', goneKey: 'g' }]);
    expect(pairChangedRows([created('n', 7, card('New title', 'S2', 100, 'Late'))], [gone('g', 5, card('Old title', 'S2', 100, 'Late'))], [], kinds)).toEqual([]);
  });

  it('does not pair rows that share only some cells, however close they sit', () => {
    expect(pairChangedRows([created('n', 5, card('Sokolova', 'S2', 7, 'Rude', 'chat'))], [gone('g', 5, card('Petrov', 'S2', 100, 'Late', 'chat'))], [], kinds)).toEqual([]);
  });

  it('never takes a replaced row for an edited one: a new order of the same client, or another deal written over a row', () => {
    // The client's old order deleted, a new one added at the bottom: same title (the client), stage and channel, other amount and topic.
    expect(pairChangedRows([created('n', 20, card('Acme', 'S1', 200, 'Second order'))], [gone('g', 5, card('Acme', 'S1', 100, 'First order'))], [], kinds)).toEqual([]);
    // Row 5 overwritten with another deal that shares the stage, topic and channel: title and amount differ.
    expect(pairChangedRows([created('n', 5, card('Deal B', 'S1', 200, 'Late'))], [gone('g', 5, card('Deal A', 'S1', 100, 'Late'))], [], kinds)).toEqual([]);
    // The same row moved and edited in one cell still pairs by its title.
    expect(pairChangedRows([created('n', 20, card('Acme', 'S2', 100, 'First order'))], [gone('g', 5, card('Acme', 'S1', 100, 'First order'))], [], kinds)).toEqual([{ newKey: 'n', goneKey: 'g' }]);
  });

  it('never pairs ambiguous rows: two candidates for one row, or one row wanted twice', () => {
    const twoGone = pairChangedRows([created('n', 9, card('Petrov', 'S2', 100, 'Late'))], [gone('g1', 3, card('Petrov', 'S1', 100, 'Late')), gone('g2', 4, card('Petrov', 'S3', 100, 'Late'))], [], kinds);
    expect(twoGone).toEqual([]);
    const twoNew = pairChangedRows([created('n1', 8, card('Petrov', 'S2', 100, 'Late')), created('n2', 9, card('Petrov', 'S3', 100, 'Late'))], [gone('g', 3, card('Petrov', 'S1', 100, 'Late'))], [], kinds);
    expect(twoNew).toEqual([]);
  });

  it('takes a pair at its place before pairs by title, so a look-alike elsewhere does not block it', () => {
    const pairs = pairChangedRows(
      [created('n1', 3, card('Petrov', 'S2', 100, 'Late')), created('n2', 9, card('Petrov', 'S3', 100, 'Late'))],
      [gone('g1', 3, card('Petrov', 'S1', 100, 'Late')), gone('g2', 9, card('Petrov', 'S1', 100, 'Late'))],
      [],
      kinds,
    );
    expect(pairs).toEqual([
      { newKey: 'n1', goneKey: 'g1' },
      { newKey: 'n2', goneKey: 'g2' },
    ]);
  });
});

describe('placeTwins: identical rows keyed by where they sit', () => {
  const base = 'fp-AAAAAAAAAAAAAAAA';
  it('gives the twin left unedited the key of the twin that sat at its row', () => {
    // Rows 2 and 3 were twins (base, base-2); row 2 was edited, so row 3 is the only one left and reads as `base`.
    const known = new Map([
      [base, { live: true, lastRow: 2 }],
      [`${base}-2`, { live: true, lastRow: 3 }],
      ['fp-BBBBBBBBBBBBBBBB', { live: true, lastRow: 4 }],
    ]);
    expect(placeTwins(['fp-CCCCCCCCCCCCCCCC', base, 'fp-BBBBBBBBBBBBBBBB'], [2, 3, 4], known)).toEqual(new Map([[base, `${base}-2`]]));
  });

  it('after one twin was edited away, the one left keeps its own key on later syncs', () => {
    const known = new Map([
      [base, { live: false, lastRow: 2 }],
      [`${base}-2`, { live: true, lastRow: 3 }],
    ]);
    expect(placeTwins(['fp-CCCCCCCCCCCCCCCC', base], [2, 3], known)).toEqual(new Map([[base, `${base}-2`]]));
  });

  it('changes nothing without twins, or for projects from before rows were kept', () => {
    expect(placeTwins([base, 'fp-BBBBBBBBBBBBBBBB'], [2, 3], new Map([[base, { live: true, lastRow: 2 }]]))).toEqual(new Map());
    const unplaced = new Map([
      [base, { live: true }],
      [`${base}-2`, { live: true }],
    ]);
    expect(placeTwins([base], [3], unplaced)).toEqual(new Map());
  });
});
