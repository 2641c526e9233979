import { createHash } from 'node:crypto';
import { compileFilter, compileOrder, paginate, type FilterField } from './list-filter';
import type { CallContext, MethodDef } from './method-types';
import { ok } from './method-types';
import type { EnumRecord, UserFieldRecord } from './portal-data';
import { optionalObject, param, requireInt, toInt, toYesNo } from './params';
import { RestError } from './rest-error';

const LANGUAGES = ['en', 'ru'] as const;

/** Field types and their default `settings`. */
export const USER_TYPES: Record<string, { description: string; settings: Record<string, unknown> }> = {
  string: { description: 'String', settings: { SIZE: 20, ROWS: 1, REGEXP: '', MIN_LENGTH: 0, MAX_LENGTH: 0, DEFAULT_VALUE: '' } },
  integer: { description: 'Integer', settings: { SIZE: 20, MIN_VALUE: 0, MAX_VALUE: 0, DEFAULT_VALUE: null } },
  double: { description: 'Number', settings: { PRECISION: 2, SIZE: 20, MIN_VALUE: 0, MAX_VALUE: 0, DEFAULT_VALUE: null } },
  boolean: { description: 'Yes/No', settings: { DEFAULT_VALUE: 0, DISPLAY: 'CHECKBOX', LABEL: ['', ''], LABEL_CHECKBOX: '' } },
  date: { description: 'Date', settings: { DEFAULT_VALUE: { TYPE: 'NONE', VALUE: '' } } },
  datetime: { description: 'Date/Time', settings: { DEFAULT_VALUE: { TYPE: 'NONE', VALUE: '' }, USE_SECOND: 'Y', USE_TIMEZONE: 'N' } },
  money: { description: 'Money', settings: { DEFAULT_VALUE: '' } },
  url: { description: 'Link', settings: { POPUP: 'Y', SIZE: 20, MIN_LENGTH: 0, MAX_LENGTH: 0, DEFAULT_VALUE: '', ROWS: 1 } },
  address: { description: 'Address', settings: { SHOW_MAP: 'Y' } },
  file: { description: 'File', settings: { SIZE: 20, LIST_WIDTH: 0, LIST_HEIGHT: 0, MAX_SHOW_SIZE: 0, MAX_ALLOWED_SIZE: 0, EXTENSIONS: [], TARGET_BLANK: 'Y' } },
  enumeration: { description: 'List', settings: { DISPLAY: 'LIST', LIST_HEIGHT: 1, CAPTION_NO_VALUE: '', SHOW_NO_VALUE: 'Y' } },
  employee: { description: 'Employee', settings: {} },
  crm: { description: 'CRM item binding', settings: { LEAD: 'N', CONTACT: 'Y', COMPANY: 'Y', DEAL: 'N' } },
  crm_status: { description: 'CRM dictionary', settings: { ENTITY_TYPE: 'SOURCE' } },
  iblock_section: { description: 'Information block sections', settings: { DISPLAY: 'LIST', LIST_HEIGHT: 1, IBLOCK_ID: 0, DEFAULT_VALUE: '', ACTIVE_FILTER: 'N' } },
  iblock_element: { description: 'Information block elements', settings: { DISPLAY: 'LIST', LIST_HEIGHT: 1, IBLOCK_ID: 0, DEFAULT_VALUE: '', ACTIVE_FILTER: 'N' } },
};

// userfieldconfig.* answers with an empty error code and the reason in the text.
function fail(message: string): RestError {
  return new RestError(400, '', message);
}

function langMap(value: unknown, existing?: Record<string, string | null>): Record<string, string | null> {
  const out: Record<string, string | null> = existing ? { ...existing } : Object.fromEntries(LANGUAGES.map((l) => [l, null]));
  if (typeof value === 'string') for (const lang of LANGUAGES) out[lang] = value;
  else if (value !== null && typeof value === 'object') for (const [lang, text] of Object.entries(value)) out[lang] = text === null ? null : String(text);
  return out;
}

/** The field as `userfieldconfig.*` returns it: ids and sort as strings. */
export function userFieldToJson(field: UserFieldRecord): Record<string, unknown> {
  const nulls = Object.fromEntries(LANGUAGES.map((l) => [l, null]));
  const json: Record<string, unknown> = {
    id: String(field.id),
    entityId: field.entityId,
    fieldName: field.fieldName,
    userTypeId: field.userTypeId,
    xmlId: field.xmlId,
    sort: String(field.sort),
    multiple: field.multiple,
    mandatory: field.mandatory,
    showFilter: field.showFilter,
    showInList: field.showInList,
    editInList: field.editInList,
    isSearchable: field.isSearchable,
    settings: Object.keys(field.settings).length === 0 ? [] : field.settings,
    languageId: Object.fromEntries(LANGUAGES.map((l) => [l, l])),
    editFormLabel: field.editFormLabel,
    // Not processed by add; they come back null per language.
    listColumnLabel: nulls,
    listFilterLabel: nulls,
    errorMessage: nulls,
    helpMessage: field.helpMessage,
  };
  if (field.userTypeId === 'enumeration') json['enum'] = field.enum.map((e) => enumToJson(field, e));
  return json;
}

