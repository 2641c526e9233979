// `npm start`: builds the app and opens it in Electron; explains the way out
// when the Electron binary is not on this machine.
import { spawnSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { electronBinary } from './electron-binary.mjs';

// npm may skip Electron's install script (CI settings, npm's allow-scripts policy),
// so the first launch fetches the binary itself when it can.
let binary = electronBinary();
if (!binary && !process.env.CI) {
  process.stdout.write('Fetching the Electron binary for the first launch…\n');
  const installer = createRequire(import.meta.url).resolve('electron/install.js');
  const result = spawnSync(process.execPath, [installer], { encoding: 'utf8', timeout: 300_000 });
  binary = electronBinary();
  if (!binary) {
    const reason = `${result.stderr ?? ''}`.split('\n').find((line) => /error/i.test(line)) ?? 'no network access';
    process.stderr.write(`The download did not work (${reason.trim().slice(0, 200)}).\n`);
  }
}
if (!binary) {
  process.stderr.write(`
The Electron binary is not installed on this machine, so the desktop window cannot open.

  • To use the same app in your browser now, run:   npm run web
  • To get the desktop app, install Electron's binary where downloads are allowed:
        node node_modules/electron/install.js      (then run npm start again)

`);
  process.exit(1);
}
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
for (const script of ['build:web', 'build:electron']) {
  const result = spawnSync(npm, ['run', '--silent', script], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
const child = spawn(binary, ['.'], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
