import type { BuiltinField, Mapping } from '../mapping/types';

/**
 * The type flags a mapping needs: stages, workflows and
 * automation always, use in custom fields and the recycle bin always (other
 * entities can link to the process; sync deletions stay recoverable), and
 * clients, begin/close dates, products and observers when columns feed them,
 * and custom funnels when a column splits the rows into funnels.
 */
export function requiredFlags(mapping: Mapping): Record<string, 'Y'> {
  const fed = new Set<BuiltinField>(mapping.columns.flatMap((column) => (column.target.kind === 'builtin' ? [column.target.field] : [])));
  const flags: Record<string, 'Y'> = {
    isStagesEnabled: 'Y',
    isBizProcEnabled: 'Y',
    isAutomationEnabled: 'Y',
    isUseInUserfieldEnabled: 'Y',
    isRecyclebinEnabled: 'Y',
  };
  if (fed.has('companyId') || fed.has('contactIds')) flags['isClientEnabled'] = 'Y';
  if (fed.has('begindate') || fed.has('closedate')) flags['isBeginCloseDatesEnabled'] = 'Y';
  if (fed.has('opportunity')) flags['isLinkWithProductsEnabled'] = 'Y';
  if (fed.has('observers')) flags['isObserversEnabled'] = 'Y';
  // A funnel column: one funnel per value.
  if (mapping.funnel) flags['isCategoriesEnabled'] = 'Y';
  return flags;
}

/** The required flags a type does not have yet. */
export function missingFlags(mapping: Mapping, flags: Record<string, string>): string[] {
  return Object.keys(requiredFlags(mapping)).filter((flag) => flags[flag] !== 'Y');
}
