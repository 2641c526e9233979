/** One thing a connection check found, with how to fix it in the portal. */
export interface PortalProblem {
  code: 'UNREACHABLE' | 'NOT_A_WEBHOOK' | 'INSECURE_URL' | 'REJECTED' | 'MISSING_SCOPE' | 'NOT_ADMIN' | 'PORTAL_ERROR' | 'USER_BRIEF_ONLY' | 'NO_ACCESS' | 'PLAN_NO_REST' | 'REST_BLOCKED';
  /** `error`: the portal cannot be used; `warning`: it can, with limits. */
  severity: 'error' | 'warning';
  message: string;
  hint: string;
  /** The portal's code and own words (`portalCode`, `portalText`), or the `reason`, so a UI words the problem itself. */
  params?: Record<string, string>;
}

/** What a live check of a webhook found. Never carries the secret. */
export interface PortalCheck {
  ok: boolean;
  /** `https://acme.bitrix24.com`. */
  origin: string;
  /** The webhook URL with its secret replaced by `***`. */
  display: string;
  user?: { id: number; name: string; isAdmin: boolean };
  scopes: string[];
  missingScopes: string[];
  problems: PortalProblem[];
}

/** A portal the user saved. Its secret lives in the `SecretStore`, never here. */
export interface SavedPortal {
  id: string;
  kind: 'webhook' | 'sandbox';
  label: string;
  origin: string;
  display: string;
  userName?: string;
  isAdmin?: boolean;
  addedAt: string;
  checkedAt?: string;
}

/**
 * Scopes the migration needs (the CLI and the app check the same list):
 * `crm` for the smart process and its items, `userfieldconfig` for custom
 * fields (it needs `crm` too), `user` for matching people, which any of
 * `USER_SCOPES` provides. Without `bizproc` only the automation checklist is
 * possible.
 */
export const REQUIRED_SCOPES = ['crm', 'userfieldconfig', 'user'] as const;
/** Scopes that serve `user.get`; `user_brief` leaves out e-mails. */
export const USER_SCOPES = ['user', 'user_basic', 'user_brief'] as const;
/** Scopes that widen what the tool can do but are not required. */
export const OPTIONAL_SCOPES = ['bizproc'] as const;
/** The scopes to tick on an inbound webhook, in words, made from the lists above so every hint names the same ones. */
export const SCOPES_TO_TICK = `${REQUIRED_SCOPES.filter((scope) => scope !== 'user').join(', ')} and ${USER_SCOPES.join(' or ')}, plus ${OPTIONAL_SCOPES.join(', ')} for automation`;

/**
 * A portal on this computer that the core starts on demand: the sandbox
 * emulator. The host that assembles the core (the app or the CLI) supplies
 * the opener, so the core never imports the emulator itself.
 */
export interface EmbeddedPortal {
  /** Inbound webhook URL, `http://127.0.0.1:PORT/rest/USER/SECRET/`. */
  webhook: string;
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  /** OAuth-style endpoint for calls in the emulated application's context. */
  appEndpoint: string;
  appAccessToken: string;
  close(): Promise<void>;
}

/** Starts (or reopens) the embedded portal kept under `dataDir`; `plan` sets its limits. */
export type OpenEmbeddedPortal = (dataDir: string, options?: { plan?: 'standard' | 'enterprise' | 'unlimited' }) => Promise<EmbeddedPortal>;
