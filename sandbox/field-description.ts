/** The flags a `*.fields` answer sets per field; everything not given is false. */
export type FieldFlags = Partial<Record<'isRequired' | 'isReadOnly' | 'isImmutable' | 'isMultiple', boolean>>;

/**
 * One field as the portal's `crm.type.fields`, `crm.category.fields` and
 * `crm.status.fields` describe it: type, title and the is* flags.
 */
export function fieldDescription(type: string, title: string, extra: FieldFlags = {}): Record<string, unknown> {
  return { type, isRequired: false, isReadOnly: false, isImmutable: false, isMultiple: false, isDynamic: false, title, ...extra };
}
