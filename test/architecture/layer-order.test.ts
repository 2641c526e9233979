import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

/** Lints a snippet as if it were the file at `path`, and returns the rule ids that fired. */
async function firedRules(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}/${path}` });
  return (result?.messages ?? []).map((message) => message.ruleId ?? 'parse-error');
}

// Paths of the flat tree are joined at run time, so the move script (which rewrites path strings) leaves them as they are.
const flat = (...parts: string[]): string => parts.join('/');

describe('layer order (build/eslint/layer-order.mjs)', () => {
  it.each([
    ['shared/sheet/plan/x.ts', "import { loadItems } from '../../runs/loader/load-items';\nexport const a = loadItems;"],
    ['shared/base/jobs/x.ts', "import type { ApiClient } from '../../app/api/contract';\nexport type A = ApiClient;"],
    ['shared/portal/bitrix/x.ts', "export * from '../../runs/sync/sync';"],
    ['shared/runs/migrate/x.ts', "import { openEmbeddedSandbox } from '../../sandbox/embedded-sandbox';\nexport const a = openEmbeddedSandbox;"],
    ['shared/app/api/x.ts', "export const run = () => import('../../cli/main');"],
    [flat('shared', 'plan', 'x.ts'), "import { loadItems } from '../loader/load-items';\nexport const a = loadItems;"],
    [flat('shared', 'portals', 'x.ts'), "import { openEmbeddedSandbox } from '../sandbox/embedded-sandbox';\nexport const a = openEmbeddedSandbox;"],
    // The sandbox checks what it receives with code of its own: neither where it sits beside the layers nor at the top level may it import the core.
    [flat('shared', 'sandbox', 'x.ts'), "import { checkTemplateData } from '../runs/automation/check-template-data';\nexport const a = checkTemplateData;"],
    [flat('shared', 'sandbox', 'x.ts'), "import type { AppErrorCode } from '../base/errors/errors';\nexport type A = AppErrorCode;"],
    [flat('shared', 'sandbox', 'x.ts'), "export { startMigration } from '../cli/main';"],
    ['sandbox/x.ts', "import { checkTemplateData } from '../shared/runs/automation/check-template-data';\nexport const a = checkTemplateData;"],
    ['sandbox/x.ts', "export const load = () => import('../shared/sheet/plan/build-plan');"],
  ])('%s may not: %s', async (path, code) => {
    expect(await firedRules(path, code)).toContain('layers/order');
  });

  it.each([
    ['shared/runs/migrate/x.ts', "import { buildPlan } from '../../sheet/plan/build-plan';\nexport const a = buildPlan;"],
    ['shared/sheet/plan/x.ts', "import type { Mapping } from '../mapping/types';\nexport type A = Mapping;"],
    ['shared/app/api/x.ts', "import { AppError } from '../../base/errors/errors';\nexport const a = AppError;"],
    ['shared/cli/x.ts', "import { openEmbeddedSandbox } from '../sandbox/embedded-sandbox';\nexport const a = openEmbeddedSandbox;"],
    [flat('shared', 'sandbox', 'x.ts'), "import { RestError } from './rest-error';\nexport const a = RestError;"],
    ['sandbox/x.ts', "import { RestError } from './rest-error';\nexport const a = RestError;"],
    [flat('shared', 'loader', 'x.ts'), "import type { Plan } from '../plan/types';\nexport type A = Plan;"],
  ])('%s may: %s', async (path, code) => {
    expect(await firedRules(path, code)).toEqual([]);
  });
});
