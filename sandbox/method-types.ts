import type { Portal } from './portal';
import type { SeedUser } from './seed-users';

/** What a method handler sees of the request. */
export interface CallContext {
  readonly portal: Portal;
  readonly params: Record<string, unknown>;
  readonly user: SeedUser;
  /** The webhook owner is a portal administrator (`profile.ADMIN`; may import history fields). */
  readonly isAdmin: boolean;
  /** The owner may change CRM settings (smart processes, funnels, stages, fields): every portal admin, or a CRM role with "Allow to modify settings". */
  readonly isCrmAdmin: boolean;
  /** True for OAuth calls with the app token; webhooks never have it. */
  readonly appContext: boolean;
  readonly scopes: readonly string[];
  /** Plan limit on the number of smart processes; undefined = none. */
  readonly maxTypes: number | undefined;
  /** Wall-clock ms at which the call started. */
  readonly wallNow: number;
  /** Rows (or configuration records) this call wrote; charged at `writeCostMs` each. */
  rowsWritten: number;
}

/** A method's answer: `result` plus, for list methods, `total`/`next`. */
export interface MethodOutcome {
  result: unknown;
  total?: number;
  next?: number;
}

/** One REST method of the sandbox. */
export interface MethodDef {
  name: string;
  /** Scopes of which the webhook must have one; `basic` is always granted. */
  scope: readonly string[];
  /** Extra scopes also required (userfieldconfig needs crm). */
  alsoScope?: string;
  /** Changes state (counts as a writing request for faults and persistence). */
  write: boolean;
  handler(ctx: CallContext): MethodOutcome;
}

/** Wraps a plain result. */
export function ok(result: unknown): MethodOutcome {
  return { result };
}
