// An ESLint plugin with one rule: an import inside shared/ must keep the layer
// order of build/layers.mjs (a layer imports itself and the layers below; the
// core never imports the CLI or the sandbox), and the sandbox imports nothing
// of the core. The same map drives the move
// script, so the rule holds on the flat tree and on the layered one.
import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { layerKey, layerViolation } from '../layers.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The layer key (see build/layers.mjs) of an absolute path, or undefined outside shared/ and sandbox/. */
function underShared(absolute) {
  const rel = relative(ROOT, absolute).split(sep).join('/');
  return rel.startsWith('..') || rel === '' ? undefined : layerKey(rel);
}

/** What a relative specifier names, as a `.ts` layer key (a folder means its index). */
function targetOf(fromFile, spec) {
  const absolute = resolve(dirname(fromFile), spec);
  if (existsSync(absolute) && statSync(absolute).isDirectory()) return underShared(join(absolute, 'index.ts'));
  const rel = underShared(absolute.replace(/\.js$/, ''));
  if (rel === undefined) return undefined;
  return /\.tsx?$/.test(rel) ? rel : `${rel}.ts`;
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports inside shared/ keep the layer order base < sheet < portal < runs < app; the core never imports the CLI or the sandbox; the sandbox never imports the core.' },
    schema: [],
    messages: { against: 'Import against the layer order: {{reason}}.' },
  },
  create(context) {
    const from = underShared(resolve(context.filename));
    if (from === undefined) return {};
    const check = (node) => {
      const spec = node.source?.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const to = targetOf(context.filename, spec);
      if (to === undefined) return;
      const reason = layerViolation(from, to);
      if (reason) context.report({ node: node.source, messageId: 'against', data: { reason } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

/** The local plugin: `layers/order`. */
export default { meta: { name: 'layers' }, rules: { order: rule } };
