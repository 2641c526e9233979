#!/usr/bin/env node
// Moves the sandbox out of shared/ to a top-level sandbox/, and every test to
// the one test-tree convention of test/README.md (tests mirror the source
// tree: test/<layer>/<area>/ for the core, test/cli, test/sandbox,
// test/renderer, test/electron, test/architecture; the kind folders e2e-web,
// e2e-electron, bench, corpus, hostile, fixtures, support and output stay).
// Files are placed by rule, not from a list, so tests added on other branches
// land where they belong. Every path that names a moved file is rewritten
// anywhere in the repository: relative imports, mocks and URLs (including the
// `'../../..'` of a moved test), and repo-relative mentions
// (`shared/sandbox/…`, `test/unit/api/…`) in code, configs and docs. The
// TypeScript project references gain the sandbox project.
//
// Idempotent: a second run finds every file where it belongs and moves nothing.
// Usage: node build/scripts/move-tree.mjs [--dry-run]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FILE_MOVES, FOLDER_MOVES, LAYERS } from '../layers.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DRY_RUN = process.argv.includes('--dry-run');
/** Files that describe the moves themselves; their paths name the old trees on purpose. */
const LEAVE_ALONE = new Set(['build/layers.mjs', 'build/scripts/move-to-layers.mjs', 'build/scripts/move-tree.mjs']);
const TEXT = /\.(?:[cm]?[jt]sx?|json|md|ya?ml|html|snap)$|(?:^|\/)run$/;

/** Test folders named after the kind of test, not after the code under test: they stay. */
const KIND_FOLDERS = ['e2e-web', 'e2e-electron', 'bench', 'corpus', 'hostile', 'fixtures', 'support', 'output'];
/** Test folders that mirror a source root outside the core's layers. */
const MIRROR_ROOTS = ['architecture', 'renderer', 'electron', 'cli', 'sandbox'];

/**
 * Where a path under test/ belongs (both relative to test/). A test of a file
 * that moved to another layer than its folder (FILE_MOVES) follows the file.
 */
function testTarget(rel) {
  let parts = rel.split('/');
  if (parts.length < 2 || KIND_FOLDERS.includes(parts[0])) return rel;
  if (parts[0] === 'unit') {
    if (parts.length < 3) return rel;
    parts = parts.slice(1);
  }
  const [folder, ...rest] = parts;
  const tail = rest.join('/');
  if (MIRROR_ROOTS.includes(folder)) return parts.join('/');
  if (LAYERS.includes(folder) && rest.length > 1) return parts.join('/');
  if (rest.length === 1) {
    const source = `${folder}/${tail.replace(/\.(?:test|spec)\.tsx?$/, '.ts')}`;
    if (source !== `${folder}/${tail}` && source in FILE_MOVES) return `${posix.dirname(FILE_MOVES[source])}/${tail}`;
  }
  if (folder in FOLDER_MOVES) return `${FOLDER_MOVES[folder]}/${tail}`;
  return parts.join('/');
}

/** Where a repository path belongs in the moved tree. */
function targetOf(path) {
  if (path.startsWith('shared/sandbox/')) return `sandbox/${path.slice('shared/sandbox/'.length)}`;
  if (path.startsWith('test/') && !path.startsWith('test/output/')) return `test/${testTarget(path.slice('test/'.length))}`;
  return path;
}

