import { AppError, type ErrorCode, type ErrorLocation } from '../../base/errors/errors';
import { SCOPES_TO_TICK } from '../portals/types';

/**
 * A failure talking to a portal, as data.
 *
 * `code` is the stable wire code; `bitrixCode` the portal's own code (or the
 * transport's, e.g. `ECONNRESET`, `HTTP_502`); `httpStatus` is 0 when no
 * answer arrived. `retriable` says the request was refused before it ran and
 * may be sent again; `ambiguous` says a write may have happened although no
 * answer says so. `field` names the rejected field of a validation error.
 * Messages never contain the webhook secret.
 */
export class BitrixError extends AppError {
  readonly bitrixCode: string;
  readonly httpStatus: number;
  readonly retriable: boolean;
  readonly ambiguous: boolean;
  readonly field: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    details: {
      bitrixCode: string;
      httpStatus: number;
      retriable?: boolean;
      ambiguous?: boolean;
      field?: string;
      hint?: string;
      appHint?: string;
      where?: ErrorLocation;
      params?: Record<string, string>;
    },
  ) {
    const options: { hint?: string; appHint?: string; where?: ErrorLocation; params?: Record<string, string> } = {};
    if (details.hint !== undefined) options.hint = details.hint;
    if (details.appHint !== undefined) options.appHint = details.appHint;
    if (details.where !== undefined) options.where = details.where;
    if (details.params !== undefined) options.params = details.params;
    super(code, message, options);
    this.name = 'BitrixError';
    this.bitrixCode = details.bitrixCode;
    this.httpStatus = details.httpStatus;
    this.retriable = details.retriable ?? false;
    this.ambiguous = details.ambiguous ?? false;
    this.field = details.field;
  }

  /** A copy that points at a row (1-based) and keeps everything else. */
  atRow(row: number | undefined, column?: string): BitrixError {
    const where: ErrorLocation = { ...this.where };
    if (row !== undefined) where.row = row;
    const col = column ?? this.field;
    if (col !== undefined) where.column = col;
    const details: ConstructorParameters<typeof BitrixError>[2] = {
      bitrixCode: this.bitrixCode,
      httpStatus: this.httpStatus,
      retriable: this.retriable,
      ambiguous: this.ambiguous,
      where,
    };
    if (this.field !== undefined) details.field = this.field;
    if (this.hint !== undefined) details.hint = this.hint;
    if (this.appHint !== undefined) details.appHint = this.appHint;
    if (this.params !== undefined) details.params = this.params;
    return new BitrixError(this.code, this.message, details);
  }
}

const AUTH = new Set(['NO_AUTH_FOUND', 'expired_token', 'invalid_token', 'INVALID_CREDENTIALS', 'WRONG_AUTH_TYPE']);
const SCOPE = new Set(['insufficient_scope', 'INSUFFICIENT_SCOPE']);
const ACCESS = new Set(['ACCESS_DENIED', 'allowed_only_intranet_user', 'user_access_error', 'PAYMENT_REQUIRED']);
const NOT_FOUND = new Set(['NOT_FOUND', 'ERROR_METHOD_NOT_FOUND', 'ERROR_ENTITY_NOT_FOUND', 'ERROR_NOT_FOUND']);
const VALIDATION = new Set([
  'CRM_FIELD_ERROR_VALUE_NOT_VALID',
  'CRM_FIELD_ERROR_REQUIRED',
  'INVALID_ARG_VALUE',
  'ERROR_ARGUMENT',
  '100',
  'MAX_IMPORT_BATCH_SIZE_EXCEEDED',
  'ERROR_BATCH_LENGTH_EXCEEDED',
  'ERROR_BATCH_METHOD_NOT_ALLOWED',
  'INVALID_REQUEST',
  'ERROR_CORE',
  'BX_ERROR',
]);
const RATE = new Set(['QUERY_LIMIT_EXCEEDED']);
// Methods that answer with an empty `error` (userfieldconfig.*) or ERROR_CORE (crm.status.*) put the refusal in
// the text; some put the text in `error` itself.
const ACCESS_TEXT = /access denied|доступ запрещ|недостаточно прав|you cannot create custom fields/i;
const PLAN_TEXT = /only on commercial plans|только на коммерческих тарифах/i;

/**
 * Turns a portal error answer into a `BitrixError` with its stable code.
 *
 * `error` may be a string, `""` or `0` (some methods put the reason only in
 * the description), so any value is accepted. The field of a validation
 * error is read from the quoted name in the description. The portal's code
 * and its own words travel as params (`portalCode`, `portalText`), so a UI
 * quotes them as the portal's rather than as the app's text.
 */
export function bitrixErrorFromAnswer(
  answer: { error?: unknown; error_description?: unknown },
  httpStatus: number,
  method: string,
): BitrixError {
  const bitrixCode = answer.error === undefined || answer.error === null ? '' : String(answer.error);
  const description = typeof answer.error_description === 'string' ? answer.error_description : '';
  const code = classify(bitrixCode, description, httpStatus);
  const field = code === 'PORTAL_VALIDATION' ? fieldOf(description) : undefined;
  const text = description || bitrixCode || `HTTP ${httpStatus}`;
  const details: ConstructorParameters<typeof BitrixError>[2] = {
    bitrixCode: bitrixCode || `HTTP_${httpStatus}`,
    httpStatus,
    retriable: code === 'PORTAL_RATE_LIMIT' || code === 'PORTAL_TIME_LIMIT',
    where: field === undefined ? { method } : { method, column: field },
    hint: hintFor(code),
    params: { portalCode: bitrixCode || `HTTP_${httpStatus}`, ...(description ? { portalText: description } : {}) },
  };
  if (field !== undefined) details.field = field;
  return new BitrixError(code, `${method}: ${text}${bitrixCode && bitrixCode !== text ? ` (${bitrixCode})` : ''}`, details);
}

