// `npm test`: every check and suite in order, continuing past a failure so one
// run shows everything, then one summary line per suite and a total line
// `N passed, N failed` (what CI reads). Exits non-zero if anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
// Absolute, because Playwright resolves report paths against its config's folder.
const OUT = resolve('test/output');
mkdirSync(OUT, { recursive: true });

const results = [];
const run = (command, args, env = {}) => spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status === 0;

function check(name, command, args) {
  process.stdout.write(`\n▶ ${name}\n`);
  const ok = run(command, args);
  results.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 });
}

function vitest() {
  process.stdout.write('\n▶ unit (vitest)\n');
  const report = `${OUT}/vitest.json`;
  rmSync(report, { force: true });
  const ok = run(npx, ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${report}`]);
  if (!existsSync(report)) return results.push({ name: 'unit', passed: 0, failed: 1, skipped: 0 });
  const json = JSON.parse(readFileSync(report, 'utf8'));
  const failed = json.numFailedTests + (ok || json.numFailedTests > 0 ? 0 : 1);
  results.push({ name: 'unit', passed: json.numPassedTests, failed, skipped: json.numPendingTests + json.numTodoTests });
}

function playwright() {
  process.stdout.write('\n▶ e2e (playwright: web in Chromium, electron where a binary exists)\n');
  if (!run(npm, ['run', '--silent', 'build:web']) || !run(npm, ['run', '--silent', 'build:electron'])) {
    return results.push({ name: 'e2e', passed: 0, failed: 1, skipped: 0 });
  }
  const report = `${OUT}/playwright.json`;
  rmSync(report, { force: true });
  const ok = run(npx, ['playwright', 'test', '--config', 'test/playwright.config.ts', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: report });
  if (!existsSync(report)) return results.push({ name: 'e2e', passed: 0, failed: 1, skipped: 0 });
  const { stats } = JSON.parse(readFileSync(report, 'utf8'));
  const failed = stats.unexpected + stats.flaky + (ok || stats.unexpected > 0 ? 0 : 1);
  results.push({ name: 'e2e', passed: stats.expected, failed, skipped: stats.skipped });
}

check('typecheck', npx, ['tsc', '-b']);
check('lint', npx, ['eslint', '.', '--max-warnings=0']);
vitest();
playwright();

process.stdout.write('\n');
for (const r of results) process.stdout.write(`${r.name}: ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}\n`);
const total = results.reduce((sum, r) => ({ passed: sum.passed + r.passed, failed: sum.failed + r.failed, skipped: sum.skipped + r.skipped }), { passed: 0, failed: 0, skipped: 0 });
process.stdout.write(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}\n`);
process.exit(total.failed > 0 ? 1 : 0);
