/**
 * A Bitrix24 error answer: HTTP status plus the `{error, error_description}`
 * envelope. `code` keeps its JSON type, because some
 * methods answer with the integer `0`/`100` or an empty string instead of a
 * string code, and clients must cope with exactly that.
 */
export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | number,
    readonly description: string,
  ) {
    super(description);
    this.name = 'RestError';
  }

  /** The JSON body the portal sends. */
  toBody(): { error: string | number; error_description: string } {
    return { error: this.code, error_description: this.description };
  }
}

/** Missing required parameter: `400`, `error: 100`. */
export function missingParameter(name: string): RestError {
  return new RestError(400, 100, `Could not find value for parameter {${name}}`);
}

/** A parameter of the wrong PHP type: `400`, `error: 100`. */
export function invalidParameterType(name: string, value: unknown, type: 'int' | 'array'): RestError {
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  return new RestError(400, 100, `Invalid value {${shown}} to match with parameter {${name}}. Should be value of type ${type}.`);
}
