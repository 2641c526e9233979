#!/usr/bin/env node
// Counts imports inside shared/ that run against the layer order: a module may import
// its own layer or a lower one, never a higher one, and the core never imports the
// CLI or the sandbox emulator. Prints the count and each offending import.
// Usage: node build/scripts/check-layers.mjs [--list]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, dirname, resolve, relative, sep } from 'node:path';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '../..');

/** Layer rank per folder of shared/ today; lower ranks may not import higher ones. */
export const LAYER_OF_FOLDER = {
  // base: errors, jobs, storage, security
  jobs: 0, storage: 0, security: 0,
  // sheet: spreadsheet reading, inference, mapping, plan, project file format (pure)
  spreadsheet: 1, inference: 1, mapping: 1, plan: 1, project: 1, review: 1, workbooks: 1,
  // portal: REST client and every read and write made to a portal
  bitrix: 2, portals: 2, clients: 2, notes: 2,
  // runs: migrate, sync, undo, automation, loader, journal, write-back, load costs
  migrate: 3, sync: 3, undo: 3, automation: 3, loader: 3, journal: 3, runs: 3,
  // app: api contract, router, schemas, handlers and app services
  api: 4,
  // outside the core: the core never imports these
  cli: 5, sandbox: 6,
};
/** Per-file overrides (path under shared/). */
export const LAYER_OF_FILE = { 'api/errors.ts': 0 };
const OUTSIDE_CORE = new Set(['cli', 'sandbox']);

function layerOf(rel) {
  if (rel in LAYER_OF_FILE) return LAYER_OF_FILE[rel];
  const folder = rel.split('/')[0];
  return LAYER_OF_FOLDER[folder];
}

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(p);
  }
  return out;
}

const SPEC = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

export function findViolations() {
  const shared = join(ROOT, 'shared');
  const violations = [];
  for (const file of walk(shared)) {
    const rel = relative(shared, file).split(sep).join('/');
    const fromFolder = rel.split('/')[0];
    const from = layerOf(rel);
    if (from === undefined || OUTSIDE_CORE.has(fromFolder)) continue;
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(SPEC)) {
      const spec = m[1] ?? m[2];
      if (!spec.startsWith('.')) continue;
      const target = relative(shared, resolve(dirname(file), spec)).split(sep).join('/');
      if (target.startsWith('..')) continue;
      const targetRel = target.replace(/\.js$/, '.ts');
      const to = layerOf(targetRel.endsWith('.ts') ? targetRel : `${targetRel}.ts`);
      if (to === undefined) continue;
      const toFolder = targetRel.split('/')[0];
      if (to > from || (OUTSIDE_CORE.has(toFolder) && toFolder !== fromFolder)) violations.push(`${rel} -> ${targetRel}`);
    }
  }
  return violations;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const v = findViolations();
  if (process.argv.includes('--list')) for (const line of v) console.log(line);
  console.log(`imports against the layer order: ${v.length}`);
}