const LANGUAGE_KEYS = ['languageId', 'editFormLabel', 'listColumnLabel', 'listFilterLabel', 'errorMessage', 'helpMessage'] as const;

/** The `language` key of a `userfieldconfig.list` select (`{0: '*', language: 'en'}`), if any. */
function selectedLanguage(select: unknown): string | undefined {
  if (select === null || typeof select !== 'object') return undefined;
  const language = (select as Record<string, unknown>)['language'];
  return typeof language === 'string' && language !== '' ? language : undefined;
}

/**
 * A field as `userfieldconfig.list` shows it: every setting but the list
 * items, and language phrases only when the select names a language, then
 * for that language alone, a phrase map with no text being null (docs:
 * userfieldconfig-list.md, "By default, all fields are shown except for
 * list options and language phrases").
 */
function listedField(field: UserFieldRecord, language: string | undefined): Record<string, unknown> {
  const json = userFieldToJson(field);
  delete json['enum'];
  for (const key of LANGUAGE_KEYS) {
    if (language === undefined) {
      delete json[key];
      continue;
    }
    if (key === 'languageId') {
      json[key] = { [language]: language };
      continue;
    }
    const text = (json[key] as Record<string, string | null> | null)?.[language] ?? null;
    json[key] = text === null ? null : { [language]: text };
  }
  return json;
}

function enumToJson(field: UserFieldRecord, item: EnumRecord): Record<string, unknown> {
  return { id: String(item.id), userFieldId: String(field.id), value: item.value, def: item.def, sort: String(item.sort), xmlId: item.xmlId };
}

function requireModule(ctx: CallContext): void {
  const moduleId = param(ctx.params, 'moduleId');
  if (moduleId === undefined || moduleId === '') throw new RestError(400, 100, 'Could not find value for parameter {moduleId}');
  if (moduleId !== 'crm') throw fail('Module not found');
}

function requireSettingsRight(ctx: CallContext): void {
  if (!ctx.isCrmAdmin) throw fail('Access denied');
}

function readSettings(userTypeId: string, raw: unknown, base: Record<string, unknown>): Record<string, unknown> {
  const settings = { ...base };
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) Object.assign(settings, raw);
  // Type-specific normalisation the portal applies: ROWS > 0, PRECISION ≥ 0.
  if ((userTypeId === 'string' || userTypeId === 'url') && !(Number(settings['ROWS']) > 0)) settings['ROWS'] = 1;
  if (userTypeId === 'double' && !(Number(settings['PRECISION']) >= 0)) settings['PRECISION'] = 2;
  if (userTypeId === 'boolean') {
    const display = String(settings['DISPLAY']);
    if (!['CHECKBOX', 'RADIO', 'DROPDOWN'].includes(display)) settings['DISPLAY'] = 'CHECKBOX';
    settings['DEFAULT_VALUE'] = Number(settings['DEFAULT_VALUE']) ? 1 : 0;
  }
  if (userTypeId === 'enumeration' && !['LIST', 'UI', 'CHECKBOX', 'DIALOG'].includes(String(settings['DISPLAY']))) settings['DISPLAY'] = 'LIST';
  return settings;
}

function applyEnum(ctx: CallContext, field: UserFieldRecord, raw: unknown): void {
  const entries = Array.isArray(raw) ? raw : raw !== null && typeof raw === 'object' ? Object.values(raw) : [];
  for (const entry of entries) {
    if (entry === null || typeof entry !== 'object') continue;
    const e = entry as Record<string, unknown>;
    const id = toInt(e['id']);
    const existing = id === undefined ? undefined : field.enum.find((item) => item.id === id);
    if (existing !== undefined && toYesNo(e['del']) === 'Y') {
      field.enum = field.enum.filter((item) => item !== existing);
      continue;
    }
    const value = e['value'] === undefined || e['value'] === null ? '' : String(e['value']);
    if (existing !== undefined) {
      if (e['value'] !== undefined) {
        if (value.trim() === '') throw fail('Fail to save enumeration field values');
        existing.value = value;
      }
      if (e['def'] !== undefined) existing.def = toYesNo(e['def']) ?? 'N';
      if (e['sort'] !== undefined) existing.sort = toInt(e['sort']) ?? existing.sort;
      if (typeof e['xmlId'] === 'string' && e['xmlId'] !== '') existing.xmlId = e['xmlId'];
      continue;
    }
    if (value.trim() === '') throw fail('Fail to save enumeration field values');
    const itemId = ctx.portal.nextId('enum');
    field.enum.push({
      id: itemId,
      value,
      def: toYesNo(e['def']) ?? 'N',
      sort: toInt(e['sort']) ?? 500,
      xmlId: typeof e['xmlId'] === 'string' && e['xmlId'] !== '' ? e['xmlId'] : createHash('md5').update(`${field.id}:${itemId}:${value}`).digest('hex'),
    });
  }
  // A non-multiple list has at most one default option.
  if (field.multiple === 'N') {
    let seen = false;
    for (const item of field.enum) {
      if (item.def === 'Y') {
        if (seen) item.def = 'N';
        seen = true;
      }
    }
  }
  field.enum.sort((a, b) => a.sort - b.sort || a.id - b.id);
}

