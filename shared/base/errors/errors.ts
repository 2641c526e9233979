import type { FollowUp } from './follow-up';

export type { FollowUp } from './follow-up';

/**
 * Stable error codes that cross every boundary (IPC, HTTP, CLI JSON), as a
 * list a test can walk (every code needs a text in each UI language).
 *
 * Codes are part of the public contract: tests, the UI and scripts switch on
 * them, so an existing code is never renamed. Add new ones at the end of a group.
 */
export const ERROR_CODES = [
  // transport and contract
  'UNKNOWN_CHANNEL',
  'INVALID_INPUT',
  'FORBIDDEN',
  'INTERNAL',
  'CANCELLED',
  'NOT_FOUND',
  // reading files
  'FILE_EMPTY',
  'FILE_CORRUPT',
  'FILE_ENCRYPTED',
  'FILE_UNSUPPORTED_FORMAT',
  'FILE_NOT_SPREADSHEET',
  'FILE_NO_HEADER',
  'FILE_TOO_LARGE',
  'WORKBOOK_NOT_FOUND',
  'SHEET_NOT_FOUND',
  'FILE_LIMIT_EXCEEDED',
  'CSV_UNCLOSED_QUOTE',
  'SHEET_NO_DATA',
  // talking to a portal
  'PORTAL_INSECURE_URL',
  'PORTAL_AUTH',
  'PORTAL_SCOPE',
  'PORTAL_ACCESS',
  'PORTAL_NOT_FOUND',
  'PORTAL_VALIDATION',
  'PORTAL_RATE_LIMIT',
  'PORTAL_TIME_LIMIT',
  'PORTAL_NETWORK',
  'PORTAL_ERROR',
  'PORTAL_PLAN',
  'PORTAL_BLOCKED',
] as const;

/** One of `ERROR_CODES`. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * Where a problem sits, so a message can point a person at it.
 *
 * Row and column numbers are 1-based as a spreadsheet shows them; `column` is
 * the header text or the column letter, whichever the person will recognise.
 */
export interface ErrorLocation {
  file?: string;
  sheet?: string;
  row?: number;
  column?: string;
  method?: string;
}

/**
 * The plain-data form of an error, safe to serialise across IPC and HTTP.
 *
 * `message` says what happened; `hint` says what to do about it.
 */
export interface WireError {
  code: ErrorCode;
  message: string;
  hint?: string;
  where?: ErrorLocation;
  /** Machine-readable specifics (e.g. `format: 'ods'`), so a UI can word the message in its own language. */
  params?: Record<string, string>;
  /** What to do next, as data: the CLI prints each as a command line, the app shows the button that does it. */
  followUps?: FollowUp[];
}

/**
 * The one error class the core throws for expected failures.
 *
 * Anything else that escapes a handler is reported as `INTERNAL`.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  /**
   * The hint for the desktop app, where the person clicks rather than types:
   * set wherever `hint` names a command or a flag.
   */
  readonly appHint: string | undefined;
  readonly where: ErrorLocation | undefined;
  readonly params: Record<string, string> | undefined;
  readonly followUps: FollowUp[] | undefined;

  constructor(code: ErrorCode, message: string, options: { hint?: string; appHint?: string; where?: ErrorLocation; params?: Record<string, string>; followUps?: FollowUp[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.hint = options.hint;
    this.appHint = options.appHint;
    this.where = options.where;
    this.params = options.params;
    this.followUps = options.followUps;
  }
}

/** Who reads an error: a person at the command line, or one in the app (who is never told to type a command). */
export type ErrorAudience = 'cli' | 'app';

/**
 * Converts anything thrown into a `WireError`, with the hint for `audience`.
 *
 * Unknown errors keep only a generic message: their text may carry paths or
 * secrets and is not meant for the person at the screen.
 */
export function toWireError(error: unknown, audience: ErrorAudience = 'cli'): WireError {
  if (error instanceof AppError) {
    const wire: WireError = { code: error.code, message: error.message };
    const hint = audience === 'app' ? (error.appHint ?? error.hint) : error.hint;
    if (hint !== undefined) wire.hint = hint;
    if (error.where !== undefined) wire.where = error.where;
    if (error.params !== undefined) wire.params = error.params;
    if (error.followUps !== undefined && error.followUps.length > 0) wire.followUps = error.followUps;
    return wire;
  }
  if (isAbortError(error)) {
    return { code: 'CANCELLED', message: 'The operation was cancelled.' };
  }
  return {
    code: 'INTERNAL',
    message: 'Something went wrong inside Smart Process Migrator.',
    hint: 'Try again; if it repeats, report it with the steps that led here.',
  };
}

/** True for the errors `AbortSignal` produces (`AbortError`, `TimeoutError`). */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/**
 * The error the UI side throws when a call comes back with `ok: false`.
 *
 * It carries the wire error unchanged so UI code can switch on `code`.
 */
export class ApiError extends Error {
  readonly wire: WireError;

  constructor(wire: WireError) {
    super(wire.message);
    this.name = 'ApiError';
    this.wire = wire;
  }

  /** The stable code of the failure. */
  get code(): ErrorCode {
    return this.wire.code;
  }
}
