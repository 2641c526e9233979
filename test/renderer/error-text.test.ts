import { describe, expect, it } from 'vitest';
import { toWireError } from '../../shared/base/errors/errors';
import { detectFormat } from '../../shared/sheet/spreadsheet/detect-format';
import { errorText } from '../../renderer/src/i18n/translate';
import { numbersBytes } from '../sheet/spreadsheet/foreign-files';

function wireOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    return toWireError(error);
  }
  throw new Error('expected an error');
}

describe('errors worded in the UI language', () => {
  it('names the format of a file the readers cannot open, in Russian too', async () => {
    const numbers = await numbersBytes();
    const wire = wireOf(() => detectFormat(numbers, 'budget.numbers'));
    expect(wire).toMatchObject({ code: 'FILE_UNSUPPORTED_FORMAT', params: { format: 'numbers' } });
    expect(errorText('en', wire).message).toContain('Apple Numbers spreadsheet (.numbers)');
    const ru = errorText('ru', wire);
    expect(ru.message).toBe('Файл «budget.numbers» — таблица Apple Numbers (.numbers), такие файлы приложение не читает.');
    expect(ru.hint).toContain('Экспортировать');
  });

  it('falls back to the general Russian text for a value it has no words for', () => {
    const ru = errorText('ru', { code: 'FILE_UNSUPPORTED_FORMAT', message: 'x', params: { format: 'lotus123' }, where: { file: 'a.wk1' } });
    expect(ru.message).toBe('Файл «a.wk1» в формате, который приложение не читает.');
  });
});