function findField(ctx: CallContext, onMissing: string): UserFieldRecord {
  const id = requireInt(ctx.params, 'id');
  const field = ctx.portal.data.userFields.find((f) => f.id === id);
  if (field === undefined) throw fail(onMissing);
  return field;
}

const UF_FILTER_FIELDS: Record<string, FilterField<UserFieldRecord>> = {
  id: { kind: 'int', get: (f) => f.id },
  entityId: { kind: 'string', get: (f) => f.entityId },
  fieldName: { kind: 'string', get: (f) => f.fieldName },
  userTypeId: { kind: 'string', get: (f) => f.userTypeId },
  xmlId: { kind: 'string', get: (f) => f.xmlId },
  sort: { kind: 'int', get: (f) => f.sort },
  multiple: { kind: 'string', get: (f) => f.multiple },
  mandatory: { kind: 'string', get: (f) => f.mandatory },
  showFilter: { kind: 'string', get: (f) => f.showFilter },
  showInList: { kind: 'string', get: (f) => f.showInList },
  editInList: { kind: 'string', get: (f) => f.editInList },
  isSearchable: { kind: 'string', get: (f) => f.isSearchable },
};

/** `userfieldconfig.*` for CRM smart processes. */
export const userFieldConfigMethods: MethodDef[] = [
  {
    name: 'userfieldconfig.add',
    scope: ['userfieldconfig'],
    alsoScope: 'crm',
    write: true,
    handler: (ctx) => {
      requireModule(ctx);
      const raw = optionalObject(ctx.params, 'field');
      if (raw === undefined) throw new RestError(400, 100, 'Could not find value for parameter {field}');
      requireSettingsRight(ctx);
      const entityId = typeof raw['entityId'] === 'string' ? raw['entityId'] : '';
      const typeMatch = /^CRM_(\d+)$/.exec(entityId);
      // CRM_<entityTypeId> instead of CRM_<id> fails here.
      const type = typeMatch === null ? undefined : ctx.portal.typeById(Number(typeMatch[1]));
      if (type === undefined) throw fail('You cannot create custom fields');
      const userTypeId = typeof raw['userTypeId'] === 'string' ? raw['userTypeId'] : '';
      if (userTypeId === '') throw fail("The 'USER_TYPE_ID' field is not found.");
      const fieldName = typeof raw['fieldName'] === 'string' ? raw['fieldName'] : '';
      if (fieldName === '') throw fail("The 'FIELD_NAME' field is not found.");
      if (!fieldName.startsWith(`UF_${entityId}_`)) throw fail('You cannot create custom fields');
      // Name rules: A-Z, 0-9, _, at most 50 characters including the prefix.
      if (fieldName.length > 50) throw fail('The field name must not exceed 50 characters (including the UF_ prefix).');
      if (!/^UF_[A-Z0-9_]+$/.test(fieldName) || fieldName.length <= `UF_${entityId}_`.length) {
        throw fail('The field name may contain only Latin letters A-Z, digits and the underscore.');
      }
      const definition = USER_TYPES[userTypeId];
      if (definition === undefined) throw fail(`The user type "${userTypeId}" is not found.`);
      if (ctx.portal.data.userFields.some((f) => f.entityId === entityId && f.fieldName === fieldName)) {
        throw fail(`Field ${fieldName} already exists`);
      }
      const field: UserFieldRecord = {
        id: ctx.portal.nextId('userField'),
        entityId,
        fieldName,
        userTypeId,
        xmlId: typeof raw['xmlId'] === 'string' && raw['xmlId'] !== '' ? raw['xmlId'] : null,
        sort: toInt(raw['sort']) ?? 100,
        multiple: toYesNo(raw['multiple']) ?? 'N',
        mandatory: toYesNo(raw['mandatory']) ?? 'N',
        showFilter: toYesNo(raw['showFilter']) === 'Y' ? 'E' : 'N',
        showInList: 'Y',
        editInList: toYesNo(raw['editInList']) ?? 'Y',
        isSearchable: toYesNo(raw['isSearchable']) ?? 'N',
        settings: readSettings(userTypeId, raw['settings'], definition.settings),
        editFormLabel: langMap(raw['editFormLabel']),
        helpMessage: langMap(raw['helpMessage']),
        enum: [],
      };
      if (userTypeId === 'enumeration' && raw['enum'] !== undefined) applyEnum(ctx, field, raw['enum']);
      ctx.portal.data.userFields.push(field);
      ctx.rowsWritten += 1;
      return ok({ field: userFieldToJson(field) });
    },
  },
  {
    name: 'userfieldconfig.update',
    scope: ['userfieldconfig'],
    alsoScope: 'crm',
    write: true,
    handler: (ctx) => {
      requireModule(ctx);
      const field = findField(ctx, 'You cannot change the settings of the user field');
      const raw = optionalObject(ctx.params, 'field');
      if (raw === undefined) throw new RestError(400, 100, 'Could not find value for parameter {field}');
      requireSettingsRight(ctx);
      // Immutable keys (entityId, fieldName, userTypeId, multiple) are silently ignored.
      if (raw['xmlId'] !== undefined) field.xmlId = raw['xmlId'] === null || raw['xmlId'] === '' ? null : String(raw['xmlId']);
      if (raw['sort'] !== undefined) field.sort = toInt(raw['sort']) ?? field.sort;
      if (raw['mandatory'] !== undefined) field.mandatory = toYesNo(raw['mandatory']) ?? field.mandatory;
      if (raw['showFilter'] !== undefined) field.showFilter = toYesNo(raw['showFilter']) === 'Y' ? 'E' : 'N';
      if (raw['isSearchable'] !== undefined) field.isSearchable = toYesNo(raw['isSearchable']) ?? field.isSearchable;
      if (raw['editFormLabel'] !== undefined) field.editFormLabel = langMap(raw['editFormLabel'], field.editFormLabel);
      if (raw['helpMessage'] !== undefined) field.helpMessage = langMap(raw['helpMessage'], field.helpMessage);
      if (raw['settings'] !== undefined) field.settings = readSettings(field.userTypeId, raw['settings'], field.settings);
      // Changing enum needs userTypeId "enumeration" in the same call.
      if (raw['enum'] !== undefined && raw['userTypeId'] === 'enumeration' && field.userTypeId === 'enumeration') applyEnum(ctx, field, raw['enum']);
      ctx.rowsWritten += 1;
      return ok({ field: userFieldToJson(field) });
    },
  },
  {
    name: 'userfieldconfig.get',
    scope: ['userfieldconfig'],
    alsoScope: 'crm',
    write: false,
    handler: (ctx) => {
      requireModule(ctx);
      return ok({ field: userFieldToJson(findField(ctx, 'The user field is not found')) });
    },
  },
  {
    name: 'userfieldconfig.list',
    scope: ['userfieldconfig'],
    alsoScope: 'crm',
    write: false,
    handler: (ctx) => {
      requireModule(ctx);
      const resolve = (name: string) => UF_FILTER_FIELDS[name];
      const predicate = compileFilter(optionalObject(ctx.params, 'filter'), resolve);
      const order = optionalObject(ctx.params, 'order') ?? { sort: 'ASC', id: 'ASC' };
      const compare = compileOrder(order, resolve, UF_FILTER_FIELDS['id'] as FilterField<UserFieldRecord>);
      // Only CRM smart-process fields live in this sandbox.
      const rows = ctx.portal.data.userFields.filter(predicate).sort(compare);
      const { page, total, next } = paginate(rows, param(ctx.params, 'start'));
      return { result: { fields: page.map((field) => listedField(field, selectedLanguage(ctx.params['select']))) }, total, next };
    },
  },
  {
    name: 'userfieldconfig.delete',
    scope: ['userfieldconfig'],
    alsoScope: 'crm',
    write: true,
    handler: (ctx) => {
      requireModule(ctx);
      const field = findField(ctx, 'You cannot delete the user field');
      requireSettingsRight(ctx);
      ctx.portal.data.userFields = ctx.portal.data.userFields.filter((f) => f !== field);
      const type = ctx.portal.typeById(Number(field.entityId.slice('CRM_'.length)));
      if (type !== undefined) for (const item of ctx.portal.items(type.entityTypeId).values()) delete item.values[field.fieldName];
      ctx.rowsWritten += 1;
      return ok(null);
    },
  },
  {
    name: 'userfieldconfig.getTypes',
    scope: ['userfieldconfig'],
    alsoScope: 'crm',
    write: false,
    handler: (ctx) => {
      requireModule(ctx);
      const types = Object.fromEntries(Object.entries(USER_TYPES).map(([id, t]) => [id, { userTypeId: id, description: t.description }]));
      return ok({ types });
    },
  },
];
