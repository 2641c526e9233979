import { deflateSync, gzipSync, deflateRawSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bptPackage, decodeBpt, encodeBpt } from '../../../shared/runs/automation/bpt-codec';
import { phpGet, phpSerialize, phpValues } from '../../../shared/runs/automation/php-serialize';
import { docsSampleBpt } from './docs-sample';

describe('.bpt codec on the official docs sample (bp-379.bpt)', () => {
  const sample = docsSampleBpt();

  it('is a zlib stream (78 DA) of 1385 bytes holding 6200 bytes of serialized data', () => {
    expect(sample.length).toBe(1385);
    expect([sample[0], sample[1]]).toEqual([0x78, 0xda]);
    expect(inflateSync(sample).length).toBe(6200);
  });

  it('decodes to the six top-level keys with the template tree', () => {
    const decoded = decodeBpt(sample);
    expect(Object.keys(decoded as object)).toEqual(['VERSION', 'TEMPLATE', 'PARAMETERS', 'VARIABLES', 'CONSTANTS', 'DOCUMENT_FIELDS']);
    expect(phpGet(decoded, 'VERSION')).toBe(2);
    const root = phpValues(phpGet(decoded, 'TEMPLATE'))?.[0];
    expect(phpGet(root, 'Type')).toBe('SequentialWorkflowActivity');
    expect(phpGet(root, 'Name')).toBe('Template');
    expect(phpGet(phpGet(root, 'Properties'), 'Title')).toBe('Последовательный бизнес-процесс');
    const child = phpValues(phpGet(root, 'Children'))?.[0];
    expect(phpGet(child, 'Type')).toBe('SocNetMessageActivity');
    expect(phpValues(phpGet(decoded, 'DOCUMENT_FIELDS'))).toHaveLength(20);
  });

  it('re-serializes to the same 6200 bytes and re-encodes (pako, level 9) to the identical 1385 bytes', () => {
    const decoded = decodeBpt(sample);
    expect(Buffer.from(phpSerialize(decoded)).equals(inflateSync(sample))).toBe(true);
    const again = encodeBpt(decoded);
    expect(Buffer.from(again).toString('hex')).toBe(Buffer.from(sample).toString('hex'));
  });

  it("documents why pako: Node's zlib at level 9 does not give PHP's bytes for this sample", () => {
    const node = deflateSync(inflateSync(sample), { level: 9 });
    expect(Buffer.from(node).equals(Buffer.from(sample))).toBe(false);
    expect(inflateSync(node).equals(inflateSync(sample))).toBe(true);
  });
});

describe('decodeBpt mirrors Bpt::unpack', () => {
  const pkg = bptPackage([{ Type: 'SequentialWorkflowActivity', Name: 'Template', Properties: { Title: 'x' }, Children: [] }]);

  it('accepts plain serialized data as well as zlib', () => {
    expect(decodeBpt(encodeBpt(pkg, { compress: false }))).toEqual(decodeBpt(encodeBpt(pkg)));
  });

  it('refuses gzip and raw deflate, as the portal does', () => {
    const raw = encodeBpt(pkg, { compress: false });
    expect(() => decodeBpt(gzipSync(raw))).toThrow(/neither zlib/);
    expect(() => decodeBpt(deflateRawSync(raw))).toThrow(/neither zlib/);
  });

  it('refuses data without TEMPLATE (BIZPROC_WF_TEMPLATE_BPT_WRONG_DATA)', () => {
    expect(() => decodeBpt(encodeBpt({ VERSION: 2 }))).toThrow(/no TEMPLATE/);
  });

  it('refuses serialized objects inside a zlib stream', () => {
    expect(() => decodeBpt(deflateSync(Buffer.from('a:1:{s:8:"TEMPLATE";O:8:"stdClass":0:{}}')))).toThrow(/objects/);
  });
});
