import { describe, expect, it } from 'vitest';
import type { Mapping } from '../../../shared/sheet/mapping/types';
import { mergeStage, moveStage, setColumnTarget, setColumnType, setKeyColumn, setStageSemantics } from '../../../renderer/src/features/review/mapping-edits';

function mapping(): Mapping {
  return {
    version: 1,
    title: 'Contracts',
    language: 'en',
    key: { kind: 'column', columns: ['No'] },
    columns: [
      { header: 'No', type: 'string', target: { kind: 'custom', suffix: 'NO', userTypeId: 'string', multiple: false, label: 'No' } },
      { header: 'Subject', type: 'string', target: { kind: 'builtin', field: 'title' } },
      { header: 'Name', type: 'string', target: { kind: 'custom', suffix: 'NAME', userTypeId: 'string', multiple: false, label: 'Name' } },
    ],
    stages: [
      { code: 'NEW', name: 'New', semantics: 'process', color: '#39A8EF', values: ['New'] },
      { code: 'REVIEW', name: 'Review', semantics: 'process', color: '#39A8EF', values: ['Review'] },
      { code: 'SUCCESS', name: 'Signed', semantics: 'success', color: '#7BD500', values: ['Signed'] },
      { code: 'FAIL', name: 'Rejected', semantics: 'failure', color: '#FF5752', values: ['Rejected'] },
    ],
    users: {},
    defaultUserId: null,
    currency: 'USD',
  };
}
const customTargets = mapping().columns.map((column) => ({ kind: 'custom' as const, suffix: column.header.toUpperCase(), userTypeId: 'string' as const, multiple: false, label: column.header }));

describe('mapping edits', () => {
  it('a built-in field takes one column: the previous holder becomes a new field', () => {
    const next = setColumnTarget(mapping(), 2, { kind: 'builtin', field: 'title' }, customTargets);
    expect(next.columns[2]!.target).toEqual({ kind: 'builtin', field: 'title' });
    expect(next.columns[1]!.target).toMatchObject({ kind: 'custom', suffix: 'SUBJECT' });
  });

  it('a new field follows the column type', () => {
    const next = setColumnType(mapping(), 0, 'integer');
    expect(next.columns[0]).toMatchObject({ type: 'integer', target: { userTypeId: 'integer' } });
  });

  it('keeps exactly one success stage', () => {
    const next = setStageSemantics(mapping(), 1, 'success');
    // The old success stage becomes in progress and moves to its group, before the new success stage.
    expect(next.stages.map((stage) => `${stage.code}:${stage.semantics}`)).toEqual(['NEW:process', 'SUCCESS:process', 'REVIEW:success', 'FAIL:failure']);
    expect(setStageSemantics(mapping(), 2, 'failure')).toEqual(mapping());
    // The last failure stage cannot become an in-progress one.
    expect(setStageSemantics(mapping(), 3, 'process')).toEqual(mapping());
  });

  it('reorders and merges stages', () => {
    expect(moveStage(mapping(), 0, 1).stages.map((s) => s.code)).toEqual(['REVIEW', 'NEW', 'SUCCESS', 'FAIL']);
    expect(moveStage(mapping(), 0, 9)).toEqual(mapping());
    // Stages move only among stages of the same meaning (the portal's order).
    expect(moveStage(mapping(), 1, 2)).toEqual(mapping());
    const merged = mergeStage(mapping(), 1, 0);
    expect(merged.stages.map((s) => s.code)).toEqual(['NEW', 'SUCCESS', 'FAIL']);
    expect(merged.stages[0]!.values).toEqual(['New', 'Review']);
    expect(mergeStage(mapping(), 2, 0)).toEqual(mapping());
    expect(mergeStage(mapping(), 3, 0)).toEqual(mapping());
  });

  it('a new row key drops the preview edits, which were stored under the old keys', () => {
    const edited: Mapping = { ...mapping(), overrides: [{ key: 'A-1', column: 'Name', value: 'x', sheetValue: 'y' }] };
    expect(setKeyColumn(edited, 'Subject').overrides).toBeUndefined();
    expect(setKeyColumn(edited, null)).toMatchObject({ key: { kind: 'fingerprint' } });
    expect(setKeyColumn(edited, null).overrides).toBeUndefined();
  });
});
