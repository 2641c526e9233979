import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh, empty folder under the system temp dir, for one test's data. */
export function tempDir(prefix = 'spm-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
