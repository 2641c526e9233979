import { readFileSync } from 'node:fs';

/**
 * The `.bpt` embedded in the official docs (bitrix24/b24restdocs,
 * api-reference/bizproc/template/bizproc-workflow-template-add.md), stored
 * as the base64 text the docs give; see the comment lines of the fixture.
 */
export function docsSampleBpt(): Uint8Array {
  const text = readFileSync(new URL('./fixtures/docs-sample-bp-379.bpt.b64.txt', import.meta.url), 'utf8');
  const base64 = text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .join('');
  return new Uint8Array(Buffer.from(base64, 'base64'));
}
