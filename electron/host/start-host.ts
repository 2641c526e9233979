import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createCore } from '../../shared/app/api/create-core';
import { createHostServer } from './server';
import { openEmbeddedSandbox } from '../../sandbox/embedded-sandbox';
import type { SandboxOptions } from '../../sandbox/types';

/** A running browser-mode host. */
export interface RunningHost {
  /** The address to open, with the access token in the fragment (never sent to the server in logs). */
  url: string;
  port: number;
  /** Where saved portals, the sandbox portal and kept files live. */
  dataDir: string;
  /** Stops serving and shuts the core down; calling it again does nothing. */
  close(): Promise<void>;
}

/**
 * Starts the browser-mode host on 127.0.0.1 (port 0 picks a free one).
 * `dataDir` holds saved portals, their secrets (owner-only file) and the sandbox portal;
 * `sandbox` sets the sandbox portal's limits (tests slow a load down with it).
 */
export async function startHost({ port = 0, staticDir, version, dataDir, sandbox }: { port?: number; staticDir: string; version: string; dataDir: string; sandbox?: Omit<SandboxOptions, 'dataDir'> }): Promise<RunningHost> {
  const token = randomBytes(24).toString('base64url');
  const core = createCore({ info: { name: 'Smart Process Migrator', version, mode: 'browser' }, dataDir, openSandbox: (folder) => openEmbeddedSandbox(folder, sandbox) });
  const server = createHostServer({ core, staticDir, token });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    dataDir,
    url: `http://127.0.0.1:${actual}/#token=${token}`,
    port: actual,
    close: () =>
      (closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        });
        await core.close();
      })()),
  };
}
