import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { LeakyBucket, PLAN_LIMITS } from './limits';
import { createScaledClock } from './manual-clock';
import { Portal } from './portal';
import { emptyPortalData } from './portal-data';
import { RestServer } from './rest-server';
import { StateStore } from './state-store';
import type { SandboxHandle, SandboxOptions } from './types';

/** Scopes a default sandbox webhook gets: what the tool asks a user for. */
export const DEFAULT_SANDBOX_SCOPES: readonly string[] = ['crm', 'user', 'userfieldconfig', 'bizproc'];

function token(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/**
 * Starts a sandbox portal on 127.0.0.1 and resolves once it is listening.
 * With `dataDir` the portal is reopened from (and saved to) that folder; its
 * webhook secret is kept unless `secret` overrides it.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<SandboxHandle> {
  const plan = options.plan ?? 'standard';
  const timeScale = options.timeScale ?? 1;
  if (!(timeScale > 0)) throw new RangeError('timeScale must be a positive number');
  const userId = options.userId ?? 1;
  if (!Number.isInteger(userId) || userId < 1 || userId > 8) throw new RangeError('userId must be one of the seeded users (1–8)');
  const clock = options.clock ?? (timeScale === 1 ? { now: () => Date.now() } : createScaledClock(timeScale));

  const store = options.dataDir === undefined ? undefined : new StateStore(options.dataDir);
  const saved = store === undefined ? undefined : await store.load();
  const data = saved ?? emptyPortalData(options.secret ?? token(8), options.appAccessToken ?? token(16));
  if (options.secret !== undefined) data.secret = options.secret;
  if (options.appAccessToken !== undefined) data.appAccessToken = options.appAccessToken;
  const portal = new Portal(data);
  if (store !== undefined && saved === undefined) {
    portal.touch();
    await store.save(portal.changeVersion, () => portal.snapshot());
  }
  const persist = store === undefined ? undefined : () => store.save(portal.changeVersion, () => portal.snapshot());

  const limits = PLAN_LIMITS[plan];
  const adminToken =
    options.adminEndpoint === undefined || options.adminEndpoint === false ? undefined : options.adminEndpoint === true ? token(12) : options.adminEndpoint.token;
  const server = new RestServer(
    portal,
    {
      userId,
      scopes: options.scopes ?? DEFAULT_SANDBOX_SCOPES,
      ownerIsAdmin: options.ownerIsAdmin ?? true,
      ...(options.ownerIsCrmAdmin !== undefined ? { ownerIsCrmAdmin: options.ownerIsCrmAdmin } : {}),
      ...(options.restAccess !== undefined ? { restAccess: options.restAccess } : {}),
      writeCostMs: options.writeCostMs ?? 10,
      requestCapMs: (options.requestCapSeconds ?? 60) * 1000,
      timeScale,
      maxTypes: options.maxTypes,
      clock,
      // An injected clock also times processing, so tests see exact, repeatable charges.
      processingClock: options.clock ?? { now: () => performance.now() },
      bucket: limits === undefined ? undefined : new LeakyBucket(limits.burst, limits.perSecond, clock.now()),
      adminToken,
      persist,
    },
    (options.budgetSeconds ?? 480) * 1000,
  );

  const http: Server = createServer((req, res) => {
    void server.handle(req, res);
  });
  const sockets = new Set<Socket>();
  http.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    // Loopback only: the sandbox must never be reachable from the network.
    http.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = http.address();
  if (address === null || typeof address === 'string') throw new Error('sandbox did not get a TCP address');
  const origin = `http://127.0.0.1:${address.port}`;

  let closed: Promise<void> | undefined;
  return {
    webhook: `${origin}/rest/${userId}/${data.secret}/`,
    origin,
    appEndpoint: `${origin}/rest/`,
    appAccessToken: data.appAccessToken,
    adminUrl: adminToken === undefined ? undefined : `${origin}/_sandbox/${adminToken}/`,
    port: address.port,
    plan,
    faults: server.faults,
    stats: () => server.stats(),
    flush: async () => {
      if (persist !== undefined) await persist();
    },
    close: () => {
      closed ??= (async () => {
        await new Promise<void>((resolve) => {
          http.close(() => resolve());
          for (const socket of sockets) socket.destroy();
        });
        if (persist !== undefined) await persist();
      })();
      return closed;
    },
  };
}
