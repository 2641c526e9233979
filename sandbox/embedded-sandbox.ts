import { join } from 'node:path';
import { startSandbox } from './start-sandbox';
import type { SandboxHandle, SandboxOptions } from './types';

/**
 * The sandbox `migrate`/`plan` use when no portal is given:
 * persisted under `<userDataDir>/sandbox-portal`, so a rehearsal can be
 * reopened, on an ephemeral port, with the default limits.
 */
export function openEmbeddedSandbox(userDataDir: string, options: Omit<SandboxOptions, 'dataDir'> = {}): Promise<SandboxHandle> {
  return startSandbox({ ...options, dataDir: join(userDataDir, 'sandbox-portal') });
}
