import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { PortalData } from './portal-data';

const FILE = 'portal.json';

/**
 * Durable home of a persisted sandbox: one JSON snapshot, replaced atomically
 * (write a temp file, fsync, rename, fsync the folder) so a crash mid-write
 * leaves the previous state, never a torn file.
 */
export class StateStore {
  private chain: Promise<void> = Promise.resolve();
  private savedVersion = -1;

  constructor(private readonly dir: string) {}

  /** The saved state, or undefined for a new data folder. */
  async load(): Promise<PortalData | undefined> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    try {
      const text = await readFile(join(this.dir, FILE), 'utf8');
      const data = JSON.parse(text) as PortalData;
      if (data.version !== 1) throw new Error(`unsupported sandbox state version ${String(data.version)} in ${this.dir}`);
      return data;
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /**
   * Writes the snapshot if `version` is newer than what is on disk. Calls are
   * serialized, and a call resolves only once its state is durable.
   */
  save(version: number, snapshot: () => PortalData): Promise<void> {
    const run = this.chain.then(async () => {
      if (version <= this.savedVersion) return;
      await this.writeAtomic(JSON.stringify(snapshot()));
      this.savedVersion = version;
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async writeAtomic(text: string): Promise<void> {
    const target = join(this.dir, FILE);
    const temp = `${target}.${process.pid}.tmp`;
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
    try {
      const dir = await open(this.dir, 'r');
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
    } catch {
      // Some platforms (Windows) cannot fsync a directory; the rename is still atomic there.
    }
  }
}
