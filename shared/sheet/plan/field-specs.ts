import type { Mapping } from '../mapping/types';
import type { FieldSpec } from './types';

/** The custom fields a mapping needs, in column order. */
export function fieldSpecs(mapping: Mapping): FieldSpec[] {
  return mapping.columns.flatMap((column) =>
    column.target.kind === 'custom'
      ? [{ column: column.header, suffix: column.target.suffix, userTypeId: column.target.userTypeId, multiple: column.target.multiple, label: column.target.label, items: column.target.items ?? [] }]
      : [],
  );
}
