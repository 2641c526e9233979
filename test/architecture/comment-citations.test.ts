/**
 * Comments must carry their reasons: a reader of the repository cannot open
 * the planning notes, the team's reference files or its issue tracker, so a
 * comment that points there ("design §7", "reference §5.4", "see
 * bitrix24-rest.md", "issue 5", "#5") explains nothing. An upstream issue
 * named with its repository (`exceljs/exceljs#2063`) or a URL is fine.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const FOLDERS = ['shared', 'electron', 'renderer', 'test', 'build'];
const SINGLE_FILES = ['eslint.config.js'];
const SOURCE = /\.(ts|tsx|js|mjs|cjs)$/;
// generated: fixtures and bench scripts written by the tests themselves (git-ignored).
const SKIP = new Set(['node_modules', 'dist', 'output', '.vite', 'generated']);

const CITATIONS: Array<[string, RegExp]> = [
  ['a design section', /\bdesign(?:\.md)?(?:'s)?\s*§/i],
  ['the design file', /\bdesign\.md\b/i],
  ['a reference section', /\breference\s*§/i],
  ['a section number', /§\s?\d/],
  ['a reference file', /\b(?:bitrix24-rest|bitrix24-clients|import-heuristics|automation|architecture|clients)\.md\b/i],
  ['an issue number', /\bissues?\s+#?\d+/i],
  ['a bare issue number', /(?<![\w/.#-])#\d+\b/],
];

/** The comment text of a source file, line by line (`//` and block comments). */
export function commentLines(source: string): Array<{ line: number; text: string }> {
  const found: Array<{ line: number; text: string }> = [];
  let inBlock = false;
  source.split('\n').forEach((raw, index) => {
    let rest = raw;
    let text = '';
    for (;;) {
      if (inBlock) {
        const end = rest.indexOf('*/');
        text += ` ${end < 0 ? rest : rest.slice(0, end)}`;
        if (end < 0) break;
        inBlock = false;
        rest = rest.slice(end + 2);
        continue;
      }
      const line = commentStart(rest, '//');
      const block = commentStart(rest, '/*');
      if (line < 0 && block < 0) break;
      if (line >= 0 && (block < 0 || line < block)) {
        text += ` ${rest.slice(line + 2)}`;
        break;
      }
      inBlock = true;
      rest = rest.slice(block + 2);
    }
    if (text.trim()) found.push({ line: index + 1, text });
  });
  return found;
}

// The position of `marker` outside string literals and URLs (`https://`), or -1.
function commentStart(text: string, marker: string): number {
  let quote: string | undefined;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quote) {
      if (char === '\\') index++;
      else if (char === quote) quote = undefined;
      continue;
    }
    if (char === "'" || char === '"' || char === '`') quote = char;
    else if (text.startsWith(marker, index) && !(marker === '//' && text[index - 1] === ':')) return index;
  }
  return -1;
}

/** Every citation a comment of `source` makes, as `line: what (text)`. */
export function citations(source: string): string[] {
  const out: string[] = [];
  for (const { line, text } of commentLines(source)) {
    for (const [what, pattern] of CITATIONS) {
      const match = pattern.exec(text);
      if (match) out.push(`${line}: ${what} (${match[0]})`);
    }
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name) || name.startsWith('.')) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return SOURCE.test(name) ? [path] : [];
  });
}

describe('comments give reasons, not citations of unpublished notes', () => {
  it('finds each kind of citation (the check can fail)', () => {
    const planted = [
      '// Refused before it ran (reference §7.1): safe to send again.',
      '/** The row key (design §7). */',
      ' * as bitrix24-rest.md says,',
      "const a = 1; // the shape of `migrate --json`, issue 5",
      '/* fixed in #12 */',
    ].join('\n');
    const found = citations(`/*\n${planted.split('\n').slice(2, 3).join('')}\n*/\n${planted}`);
    expect(found.map((entry) => entry.split(': ')[1]!.split(' (')[0])).toEqual(
      expect.arrayContaining(['a reference section', 'a design section', 'a reference file', 'an issue number', 'a bare issue number']),
    );
    expect(citations("const url = 'https://example.com/#12'; // see exceljs/exceljs#2063\nconst colour = '#39A8EF';")).toEqual([]);
  });

  it('no source comment in the repository cites one', () => {
    const files = [...FOLDERS.flatMap((folder) => sourceFiles(join(root, folder))), ...SINGLE_FILES.map((name) => join(root, name))];
    const self = fileURLToPath(import.meta.url);
    const offenders = files
      .filter((file) => file !== self)
      .flatMap((file) => citations(readFileSync(file, 'utf8')).map((entry) => `${relative(root, file)}:${entry}`));
    expect(offenders).toEqual([]);
  });
});
