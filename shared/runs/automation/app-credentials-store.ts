/**
 * Where the application's rotating refresh token lives between runs: the
 * user's data folder, owner-only, never the project file.
 * Each refresh makes the previous token useless, so the newest one must be
 * kept; a token the user pastes later (a new `SPM_APP_REFRESH_TOKEN`) wins.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writePrivateFile } from '../../base/storage/write-private-file';
import type { AppCredentials, AppTokens } from './create-app-session';

interface SavedToken {
  clientId: string;
  /** Hash of the pasted token this one descends from. */
  source: string;
  refreshToken: string;
  savedAt: string;
}

const hash = (text: string): string => createHash('sha256').update(text).digest('hex');

function tokenPath(dataDir: string, clientId: string): string {
  return join(dataDir, 'app-oauth', `${hash(clientId).slice(0, 16)}.json`);
}

/**
 * The application credentials from `SPM_APP_CLIENT_ID`, `SPM_APP_CLIENT_SECRET`
 * and `SPM_APP_REFRESH_TOKEN`, with the refresh token replaced by the newest
 * rotated one saved for the same pasted token. Null when any is missing.
 */
export async function loadAppCredentials(env: Record<string, string | undefined>, dataDir: string): Promise<AppCredentials | null> {
  const clientId = env['SPM_APP_CLIENT_ID'];
  const clientSecret = env['SPM_APP_CLIENT_SECRET'];
  const pasted = env['SPM_APP_REFRESH_TOKEN'];
  if (!clientId || !clientSecret || !pasted) return null;
  try {
    const saved = JSON.parse(await readFile(tokenPath(dataDir, clientId), 'utf8')) as Partial<SavedToken>;
    if (saved.clientId === clientId && saved.source === hash(pasted) && typeof saved.refreshToken === 'string') {
      return { clientId, clientSecret, refreshToken: saved.refreshToken };
    }
  } catch {
    // No saved token yet (or an unreadable one): start from the pasted token.
  }
  return { clientId, clientSecret, refreshToken: pasted };
}

/** A callback for `createAppSession({onTokens})` that saves each rotated refresh token. */
export function saveRotatedTokens(dataDir: string, clientId: string, pastedRefreshToken: string): (tokens: AppTokens) => Promise<void> {
  return async (tokens) => {
    const saved: SavedToken = { clientId, source: hash(pastedRefreshToken), refreshToken: tokens.refreshToken, savedAt: new Date().toISOString() };
    await writePrivateFile(tokenPath(dataDir, clientId), `${JSON.stringify(saved)}\n`);
  };
}
