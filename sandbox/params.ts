import { RestError, invalidParameterType, missingParameter } from './rest-error';

/**
 * Reads a parameter by name; legacy UPPER_CASE methods accept either case, so
 * callers can ask for several spellings.
 */
export function param(params: Record<string, unknown>, ...names: string[]): unknown {
  for (const name of names) if (params[name] !== undefined) return params[name];
  return undefined;
}

/** A required integer parameter (`100` errors exactly as the REST layer words them). */
export function requireInt(params: Record<string, unknown>, name: string, ...aliases: string[]): number {
  const value = param(params, name, ...aliases);
  if (value === undefined || value === null || value === '') throw missingParameter(name);
  const n = toInt(value);
  if (n === undefined) throw invalidParameterType(name, value, 'int');
  return n;
}

/** An optional integer parameter. */
export function optionalInt(params: Record<string, unknown>, name: string): number | undefined {
  const value = params[name];
  if (value === undefined || value === null || value === '') return undefined;
  const n = toInt(value);
  if (n === undefined) throw invalidParameterType(name, value, 'int');
  return n;
}

/** A required object (PHP array) parameter. */
export function requireObject(params: Record<string, unknown>, name: string, ...aliases: string[]): Record<string, unknown> {
  const value = param(params, name, ...aliases);
  if (value === undefined || value === null || value === '') throw missingParameter(name);
  if (Array.isArray(value)) return Object.fromEntries(value.map((v, i) => [String(i), v]));
  if (typeof value !== 'object') throw invalidParameterType(name, value, 'array');
  return value as Record<string, unknown>;
}

/** An optional object parameter; `[]` (PHP's empty array) counts as empty. */
export function optionalObject(params: Record<string, unknown>, ...names: string[]): Record<string, unknown> | undefined {
  const value = param(params, ...names);
  if (value === undefined || value === null || value === '') return undefined;
  if (Array.isArray(value)) return value.length === 0 ? {} : Object.fromEntries(value.map((v, i) => [String(i), v]));
  if (typeof value !== 'object') throw invalidParameterType(names[0] ?? '', value, 'array');
  return value as Record<string, unknown>;
}

/** Integer from a JSON number or a numeric string, as PHP would accept it. */
export function toInt(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number(value);
  return undefined;
}

/** Reads a Y/N flag; anything but Y/N/true/false/1/0 is undefined. */
export function toYesNo(value: unknown): 'Y' | 'N' | undefined {
  if (value === 'Y' || value === 'y' || value === true || value === 1 || value === '1' || value === 'true') return 'Y';
  if (value === 'N' || value === 'n' || value === false || value === 0 || value === '0' || value === 'false') return 'N';
  return undefined;
}

/** The `0`-coded error the newer CRM controllers use for business refusals. */
export function zeroError(description: string): RestError {
  return new RestError(400, 0, description);
}

/** Whether an optional `useOriginalUfNames` asks for `UF_CRM_…` keys. */
export function useOriginalNames(params: Record<string, unknown>): boolean {
  return toYesNo(params['useOriginalUfNames']) === 'Y';
}
