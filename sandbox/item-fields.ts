import type { Portal } from './portal';
import type { TypeFlag, TypeRecord, UserFieldRecord } from './portal-data';
import { ufCamelName } from './uf-camel-name';

/** How a standard or custom item field behaves. */
export interface ItemFieldSpec {
  /** Key in stored values: camelCase for standard fields, `UF_CRM_…` for custom ones. */
  key: string;
  /** Key in requests/responses by default. */
  camel: string;
  /** Key with `useOriginalUfNames=Y` and in `upperName`. */
  upper: string;
  type: string;
  title: string;
  multiple: boolean;
  readOnly: boolean;
  /** Settable only by `crm.item.import`/`batchImport`, by an admin. */
  importOnly: boolean;
  required: boolean;
  immutable: boolean;
  /** The type flag that switches the field on. */
  flag?: TypeFlag;
  uf?: UserFieldRecord;
  parentEntityTypeId?: number;
}

function std(
  key: string,
  upper: string,
  type: string,
  title: string,
  extra: Partial<Pick<ItemFieldSpec, 'multiple' | 'readOnly' | 'importOnly' | 'required' | 'immutable' | 'flag'>> = {},
): ItemFieldSpec {
  return { key, camel: key, upper, type, title, multiple: false, readOnly: false, importOnly: false, required: false, immutable: false, ...extra };
}

const STANDARD: readonly ItemFieldSpec[] = [
  std('id', 'ID', 'integer', 'ID', { readOnly: true }),
  std('xmlId', 'XML_ID', 'string', 'External ID'),
  std('title', 'TITLE', 'string', 'Name'),
  std('createdBy', 'CREATED_BY', 'user', 'Created by', { readOnly: true, importOnly: true }),
  std('updatedBy', 'UPDATED_BY', 'user', 'Modified by', { readOnly: true, importOnly: true }),
  std('movedBy', 'MOVED_BY', 'user', 'Moved by', { readOnly: true, importOnly: true }),
  std('createdTime', 'CREATED_TIME', 'datetime', 'Date created', { readOnly: true, importOnly: true }),
  std('updatedTime', 'UPDATED_TIME', 'datetime', 'Date modified', { readOnly: true, importOnly: true }),
  std('movedTime', 'MOVED_TIME', 'datetime', 'Date moved', { readOnly: true, importOnly: true }),
  std('categoryId', 'CATEGORY_ID', 'crm_category', 'Category', { immutable: false }),
  std('opened', 'OPENED', 'boolean', 'Available to everyone', { required: true }),
  std('stageId', 'STAGE_ID', 'crm_status', 'Stage', { flag: 'isStagesEnabled' }),
  std('previousStageId', 'PREVIOUS_STAGE_ID', 'crm_status', 'Previous stage', { readOnly: true }),
  std('begindate', 'BEGINDATE', 'date', 'Start date', { flag: 'isBeginCloseDatesEnabled' }),
  std('closedate', 'CLOSEDATE', 'date', 'End date', { flag: 'isBeginCloseDatesEnabled' }),
  std('companyId', 'COMPANY_ID', 'crm_company', 'Company', { flag: 'isClientEnabled' }),
  std('contactId', 'CONTACT_ID', 'crm_contact', 'Contact', { flag: 'isClientEnabled' }),
  std('contactIds', 'CONTACT_IDS', 'crm_contact', 'Contacts', { flag: 'isClientEnabled', multiple: true }),
  std('opportunity', 'OPPORTUNITY', 'double', 'Amount', { flag: 'isLinkWithProductsEnabled' }),
  std('isManualOpportunity', 'IS_MANUAL_OPPORTUNITY', 'boolean', 'Manual amount', { flag: 'isLinkWithProductsEnabled' }),
  std('taxValue', 'TAX_VALUE', 'double', 'Tax', { flag: 'isLinkWithProductsEnabled' }),
  std('currencyId', 'CURRENCY_ID', 'crm_currency', 'Currency', { flag: 'isLinkWithProductsEnabled' }),
  std('mycompanyId', 'MYCOMPANY_ID', 'crm_company', 'Your company details', { flag: 'isMycompanyEnabled' }),
  std('sourceId', 'SOURCE_ID', 'crm_status', 'Source', { flag: 'isSourceEnabled' }),
  std('sourceDescription', 'SOURCE_DESCRIPTION', 'text', 'Source information', { flag: 'isSourceEnabled' }),
  std('assignedById', 'ASSIGNED_BY_ID', 'user', 'Responsible person'),
  std('webformId', 'WEBFORM_ID', 'integer', 'Created by CRM form'),
  std('observers', 'OBSERVERS', 'user', 'Observers', { flag: 'isObserversEnabled', multiple: true }),
  std('lastActivityBy', 'LAST_ACTIVITY_BY', 'user', 'Last activity by', { readOnly: true }),
  std('lastActivityTime', 'LAST_ACTIVITY_TIME', 'datetime', 'Last activity on', { readOnly: true }),
];

/** Every field of a smart process's items, standard first, then custom. */
export function itemFieldModel(portal: Portal, type: TypeRecord): ItemFieldSpec[] {
  const fields = [...STANDARD];
  for (const relation of type.relations.parent) {
    const key = `parentId${relation.entityTypeId}`;
    fields.push({ ...std(key, `PARENT_ID_${relation.entityTypeId}`, 'crm_entity', `Parent item (${relation.entityTypeId})`), parentEntityTypeId: relation.entityTypeId });
  }
  const ufs = portal.userFieldsOf(type);
  const camelCounts = new Map<string, number>();
  for (const uf of ufs) camelCounts.set(ufCamelName(uf.fieldName), (camelCounts.get(ufCamelName(uf.fieldName)) ?? 0) + 1);
  for (const uf of ufs) {
    const camel = ufCamelName(uf.fieldName);
    fields.push({
      key: uf.fieldName,
      // A camel name that collides with another field falls back to the original.
      camel: (camelCounts.get(camel) ?? 0) > 1 ? uf.fieldName : camel,
      upper: uf.fieldName,
      type: uf.userTypeId,
      title: uf.editFormLabel['en'] ?? uf.editFormLabel['ru'] ?? uf.fieldName,
      multiple: uf.multiple === 'Y',
      readOnly: false,
      importOnly: false,
      required: uf.mandatory === 'Y',
      immutable: false,
      uf,
    });
  }
  return fields;
}

/** Whether a flag-gated field is switched on for this type. */
export function isEnabled(spec: ItemFieldSpec, type: TypeRecord): boolean {
  return spec.flag === undefined || type.flags[spec.flag] === 'Y';
}
