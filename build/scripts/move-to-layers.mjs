#!/usr/bin/env node
// Moves the flat folders of shared/ into the layer folders of build/layers.mjs
// (shared/plan → shared/sheet/plan, shared/api/errors.ts → shared/base/errors/errors.ts …)
// with git mv, and rewrites every path that names a moved file anywhere in the
// repository: relative imports and mocks (shared, electron, renderer, test,
// build), repo-relative paths (`shared/plan/…` in configs, package.json,
// scripts and docs), and the relative paths of the moved files themselves.
//
// Idempotent: a path already in a layer folder is left as it is, so running it
// again on a moved tree changes nothing, and running it on a tree where someone
// added a file to an old folder moves just that file.
// Usage: node build/scripts/move-to-layers.mjs [--dry-run]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FILE_MOVES, FOLDER_MOVES, LAYERS, layeredPath } from '../layers.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DRY_RUN = process.argv.includes('--dry-run');
/** Files that describe the move itself; their paths name the old tree on purpose. */
const LEAVE_ALONE = new Set(['build/layers.mjs', 'build/scripts/move-to-layers.mjs']);
const TEXT = /\.(?:[cm]?[jt]sx?|json|md|ya?ml|html)$/;

const git = (...args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

/** Every file git knows or would add (tracked and untracked, not ignored), repo-relative with `/`. */
function repoFiles() {
  return git('ls-files', '-co', '--exclude-standard', '-z')
    .split('\0')
    .filter((path) => path !== '' && existsSync(join(ROOT, path)) && statSync(join(ROOT, path)).isFile());
}

const files = repoFiles();
const fileSet = new Set(files);
/** Old repo path → new repo path, for every file under shared/ that moves. */
const moves = new Map();
for (const path of files) {
  if (!path.startsWith('shared/')) continue;
  const target = `shared/${layeredPath(path.slice('shared/'.length))}`;
  if (target !== path) moves.set(path, target);
}
/** Old folder → new folder, for relative paths that name a folder (rare, but kept right). */
const folderMoves = new Map(Object.entries(FOLDER_MOVES).map(([from, to]) => [`shared/${from}`, `shared/${to}`]));

const newPathOf = (path) => moves.get(path) ?? path;
const isDir = (path) => existsSync(join(ROOT, path)) && statSync(join(ROOT, path)).isDirectory();

/**
 * The file or folder a relative path from `fromFile` names in the old tree,
 * as `{ path, suffix }`: `suffix` is what the specifier adds to the real file
 * name (`.ts` left off → strip it again). Undefined when it names nothing.
 */
function resolveSpec(fromFile, spec) {
  const base = posix.normalize(posix.join(posix.dirname(fromFile), spec));
  if (base.startsWith('..')) return undefined;
  if (fileSet.has(base)) return { path: base, kind: 'file', strip: '' };
  for (const ext of ['.ts', '.tsx', '.mts', '.js', '.mjs', '.json']) if (fileSet.has(base + ext)) return { path: base + ext, kind: 'file', strip: ext };
  const swapped = base.replace(/\.js$/, '.ts');
  if (swapped !== base && fileSet.has(swapped)) return { path: swapped, kind: 'file', strip: '', js: true };
  if (isDir(base) || folderMoves.has(base)) return { path: base, kind: 'dir', strip: '' };
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
  return text.replace(/(['"`])(\.\.?\/[^'"`\s$]*)\1/g, (whole, quote, spec) => {
    if (/^[./]*$/.test(spec)) return whole;
    const found = resolveSpec(fromOld, spec);
    if (!found) return whole;
    let targetNew;
    if (found.kind === 'file') targetNew = newPathOf(found.path);
    else targetNew = folderMoves.get(found.path) ?? found.path;
    if (targetNew === found.path && fromNew === fromOld) return whole;
    let next = relativeSpec(fromNew, targetNew);
    if (found.strip) next = next.slice(0, -found.strip.length);
    if (found.js) next = next.replace(/\.ts$/, '.js');
    if (spec.endsWith('/') && !next.endsWith('/')) next += '/';
    return `${quote}${next}${quote}`;
  });
}

/** Rewrites repo-relative mentions such as `shared/plan/types.ts` or `shared/api/errors` to the layered tree. */
function rewriteRepoPaths(text) {
  return text.replace(/(?<![\w.-])shared\/([a-z][\w-]*)\/([\w.*-][\w./*-]*)/g, (whole, folder, rest) => {
    if (LAYERS.includes(folder) && rest.includes('/')) return whole;
    if (!(folder in FOLDER_MOVES)) return whole;
    const rel = `${folder}/${rest}`;
    if (rel in FILE_MOVES) return `shared/${FILE_MOVES[rel]}`;
    if (`${rel}.ts` in FILE_MOVES) return `shared/${FILE_MOVES[`${rel}.ts`].replace(/\.ts$/, '')}`;
    const asTs = rel.replace(/\.js$/, '.ts');
    if (asTs !== rel && asTs in FILE_MOVES) return `shared/${FILE_MOVES[asTs].replace(/\.ts$/, '.js')}`;
    return `shared/${FOLDER_MOVES[folder]}/${rest}`;
  });
}

const edits = [];
for (const path of files) {
  if (!TEXT.test(path) || LEAVE_ALONE.has(path)) continue;
  const before = readFileSync(join(ROOT, path), 'utf8');
  const after = rewriteRepoPaths(rewriteRelative(before, path, newPathOf(path)));
  if (after !== before) edits.push({ path: newPathOf(path), text: after });
}

console.log(`${moves.size} file(s) to move, ${edits.length} file(s) whose paths change${DRY_RUN ? ' (dry run: nothing written)' : ''}`);
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
for (const { path, text } of edits) writeFileSync(join(ROOT, path), text);

/** Removes folders the move left empty under shared/. */
function pruneEmpty(dir) {
  for (const name of readdirSync(dir)) {
    const child = join(dir, name);
    if (statSync(child).isDirectory()) pruneEmpty(child);
  }
  if (dir !== join(ROOT, 'shared') && readdirSync(dir).length === 0) rmdirSync(dir);
}
pruneEmpty(join(ROOT, 'shared'));
console.log(`moved ${moves.size} file(s), rewrote paths in ${edits.length} file(s); check: npx tsc -b && npx eslint . && npx vitest run`);
