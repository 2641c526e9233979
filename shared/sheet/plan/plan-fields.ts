import { AppError } from '../../base/errors/errors';
import { ufFieldName } from '../mapping/uf-field-name';
import type { FieldSpec, SnapshotField } from './types';

/** One step that brings the custom fields in line with the mapping. */
export type FieldOp =
  | { kind: 'add'; spec: FieldSpec; fieldName: string; field: Record<string, unknown> }
  | { kind: 'add-items'; spec: FieldSpec; id: number; fieldName: string; items: string[] };

/** Settings per type that make a field look right in the portal. */
function settingsFor(spec: FieldSpec): Record<string, unknown> {
  switch (spec.userTypeId) {
    case 'double':
      return { PRECISION: 2 };
    case 'boolean':
      return { DISPLAY: 'CHECKBOX', DEFAULT_VALUE: 0 };
    case 'enumeration':
      return { DISPLAY: 'LIST', LIST_HEIGHT: 1 };
    case 'datetime':
      return { USE_SECOND: 'N' };
    default:
      return {};
  }
}

/**
 * Which fields to create and which enumeration items to add, given the
 * fields that exist (looked up by name, so a re-run creates nothing twice).
 * A field that exists with another type or multiplicity is an error: the
 * portal cannot change either after creation.
 */
export function planFields(specs: readonly FieldSpec[], existing: readonly SnapshotField[], typeId: number | null, language: 'ru' | 'en'): FieldOp[] {
  const ops: FieldOp[] = [];
  specs.forEach((spec, index) => {
    // Before the type exists its id is unknown; the name shows where it goes.
    const fieldName = typeId === null ? `UF_CRM_<id>_${spec.suffix}` : ufFieldName(typeId, spec.suffix);
    const found = existing.find((field) => field.fieldName === fieldName);
    if (!found) {
      const field: Record<string, unknown> = {
        entityId: typeId === null ? 'CRM_<id>' : `CRM_${typeId}`,
        fieldName,
        userTypeId: spec.userTypeId,
        multiple: spec.multiple ? 'Y' : 'N',
        sort: 100 + index * 10,
        showFilter: 'Y',
        editFormLabel: { [language]: spec.label, ...(language === 'ru' ? { en: spec.label } : { ru: spec.label }) },
        settings: settingsFor(spec),
      };
      if (spec.userTypeId === 'enumeration') field['enum'] = spec.items.map((value, i) => ({ value, sort: (i + 1) * 10, def: 'N' }));
      ops.push({ kind: 'add', spec, fieldName, field });
      return;
    }
    if (found.userTypeId !== spec.userTypeId || found.multiple !== spec.multiple) {
      throw new AppError(
        'INVALID_INPUT',
        `The field ${fieldName} (“${spec.column}”) exists as ${found.userTypeId}${found.multiple ? ', multiple' : ''}, but the mapping needs ${spec.userTypeId}${spec.multiple ? ', multiple' : ''}; the portal cannot change a field's type or multiplicity.`,
        { hint: 'Map the column to a new field (another suffix) in a --mapping file, or delete the field in the portal.', appHint: 'Give the column a field of its own under another name in the Fields tab, or delete the field in the portal.', where: { column: spec.column }, followUps: [{ kind: 'edit-mapping' }], params: { reason: found.multiple === spec.multiple ? 'fieldTypeFixed' : 'fieldMultipleFixed', field: fieldName, portalType: found.userTypeId, wantType: spec.userTypeId } },
      );
    }
    if (spec.userTypeId === 'enumeration') {
      const have = new Set(found.items.map((item) => item.value));
      const missing = spec.items.filter((value) => !have.has(value));
      if (missing.length > 0) ops.push({ kind: 'add-items', spec, id: found.id, fieldName, items: missing });
    }
  });
  return ops;
}
