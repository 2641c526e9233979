/**
 * Parses a query string the way PHP fills `$_GET`/`$_POST`: `a[b][]=1&a[b][]=2`
 * becomes `{a: {b: ['1', '2']}}` (the portal's request format, and how `batch`
 * command encoding). Values stay strings, as PHP leaves them.
 */
export function parsePhpQuery(query: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  if (query.startsWith('?')) query = query.slice(1);
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawKey = eq === -1 ? part : part.slice(0, eq);
    const rawValue = eq === -1 ? '' : part.slice(eq + 1);
    const key = decode(rawKey);
    const value = decode(rawValue);
    const path = splitKey(key);
    if (path === undefined) continue;
    assign(root, path, value);
  }
  return listify(root) as Record<string, unknown>;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    // PHP keeps undecodable sequences as they are rather than failing the request.
    return text.replace(/\+/g, ' ');
  }
}

/** `a[b][]` → `['a', 'b', '']`; PHP drops keys whose first bracket is unmatched differently, but that never matters here. */
function splitKey(key: string): string[] | undefined {
  const open = key.indexOf('[');
  if (open <= 0) return key === '' ? undefined : [key];
  const head = key.slice(0, open);
  const rest: string[] = [];
  const pattern = /\[([^\]]*)\]/gy;
  pattern.lastIndex = open;
  let match: RegExpExecArray | null;
  let consumed = open;
  while ((match = pattern.exec(key)) !== null) {
    rest.push(match[1] ?? '');
    consumed = pattern.lastIndex;
  }
  if (consumed !== key.length && rest.length === 0) return [key];
  return [head, ...rest];
}

type Node = Record<string, unknown> & { [APPEND]?: number };
const APPEND = Symbol('nextIndex');

function assign(target: Node, path: string[], value: string): void {
  let node = target;
  for (let i = 0; i < path.length; i += 1) {
    let segment = path[i] ?? '';
    const last = i === path.length - 1;
    if (segment === '') {
      const next = node[APPEND] ?? nextIndex(node);
      segment = String(next);
    }
    if (/^\d+$/.test(segment)) node[APPEND] = Math.max(node[APPEND] ?? 0, Number(segment) + 1);
    if (last) {
      node[segment] = value;
      return;
    }
    const child = node[segment];
    if (child === null || typeof child !== 'object') node[segment] = {};
    node = node[segment] as Node;
  }
}

function nextIndex(node: Node): number {
  let max = -1;
  for (const key of Object.keys(node)) if (/^\d+$/.test(key)) max = Math.max(max, Number(key));
  return max + 1;
}

/** PHP has one array type; an object whose keys are exactly 0..n-1 is what JSON would call a list. */
export function listify(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(listify);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  const sequential = entries.length > 0 && entries.every(([key], index) => key === String(index));
  if (sequential) return entries.map(([, inner]) => listify(inner));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of entries) out[key] = listify(inner);
  return out;
}