const git = (...args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

/** Every file git knows or would add (tracked and untracked, not ignored), repo-relative with `/`. */
function repoFiles() {
  return git('ls-files', '-co', '--exclude-standard', '-z')
    .split('\0')
    .filter((path) => path !== '' && existsSync(join(ROOT, path)) && statSync(join(ROOT, path)).isFile());
}

const files = repoFiles();
const fileSet = new Set(files);
/** Old repo path → new repo path, for every file that moves. */
const moves = new Map();
const claimed = new Map();
for (const path of files) {
  const target = targetOf(path);
  if (target === path) continue;
  if (fileSet.has(target) && targetOf(target) === target) throw new Error(`${path} would move onto ${target}, which exists: resolve by hand`);
  if (claimed.has(target)) throw new Error(`${path} and ${claimed.get(target)} would both move to ${target}: resolve by hand`);
  claimed.set(target, path);
  moves.set(path, target);
}

const newPathOf = (path) => moves.get(path) ?? path;
const isDir = (path) => path === '' || (existsSync(join(ROOT, path)) && statSync(join(ROOT, path)).isDirectory());
/** Where a folder lands: a folder whose files all move together goes with them. */
function newDirOf(dir) {
  if (dir === '') return dir;
  if (dir === 'shared/sandbox' || dir.startsWith('shared/sandbox/')) return `sandbox${dir.slice('shared/sandbox'.length)}`;
  if (dir.startsWith('test/')) {
    const moved = testTarget(`${dir.slice('test/'.length)}/x`);
    return `test/${moved.slice(0, -'/x'.length)}`;
  }
  return dir;
}

/** The file or folder a relative specifier from `fromFile` names in the old tree. */
function resolveSpec(fromFile, spec) {
  const base = posix.normalize(posix.join(posix.dirname(fromFile), spec)).replace(/\/$/, '');
  if (base.startsWith('..')) return undefined;
  const normalized = base === '.' ? '' : base;
  if (fileSet.has(normalized)) return { path: normalized, kind: 'file', strip: '' };
  for (const ext of ['.ts', '.tsx', '.mts', '.js', '.mjs', '.json']) if (fileSet.has(normalized + ext)) return { path: normalized + ext, kind: 'file', strip: ext };
  const swapped = normalized.replace(/\.js$/, '.ts');
  if (swapped !== normalized && fileSet.has(swapped)) return { path: swapped, kind: 'file', strip: '', js: true };
  if (isDir(normalized)) return { path: normalized, kind: 'dir', strip: '' };
  return undefined;
}

/** A relative specifier from `fromNew` to `targetNew`, always starting with `./` or `../`. */
function relativeSpec(fromNew, targetNew) {
  let spec = posix.relative(posix.dirname(fromNew), targetNew);
  if (spec === '') spec = '.';
  return spec.startsWith('.') ? spec : `./${spec}`;
}

/** Rewrites the relative paths in `text` of the file at `fromOld` (which lands at `fromNew`). */
function rewriteRelative(text, fromOld, fromNew) {
  return text.replace(/(['"`])(\.\.?\/[^'"`\s$]*|\.\.)\1/g, (whole, quote, spec, offset) => {
    // A bare run of dots names a folder above the file only in `new URL('../..', import.meta.url)`; elsewhere
    // (`join(dir, '..')`) it is relative to something else, and '.' is too common to touch.
    if (/^[./]*$/.test(spec)) {
      const inFileUrl = /^\s*,\s*import\.meta\.url/.test(text.slice(offset + whole.length));
      if (!spec.includes('..') || fromOld === fromNew || !inFileUrl) return whole;
    }
    const found = resolveSpec(fromOld, spec);
    if (!found) return whole;
    const targetNew = found.kind === 'file' ? newPathOf(found.path) : newDirOf(found.path);
    if (targetNew === found.path && fromNew === fromOld) return whole;
    let next = relativeSpec(fromNew, targetNew);
    if (/^[./]*$/.test(spec) && next.startsWith('./')) next = next === './' ? '.' : next;
    if (found.strip) next = next.slice(0, -found.strip.length);
    if (found.js) next = next.replace(/\.ts$/, '.js');
    if (spec.endsWith('/') && !next.endsWith('/')) next += '/';
    return next === spec ? whole : `${quote}${next}${quote}`;
  });
}

/** Rewrites repo-relative mentions (`shared/sandbox/x.ts`, `test/unit/api/wire.test.ts`, `test/automation/`) to the moved tree. */
function rewriteRepoPaths(text) {
  return text
    .replace(/(?<![\w./-])shared\/sandbox(?![\w-])/g, 'sandbox')
    .replace(/(?<![\w./@-])test\/([\w-][\w.*-]*(?:\/[\w.*-]+)*)(\/?)/g, (whole, rel, slash) => {
      // A mention without a file extension names a folder (`test/runs/sync`), whether or not it exists yet.
      const folder = slash === '/' || isDir(`test/${rel}`) || !/\.[\w*]+$/.test(rel.split('/').pop());
      const mapped = folder ? testTarget(`${rel}/x`).slice(0, -'/x'.length) : testTarget(rel);
      return mapped === rel ? whole : `test/${mapped}${slash}`;
    });
}

const edits = new Map();
for (const path of files) {
  if (!TEXT.test(path) || LEAVE_ALONE.has(path)) continue;
  const before = readFileSync(join(ROOT, path), 'utf8');
  const after = rewriteRepoPaths(rewriteRelative(before, path, newPathOf(path)));
  if (after !== before) edits.set(newPathOf(path), after);
}

/** The sandbox's own TypeScript project, and the references of the projects that import it. */
const sandboxMoves = [...moves.values()].some((to) => to.startsWith('sandbox/')) || files.some((p) => p.startsWith('sandbox/'));
const projectEdits = [];
if (sandboxMoves) {
  if (!fileSet.has('sandbox/tsconfig.json')) {
    projectEdits.push({
      path: 'sandbox/tsconfig.json',
      json: {
        extends: '../tsconfig.base.json',
        compilerOptions: { lib: ['ES2023'], types: ['node'], rootDir: '.', outDir: '../out/types/sandbox', tsBuildInfoFile: '../out/types/sandbox.tsbuildinfo' },
        include: ['**/*.ts'],
      },
    });
  }
  for (const [project, reference] of [['tsconfig.json', './sandbox'], ['shared/tsconfig.json', '../sandbox'], ['electron/tsconfig.json', '../sandbox'], ['test/tsconfig.json', '../sandbox']]) {
    const text = edits.get(project) ?? readFileSync(join(ROOT, project), 'utf8');
    const json = JSON.parse(text);
    json.references ??= [];
    if (json.references.some((r) => r.path === reference)) continue;
    json.references.unshift({ path: reference });
    projectEdits.push({ path: project, json });
  }
}

console.log(`${moves.size} file(s) to move, ${edits.size} file(s) whose paths change, ${projectEdits.length} TypeScript project file(s) to write${DRY_RUN ? ' (dry run: nothing written)' : ''}`);
if (DRY_RUN) {
  for (const [from, to] of moves) console.log(`  ${from} → ${to}`);
  process.exit(0);
}

const tracked = new Set(git('ls-files', '-z').split('\0'));
for (const [from, to] of moves) {
  mkdirSync(dirname(join(ROOT, to)), { recursive: true });
  if (tracked.has(from)) git('mv', from, to);
  else renameSync(join(ROOT, from), join(ROOT, to));
}
for (const [path, text] of edits) writeFileSync(join(ROOT, path), text);
for (const { path, json } of projectEdits) {
  mkdirSync(dirname(join(ROOT, path)), { recursive: true });
  writeFileSync(join(ROOT, path), `${JSON.stringify(json, null, 2)}\n`);
  git('add', path);
}

/** Removes folders the move left empty. */
function pruneEmpty(dir, keep) {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const child = join(dir, name);
    if (statSync(child).isDirectory()) pruneEmpty(child, false);
  }
  if (!keep && readdirSync(dir).length === 0) rmdirSync(dir);
}
pruneEmpty(join(ROOT, 'shared'), true);
pruneEmpty(join(ROOT, 'test'), true);
console.log(`moved ${moves.size} file(s), rewrote paths in ${edits.size} file(s), wrote ${projectEdits.length} project file(s); check: npx tsc -b && npx eslint . && npx vitest run`);
