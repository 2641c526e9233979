import type { CustomFieldSpec, MappingOverride } from '../mapping/apply-mapping-override';
import type { Mapping } from '../mapping/types';

/**
 * A reviewed mapping in the `--mapping` file format, so the app's decisions
 * go through the same checks as a CLI user's (one success stage, one column
 * per built-in field, key columns that exist).
 */
export function mappingToOverride(mapping: Mapping): MappingOverride {
  const override: MappingOverride = {
    title: mapping.title,
    key: { kind: mapping.key.kind, columns: [...mapping.key.columns] },
    columns: Object.fromEntries(
      mapping.columns.map((column) => {
        const target = column.target;
        if (target.kind === 'skip') return [column.header, 'skip'];
        if (target.kind === 'builtin') return [column.header, target.field];
        const custom: { type: CustomFieldSpec['type']; suffix: string; multiple: boolean; label: string; items?: string[]; values?: Record<string, string> } = {
          // A text field of e-mails or phones says so, so its values are checked as such.
          type: target.userTypeId === 'string' && (column.type === 'email' || column.type === 'phone') ? column.type : target.userTypeId,
          suffix: target.suffix,
          multiple: target.multiple,
          label: target.label,
        };
        if (target.items !== undefined) custom.items = [...target.items];
        if (column.valueMap !== undefined && Object.keys(column.valueMap).length > 0) custom.values = { ...column.valueMap };
        return [column.header, custom];
      }),
    ) as MappingOverride['columns'],
    stages: mapping.stages.map((stage) => ({ name: stage.name, semantics: stage.semantics, values: [...stage.values], code: stage.code, color: stage.color })),
    users: { ...mapping.users },
    defaultUserId: mapping.defaultUserId,
    currency: mapping.currency,
  };
  if (mapping.titleTemplate !== undefined) override.titleTemplate = mapping.titleTemplate;
  if (mapping.overrides !== undefined && mapping.overrides.length > 0) override.overrides = mapping.overrides.map((edit) => ({ ...edit }));
  if (mapping.createClients !== undefined) override.createClients = mapping.createClients;
  if (mapping.funnel) override.funnel = mapping.funnel.column;
  return override;
}
