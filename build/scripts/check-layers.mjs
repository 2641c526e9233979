#!/usr/bin/env node
// Counts imports inside shared/ and the sandbox that run against the layer order: a
// module may import its own layer or a lower one, never a higher one, the core never
// imports the CLI or the sandbox emulator, and the sandbox never imports the core. Works on the flat tree and on the layered one.
// Prints the count and, with --list, each offending import.
// Usage: node build/scripts/check-layers.mjs [--list]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, dirname, resolve, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { layerKey, layerViolation } from '../layers.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(p);
  }
  return out;
}

const SPEC = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every import inside shared/ and the sandbox against the layer order, as `from -> to`. */
export function findViolations() {
  const violations = [];
  const files = ['shared', 'sandbox'].filter((dir) => existsSync(join(ROOT, dir))).flatMap((dir) => walk(join(ROOT, dir)));
  for (const file of files) {
    const rel = layerKey(relative(ROOT, file).split(sep).join('/'));
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(SPEC)) {
      const spec = m[1] ?? m[2];
      if (!spec.startsWith('.')) continue;
      const absolute = resolve(dirname(file), spec);
      const isFolder = existsSync(absolute) && statSync(absolute).isDirectory();
      const target = layerKey(relative(ROOT, isFolder ? join(absolute, 'index.ts') : absolute).split(sep).join('/'));
      if (target === undefined) continue;
      const targetRel = target.replace(/\.js$/, '');
      const to = /\.tsx?$/.test(targetRel) ? targetRel : `${targetRel}.ts`;
      if (layerViolation(rel, to)) violations.push(`${rel} -> ${targetRel}`);
    }
  }
  return violations;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const v = findViolations();
  if (process.argv.includes('--list')) for (const line of v) console.log(line);
  console.log(`imports against the layer order: ${v.length}`);
}
