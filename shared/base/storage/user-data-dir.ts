import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The per-user folder where the app and the CLI keep saved portals, secrets
 * (owner-only) and the embedded sandbox portal: `SPM_DATA_DIR` when set,
 * otherwise the platform's usual place.
 */
export function userDataDir(env: Record<string, string | undefined> = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.SPM_DATA_DIR) return env.SPM_DATA_DIR;
  const home = env.HOME ?? env.USERPROFILE ?? homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Smart Process Migrator');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Smart Process Migrator');
  return join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'smart-process-migrator');
}
