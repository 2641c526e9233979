import { describe, expect, it } from 'vitest';
import { fieldSuffix, MAX_FIELD_NAME_LENGTH, MAX_SUFFIX_LENGTH } from '../../../shared/sheet/mapping/field-suffix';
import { stageCode } from '../../../shared/sheet/mapping/stage-code';
import { transliterate } from '../../../shared/sheet/mapping/transliterate';
import { ufFieldName } from '../../../shared/sheet/mapping/uf-field-name';

describe('custom field names', () => {
  it('transliterates Russian headers', () => {
    expect(transliterate('Дата подписания')).toBe('Data podpisaniya');
    expect(transliterate('Щука, ёж и Юла')).toBe('Shchuka, ezh i Yula');
  });

  it('makes A-Z0-9_ suffixes from headers', () => {
    const taken = new Set<string>();
    expect(fieldSuffix('Дата подписания', taken)).toBe('DATA_PODPISANIYA');
    expect(fieldSuffix('Сумма, ₽', taken)).toBe('SUMMA');
    expect(fieldSuffix('№', taken)).toBe('NO');
    expect(fieldSuffix('Amount (USD)', taken)).toBe('AMOUNT_USD');
    expect(fieldSuffix('!!!', taken)).toBe('FIELD');
    expect(fieldSuffix('Café crème', taken)).toBe('CAFE_CREME');
  });

  it('keeps suffixes unique', () => {
    const taken = new Set<string>();
    expect(fieldSuffix('Статус', taken)).toBe('STATUS');
    expect(fieldSuffix('статус ', taken)).toBe('STATUS_2');
    expect(fieldSuffix('STATUS', taken)).toBe('STATUS_3');
  });

  it('stays within the 50-character limit, unique even when cut', () => {
    const taken = new Set<string>();
    const long = 'Очень длинное название колонки про согласование договора с контрагентом';
    const a = fieldSuffix(long, taken);
    const b = fieldSuffix(long, taken);
    expect(a.length).toBeLessThanOrEqual(MAX_SUFFIX_LENGTH);
    expect(b.length).toBeLessThanOrEqual(MAX_SUFFIX_LENGTH);
    expect(a).not.toBe(b);
    expect(b.endsWith('_2')).toBe(true);
    expect(ufFieldName(123456, a).length).toBeLessThanOrEqual(MAX_FIELD_NAME_LENGTH);
  });

  it('refuses invalid or too long names', () => {
    expect(ufFieldName(7, 'FOO')).toBe('UF_CRM_7_FOO');
    expect(() => ufFieldName(7, 'foo')).toThrow(/A-Z/);
    expect(() => ufFieldName(7, 'X'.repeat(45))).toThrow(/longer than 50/);
  });

  it('makes unique stage codes', () => {
    const taken = new Set(['NEW']);
    expect(stageCode('На доработке', taken)).toBe('NA_DORABOTKE');
    expect(stageCode('На доработке', taken)).toBe('NA_DORABOTKE_2');
    expect(stageCode('2 этап', taken)).toBe('S_2_ETAP');
  });
});