/**
 * A transport failure: no usable answer arrived.
 *
 * `ambiguous` is set for writes whose request may have reached the portal.
 */
export function networkError(method: string, reason: string, ambiguous: boolean, httpStatus = 0, portal?: string): BitrixError {
  const unreachable = /ENOTFOUND|ECONNREFUSED|EAI_AGAIN|EHOSTUNREACH/.test(reason);
  return new BitrixError(
    'PORTAL_NETWORK',
    `${portal ?? 'The portal'} gave no usable answer to ${method} (${reason})${ambiguous ? '; the write may or may not have been applied' : ''}.`,
    {
      bitrixCode: reason,
      httpStatus,
      ambiguous,
      where: { method },
      hint: unreachable
        ? 'Check the portal address (copy the webhook URL again from the portal) and this computer’s connection, then try again.'
        : 'Check the network connection and try again; rows already loaded are not sent twice.',
    },
  );
}

function classify(bitrixCode: string, description: string, httpStatus: number): ErrorCode {
  // A manual block by the vendor's support: waiting does not lift it, so it is reported, never retried.
  if (bitrixCode === 'OVERLOAD_LIMIT') return 'PORTAL_BLOCKED';
  if (PLAN_TEXT.test(description) || PLAN_TEXT.test(bitrixCode)) return 'PORTAL_PLAN';
  if (RATE.has(bitrixCode)) return 'PORTAL_RATE_LIMIT';
  if (bitrixCode === 'OPERATION_TIME_LIMIT') return 'PORTAL_TIME_LIMIT';
  if (bitrixCode === 'INVALID_REQUEST' && /https/i.test(description)) return 'PORTAL_INSECURE_URL';
  if (SCOPE.has(bitrixCode) || /required more scopes/i.test(description)) return 'PORTAL_SCOPE';
  // 403 INVALID_CREDENTIALS: the webhook is right, its user lacks the rights (401 is a wrong webhook).
  if (bitrixCode === 'INVALID_CREDENTIALS' && httpStatus === 403) return 'PORTAL_ACCESS';
  if (AUTH.has(bitrixCode) || httpStatus === 401) return 'PORTAL_AUTH';
  if (ACCESS.has(bitrixCode) || httpStatus === 403) return 'PORTAL_ACCESS';
  if (ACCESS_TEXT.test(bitrixCode) || ((bitrixCode === '' || bitrixCode === '0' || bitrixCode === 'ERROR_CORE') && ACCESS_TEXT.test(description))) return 'PORTAL_ACCESS';
  if (NOT_FOUND.has(bitrixCode) || httpStatus === 404) return 'PORTAL_NOT_FOUND';
  if (VALIDATION.has(bitrixCode)) return 'PORTAL_VALIDATION';
  if (httpStatus === 503) return 'PORTAL_RATE_LIMIT';
  if (httpStatus === 429) return 'PORTAL_TIME_LIMIT';
  if (httpStatus >= 500) return 'PORTAL_ERROR';
  if (httpStatus === 400) return 'PORTAL_VALIDATION';
  return 'PORTAL_ERROR';
}

function fieldOf(description: string): string | undefined {
  // The portal names the field by its title in quotes: `Invalid value for field "Amount"`.
  const quoted = /["«“]([^"«»“”]{1,100})["»”]/.exec(description);
  return quoted?.[1];
}

function hintFor(code: ErrorCode): string | undefined {
  switch (code) {
    case 'PORTAL_AUTH':
      return 'The webhook URL is wrong or was revoked: create a new inbound webhook and paste it again.';
    case 'PORTAL_SCOPE':
      return `Edit the inbound webhook and tick the scopes ${SCOPES_TO_TICK}.`;
    case 'PORTAL_ACCESS':
      return 'The webhook acts with its creator’s rights: use a webhook of a user who may change CRM settings (a portal administrator, or a CRM role with “Allow to modify settings”).';
    case 'PORTAL_PLAN':
      return 'The portal’s plan has no REST API: it is available on commercial plans (and during a trial). Upgrade the plan or start the trial, then run again.';
    case 'PORTAL_BLOCKED':
      return 'The portal’s REST API was blocked by Bitrix24 for overload; waiting does not lift the block. Ask Bitrix24 support to lift it, then run again.';
    case 'PORTAL_RATE_LIMIT':
      return 'The portal is busy; the tool waits and retries by itself.';
    case 'PORTAL_TIME_LIMIT':
      return 'The method used its time budget for this 10-minute window; the tool waits for the reset.';
    case 'PORTAL_VALIDATION':
      return 'Fix the value in the spreadsheet (or the mapping) and run again; other rows are not affected.';
    default:
      return undefined;
  }
}
