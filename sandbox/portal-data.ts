/**
 * The sandbox portal's state as plain, JSON-serializable data. Everything a
 * restart must keep lives here; the limiter and fault state deliberately do not
 * (a real portal's counters don't survive our process either).
 */

/** Y/N flags of a smart process. */
export const TYPE_FLAGS = [
  'isCategoriesEnabled',
  'isStagesEnabled',
  'isBeginCloseDatesEnabled',
  'isClientEnabled',
  'isUseInUserfieldEnabled',
  'isLinkWithProductsEnabled',
  'isMycompanyEnabled',
  'isDocumentsEnabled',
  'isSourceEnabled',
  'isObserversEnabled',
  'isRecyclebinEnabled',
  'isAutomationEnabled',
  'isBizProcEnabled',
  'isSetOpenPermissions',
] as const;

/** One of the writable `is*Enabled` flags. */
export type TypeFlag = (typeof TYPE_FLAGS)[number];

/** A relation entry as stored and returned. */
export interface RelationRecord {
  entityTypeId: number;
  isChildrenListEnabled: 'Y' | 'N';
  isPredefined: 'Y' | 'N';
}

/** A smart process type. */
export interface TypeRecord {
  id: number;
  entityTypeId: number;
  title: string;
  code: string;
  flags: Record<TypeFlag, 'Y' | 'N'>;
  relations: { parent: RelationRecord[]; child: RelationRecord[] };
  linkedUserFields: Record<string, 'true' | 'false'>;
  createdBy: number;
  updatedBy: number;
  createdTime: number;
  updatedTime: number;
}

/** A funnel of a smart process. */
export interface CategoryRecord {
  id: number;
  entityTypeId: number;
  name: string;
  sort: number;
  isDefault: boolean;
  isSystem: boolean;
  code: string | null;
  createdTime: number;
}

/** A stage in `DYNAMIC_<etid>_STAGE_<cat>`. */
export interface StatusRecord {
  id: number;
  entityId: string;
  statusId: string;
  name: string;
  nameInit: string | null;
  sort: number;
  system: boolean;
  categoryId: number;
  color: string;
  semantics: 'S' | 'F' | null;
}

/** One option of an enumeration field. */
export interface EnumRecord {
  id: number;
  value: string;
  def: 'Y' | 'N';
  sort: number;
  xmlId: string;
}

/** A custom field. */
export interface UserFieldRecord {
  id: number;
  entityId: string;
  fieldName: string;
  userTypeId: string;
  xmlId: string | null;
  sort: number;
  multiple: 'Y' | 'N';
  mandatory: 'Y' | 'N';
  showFilter: string;
  showInList: 'Y' | 'N';
  editInList: 'Y' | 'N';
  isSearchable: 'Y' | 'N';
  settings: Record<string, unknown>;
  editFormLabel: Record<string, string | null>;
  helpMessage: Record<string, string | null>;
  enum: EnumRecord[];
}

/**
 * An item. Standard fields are kept under their camelCase names, custom fields
 * under their original `UF_CRM_…` names, so renaming rules apply only at the edge.
 */
export interface ItemRecord {
  id: number;
  values: Record<string, unknown>;
}

/** A stored file value. */
export interface FileValue {
  id: number;
  name: string;
  size: number;
}

/** A legacy CRM contact or company (UPPER_CASE fields, multi-fields as `[{VALUE, VALUE_TYPE}]`). */
export interface ClientRecord {
  ID: number;
  fields: Record<string, unknown>;
}

/** A workflow template. */
export interface TemplateRecord {
  ID: number;
  MODULE_ID: string;
  ENTITY: string;
  DOCUMENT_TYPE: string[];
  AUTO_EXECUTE: number;
  NAME: string;
  DESCRIPTION: string;
  TEMPLATE: unknown[];
  PARAMETERS: unknown[];
  VARIABLES: unknown[];
  CONSTANTS: unknown[];
  MODIFIED: number;
  IS_MODIFIED: 'Y' | 'N';
  USER_ID: number;
  SYSTEM_CODE: string | null;
}

/** A registered application robot or trigger (application context only). */
export interface AppRegistration {
  kind: 'robot' | 'trigger';
  code: string;
  name: string;
  payload: Record<string, unknown>;
}

/** Everything the portal remembers. */
export interface PortalData {
  version: 1;
  secret: string;
  appAccessToken: string;
  seq: Record<string, number>;
  types: TypeRecord[];
  categories: CategoryRecord[];
  statuses: StatusRecord[];
  userFields: UserFieldRecord[];
  items: Record<string, ItemRecord[]>;
  contacts: ClientRecord[];
  companies: ClientRecord[];
  templates: TemplateRecord[];
  registrations: AppRegistration[];
  /** Deals (legacy `crm.deal.*`; added lazily, absent in older saves): what a smart process item may have as its parent (`parentId2`). */
  deals?: ClientRecord[];
  /** Timeline comments on items (added lazily; absent in older saves). */
  timeline?: Array<{ ID: number; ENTITY_ID: number; ENTITY_TYPE: string; COMMENT: string; AUTHOR_ID: number; CREATED: number }>;
}

/** Empty portal; sequences start where a lived-in portal's might, so ids never line up by accident. */
export function emptyPortalData(secret: string, appAccessToken: string): PortalData {
  return {
    version: 1,
    secret,
    appAccessToken,
    // type id starts at 3 and entityTypeId at 1030: the two ids must never coincide.
    seq: { type: 2, category: 0, status: 100, userField: 200, enum: 300, file: 0, contact: 0, company: 0, template: 0 },
    types: [],
    categories: [],
    statuses: [],
    userFields: [],
    items: {},
    contacts: [],
    companies: [],
    templates: [],
    registrations: [],
  };
}
