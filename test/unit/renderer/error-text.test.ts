import { describe, expect, it } from 'vitest';
import { toWireError } from '../../../shared/api/errors';
import { detectFormat } from '../../../shared/spreadsheet/detect-format';
import { errorText } from '../../../renderer/src/i18n/translate';

function wireOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    return toWireError(error);
  }
  throw new Error('expected an error');
}

// An OpenDocument spreadsheet: a zip whose first entry is the stored `mimetype`.
function odsBytes(): Uint8Array {
  const name = new TextEncoder().encode('mimetype');
  const body = new TextEncoder().encode('application/vnd.oasis.opendocument.spreadsheet');
  const header = new Uint8Array(30 + name.length);
  const view = new DataView(header.buffer);
  view.setUint32(0, 0x04034b50, true);
  view.setUint16(8, 0, true);
  view.setUint32(18, body.length, true);
  view.setUint32(22, body.length, true);
  view.setUint16(26, name.length, true);
  header.set(name, 30);
  const bytes = new Uint8Array(header.length + body.length);
  bytes.set(header);
  bytes.set(body, header.length);
  return bytes;
}

describe('errors worded in the UI language', () => {
  it('names the format of a file the readers cannot open, in Russian too', () => {
    const wire = wireOf(() => detectFormat(odsBytes(), 'budget.ods'));
    expect(wire).toMatchObject({ code: 'FILE_UNSUPPORTED_FORMAT', params: { format: 'ods' } });
    expect(errorText('en', wire).message).toContain('OpenDocument spreadsheet (.ods)');
    const ru = errorText('ru', wire);
    expect(ru.message).toBe('Файл «budget.ods» — таблица OpenDocument (.ods), такие файлы приложение не читает.');
    expect(ru.hint).toContain('LibreOffice Calc');
  });

  it('falls back to the general Russian text for a value it has no words for', () => {
    const ru = errorText('ru', { code: 'FILE_UNSUPPORTED_FORMAT', message: 'x', params: { format: 'lotus123' }, where: { file: 'a.wk1' } });
    expect(ru.message).toBe('Файл «a.wk1» в формате, который приложение не читает.');
  });
});
