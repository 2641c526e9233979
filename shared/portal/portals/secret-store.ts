import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writePrivateFile } from '../../base/storage/write-private-file';

/**
 * Where webhook secrets live, by portal id. The Electron app backs it with
 * `safeStorage` (OS keychain encryption); the browser-mode host and the CLI
 * with an owner-only file. Secrets never go anywhere else.
 */
export interface SecretStore {
  /** How secrets are protected, for the UI to say so. */
  readonly protection: 'os-encryption' | 'owner-only-file';
  get(id: string): Promise<string | undefined>;
  set(id: string, secret: string): Promise<void>;
  delete(id: string): Promise<void>;
}

/**
 * A `SecretStore` kept in `<dataDir>/secrets.json` with owner-only
 * permissions; `encode`/`decode` let the Electron app encrypt each value.
 */
export function createFileSecretStore(
  dataDir: string,
  codec: { protection: SecretStore['protection']; encode: (secret: string) => string; decode: (stored: string) => string } = {
    protection: 'owner-only-file',
    encode: (secret) => secret,
    decode: (stored) => stored,
  },
): SecretStore {
  const path = join(dataDir, 'secrets.json');
  const load = async (): Promise<Record<string, string>> => {
    // Only a missing file is an empty store: any other read error must not let the next save wipe every secret.
    const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '{}';
      throw error;
    });
    return JSON.parse(text) as Record<string, string>;
  };
  // Serialised so two saves never interleave their read-modify-write.
  let queue: Promise<unknown> = Promise.resolve();
  const update = (change: (all: Record<string, string>) => void): Promise<void> => {
    const next = queue.then(async () => {
      const all = await load();
      change(all);
      await writePrivateFile(path, JSON.stringify(all, null, 2));
    });
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    protection: codec.protection,
    async get(id) {
      const stored = (await load())[id];
      return stored === undefined ? undefined : codec.decode(stored);
    },
    set: (id, secret) =>
      update((all) => {
        all[id] = codec.encode(secret);
      }),
    delete: (id) =>
      update((all) => {
        delete all[id];
      }),
  };
}
