import { describe, expect, it } from 'vitest';
import { createCore } from '../../../shared/app/api/create-core';
import { AppError, toWireError } from '../../../shared/base/errors/errors';
import { createRouter, type Handlers } from '../../../shared/app/api/router';
import { tempDir } from '../../support/temp-dir';
import { openEmbeddedSandbox } from '../../../sandbox/embedded-sandbox';

const info = { name: 'Smart Process Migrator', version: '1.2.3', mode: 'browser' as const };
const ctx = { origin: 'in-process' as const };

describe('router', () => {
  it('answers a known channel with its value', async () => {
    const { dispatch } = createCore({ info, dataDir: tempDir(), openSandbox: openEmbeddedSandbox });
    expect(await dispatch('app.info', {}, ctx)).toEqual({ ok: true, value: info });
  });

  it('refuses an unknown channel as data, with a stable code', async () => {
    const { dispatch } = createCore({ info, dataDir: tempDir(), openSandbox: openEmbeddedSandbox });
    const result = await dispatch('workbook.delete-everything', {}, ctx);
    expect(result).toEqual({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'There is no channel “workbook.delete-everything”.' } });
  });

  it.each([
    ['app.info', { extra: 1 }],
    ['workbook.open', { fileName: 'a.csv', bytes: 'not bytes' }],
    ['workbook.open', { fileName: '', bytes: new Uint8Array(1) }],
    ['workbook.rows', { workbookId: 'x', sheet: 's', offset: -1, limit: 10 }],
    ['workbook.rows', { workbookId: 'x', sheet: 's', offset: 0, limit: 100_000 }],
    ['workbook.close', null],
  ])('rejects invalid input for %s before any handler runs', async (channel, input) => {
    const { dispatch } = createCore({ info, dataDir: tempDir(), openSandbox: openEmbeddedSandbox });
    const result = await dispatch(channel, input, ctx);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INVALID_INPUT');
      expect(result.error.message).toContain(channel);
    }
  });

  it('turns a thrown AppError into a WireError with hint and location', async () => {
    const { dispatch } = createCore({ info, dataDir: tempDir(), openSandbox: openEmbeddedSandbox });
    const result = await dispatch('workbook.open', { fileName: 'empty.csv', bytes: new Uint8Array(0) }, ctx);
    expect(result).toEqual({
      ok: false,
      error: { code: 'FILE_EMPTY', message: '“empty.csv” is empty (0 bytes).', hint: expect.any(String), where: { file: 'empty.csv' } },
    });
  });

  it('never leaks the text of an unexpected error', async () => {
    const handlers = {
      'app.info': async () => {
        throw new Error('ENOENT /home/secret/path token=abc');
      },
    } as unknown as Handlers;
    const result = await createRouter(handlers)('app.info', {}, ctx);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INTERNAL');
      expect(JSON.stringify(result.error)).not.toContain('secret');
    }
  });

  it('reports an unknown workbook plainly', async () => {
    const { dispatch } = createCore({ info, dataDir: tempDir(), openSandbox: openEmbeddedSandbox });
    const result = await dispatch('workbook.rows', { workbookId: 'gone', sheet: 'Sheet1', offset: 0, limit: 10 }, ctx);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: 'WORKBOOK_NOT_FOUND', hint: 'Drop the file again.' });
  });

  it('maps an aborted operation to CANCELLED', () => {
    const abort = new DOMException('stopped', 'AbortError');
    expect(toWireError(abort).code).toBe('CANCELLED');
    expect(toWireError(new AppError('FILE_CORRUPT', 'bad')).code).toBe('FILE_CORRUPT');
  });
});
