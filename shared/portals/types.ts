/** One thing a connection check found, with how to fix it in the portal. */
export interface PortalProblem {
  code: 'UNREACHABLE' | 'NOT_A_WEBHOOK' | 'INSECURE_URL' | 'REJECTED' | 'MISSING_SCOPE' | 'NOT_ADMIN' | 'PORTAL_ERROR';
  /** `error`: the portal cannot be used; `warning`: it can, with limits. */
  severity: 'error' | 'warning';
  message: string;
  hint: string;
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

/** Scopes the migration needs; without `bizproc` only the automation checklist is possible. */
export const REQUIRED_SCOPES = ['crm', 'user', 'userfieldconfig'] as const;
/** Scopes that widen what the tool can do but are not required. */
export const OPTIONAL_SCOPES = ['bizproc'] as const;
