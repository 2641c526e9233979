/**
 * `npm install` runs this (postinstall): fixes a known exceljs bug in the
 * installed package, idempotently.
 *
 * exceljs 4.4.0 decodes each chunk of a zip entry to text on its own
 * (`lib/utils/parse-sax.js`), so a multi-byte UTF-8 letter cut by a chunk
 * boundary becomes two U+FFFD characters — about one cell in 600 of a large
 * Russian sheet, in shared strings and formula results alike
 * (exceljs/exceljs#2063 and exceljs/exceljs#2316; fixes proposed in
 * exceljs/exceljs#1665 and exceljs/exceljs#2081, unmerged).
 * The fix keeps one streaming TextDecoder per entry. The test
 * "never splits a Cyrillic letter…" in test/sheet/spreadsheet/read-xlsx.test.ts
 * fails without it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const MARK = '/* smart-process-migrator: one streaming UTF-8 decoder per entry */';

function patchParseSax() {
  let file;
  try {
    file = require.resolve('exceljs/lib/utils/parse-sax.js');
  } catch {
    return 'exceljs is not installed; nothing to patch';
  }
  const source = readFileSync(file, 'utf8');
  if (source.includes(MARK)) return 'exceljs parse-sax: already patched';
  const loop = `  for await (const chunk of iterable) {
    saxesParser.write(bufferToString(chunk));`;
  const end = `    yield events;
    events = [];
  }
};`;
  if (!source.includes(loop) || !source.includes(end)) {
    throw new Error(`${file} is not the exceljs 4.4.0 source this patch was written for; check whether the UTF-8 chunk bug is fixed upstream and update build/scripts/patch-dependencies.mjs.`);
  }
  const patched = source
    .replace(
      loop,
      `  ${MARK}
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of iterable) {
    saxesParser.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, {stream: true}));`,
    )
    .replace(
      end,
      `    yield events;
    events = [];
  }
  const rest = decoder.decode();
  if (rest) {
    saxesParser.write(rest);
    if (error) throw error;
    yield events;
  }
};`,
    );
  writeFileSync(file, patched);
  return 'exceljs parse-sax: patched (UTF-8 letters across chunk boundaries)';
}

console.log(`postinstall: ${patchParseSax()}`);
