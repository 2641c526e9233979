/**
 * `npm run web` / `npm run host`: serves the built UI and the core on
 * 127.0.0.1 and prints the address to open (with its access token).
 *
 *   tsx electron/host/main.ts [--port N] [--data DIR] [--static DIR] [--json]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { userDataDir } from '../../shared/base/storage/user-data-dir';
import { startHost } from './start-host';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
};
const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version: string };
const port = Number(option('--port') ?? process.env.SPM_WEB_PORT ?? 5180);
const staticDir = resolve(option('--static') ?? resolve(root, 'out/renderer'));
const dataDir = resolve(option('--data') ?? userDataDir());

const portChosen = option('--port') !== undefined || process.env.SPM_WEB_PORT !== undefined;

try {
  const host = await startHost({ port, staticDir, version: pkg.version, dataDir }).catch((error: { code?: string }) => {
    // The default port is a convenience; when it is taken, any free port will do.
    if (error.code === 'EADDRINUSE' && !portChosen) return startHost({ port: 0, staticDir, version: pkg.version, dataDir });
    throw error;
  });
  if (args.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ url: host.url, port: host.port })}\n`);
  } else {
    process.stdout.write(`\nSmart Process Migrator is running in your browser mode.\n\n  Open: ${host.url}\n\nThe address carries an access token made for this start of the host; only this machine can connect. Press Ctrl+C to stop.\n`);
  }
  const stop = (): void => {
    void host.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  const code = (error as { code?: string }).code;
  if (code === 'EADDRINUSE') {
    process.stderr.write(`Port ${port} is already in use. Start with another one: npm run host -- --port 5181 (or set SPM_WEB_PORT).\n`);
  } else {
    process.stderr.write(`The browser-mode host could not start: ${(error as Error).message}\n`);
  }
  process.exit(1);
}
