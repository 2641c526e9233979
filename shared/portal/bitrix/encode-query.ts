/**
 * A `$result[...]` reference to an earlier command of the same batch.
 *
 * Written into a command string without URL encoding so the portal can
 * substitute it; build it with `batchRef`.
 */
export class BatchRef {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

/**
 * Builds `$result[key][p1][p2]…`, e.g. `batchRef('p0', 'items', 49, 'id')`.
 */
export function batchRef(key: string, ...path: Array<string | number>): BatchRef {
  return new BatchRef(`$result[${[key, ...path].join('][')}]`);
}

/**
 * Encodes parameters as a PHP-style query string (`a[b][0]=x&c=y`).
 *
 * Values are percent-encoded (UTF-8), bracket keys are left readable as the
 * portal's parser expects; `true`/`false` become `1`/`0` as PHP's
 * `http_build_query` does (pass `'Y'`/`'N'` where a method wants those);
 * `null`/`undefined`, empty arrays and empty objects are left out, since a
 * query string cannot express them: the portal would never see a cleared
 * list. Check `hasEmptyList` before putting a write into `batch`.
 */
export function encodeQuery(params: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) append(parts, encodeKey(key), value);
  return parts.join('&');
}

/** One batch command string: `method?query`. */
export function encodeCommand(method: string, params: Record<string, unknown> | undefined): string {
  const query = params ? encodeQuery(params) : '';
  return query === '' ? method : `${method}?${query}`;
}

function append(parts: string[], key: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (value instanceof BatchRef) {
    parts.push(`${key}=${value.text}`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => append(parts, `${key}[${index}]`, item));
    return;
  }
  if (value instanceof Date) {
    // The portal wants `±hh:mm`, not `Z`.
    parts.push(`${key}=${encodeURIComponent(`${value.toISOString().slice(0, 19)}+00:00`)}`);
    return;
  }
  if (typeof value === 'object') {
    for (const [sub, item] of Object.entries(value as Record<string, unknown>)) append(parts, `${key}[${encodeKey(sub)}]`, item);
    return;
  }
  if (typeof value === 'boolean') {
    parts.push(`${key}=${value ? '1' : '0'}`);
    return;
  }
  parts.push(`${key}=${encodeURIComponent(String(value))}`);
}

function encodeKey(key: string): string {
  // Brackets stay literal: they are the syntax; anything else that could split
  // the pair (&, =, #, %, spaces, non-ASCII) is escaped.
  return encodeURIComponent(key).replace(/%5B/gi, '[').replace(/%5D/gi, ']');
}

const REFERENCE = /\$result(?:_error)?\[[^\]]+\]/;

/**
 * True when some string inside `value` looks like a `$result[...]`
 * reference: the portal substitutes those in every batch command after
 * decoding, so such text cannot travel inside `batch` (send it in a plain
 * call, whose JSON body is taken as is). `BatchRef`s are meant and allowed.
 */
export function hasBatchReference(value: unknown): boolean {
  if (typeof value === 'string') return REFERENCE.test(value);
  if (value instanceof BatchRef || value === null || typeof value !== 'object') return false;
  return Object.entries(value as Record<string, unknown>).some(([key, item]) => REFERENCE.test(key) || hasBatchReference(item));
}

/**
 * True when `value` holds an empty array anywhere (a cleared list or
 * contacts field). Inside `batch` every command is a query string, where an
 * empty array leaves no trace: the field would keep its old values, or the
 * command would lose `fields` altogether. Such a write goes as a plain call,
 * whose JSON body carries `[]` as the portal documents for clearing.
 */
export function hasEmptyList(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0 || value.some(hasEmptyList);
  if (value === null || typeof value !== 'object' || value instanceof BatchRef || value instanceof Date) return false;
  return Object.values(value as Record<string, unknown>).some(hasEmptyList);
}

/**
 * True when an update's parameters clear a list: inside `batch` that empty
 * list would vanish and the field keep its old values. (On `add` or import
 * an absent list is the same as an empty one, so nothing is lost there.)
 */
export function clearsListInBatch(method: string, params: Record<string, unknown> | undefined): boolean {
  return /\.update$/i.test(method) && params !== undefined && hasEmptyList(params);
}

/**
 * True when a command arrives at the portal as it was meant when sent inside
 * `batch`: no `$result[...]`-like text (substituted there) and no cleared
 * list (dropped there). Otherwise send it as a plain call.
 */
export function travelsInBatch(method: string, params: Record<string, unknown> | undefined): boolean {
  return params === undefined || (!hasBatchReference(params) && !clearsListInBatch(method, params));
}
