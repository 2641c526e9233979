import { PhpFloat, PhpMap, type PhpValue } from './php-serialize';

/**
 * A decoded PHP value as plain JSON, the way the portal's REST answers show
 * stored templates: ordered maps become objects, floats numbers, raw byte
 * strings latin-1 text.
 */
export function phpToJson(value: PhpValue): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof PhpFloat) return value.value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('latin1');
  if (value instanceof PhpMap) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of value.entries) out[String(key)] = phpToJson(item);
    return out;
  }
  if (Array.isArray(value)) return value.map(phpToJson);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = phpToJson(item);
  return out;
}
