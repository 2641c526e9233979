/**
 * The name `crm.item.*` uses for a custom field, derived from its `UF_CRM_…`
 * name exactly as the portal derives it:
 * `UF_CRM_3_DIGIT` → `ufCrm3Digit`, `UF_CRM_3_1747309727` → `ufCrm3_1747309727`,
 * `UF_CRM_3_DIGIT10` → `ufCrm_3_DIGIT10`, `UF_CRM_1747309879` → `ufCrm_1747309879`.
 */
export function ufCamelName(fieldName: string): string {
  const rest = fieldName.startsWith('UF_CRM_') ? fieldName.slice('UF_CRM_'.length) : fieldName;
  const match = /^(\d+)_(.+)$/.exec(rest);
  if (match !== null) {
    const typeId = match[1] ?? '';
    const suffix = match[2] ?? '';
    // Regular rule: the suffix is letters only (underscored words) or digits only.
    if (/^[A-Z]+(?:_[A-Z]+)*$/.test(suffix)) {
      const words = suffix.split('_').map((word) => word.charAt(0) + word.slice(1).toLowerCase());
      return `ufCrm${typeId}${words.join('')}`;
    }
    if (/^\d+(?:_\d+)*$/.test(suffix)) return `ufCrm${typeId}_${suffix}`;
  }
  // Simplified rule: letters and digits mixed (or no type id): only the prefix changes.
  return `ufCrm_${rest}`;
}
