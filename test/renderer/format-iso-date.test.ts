import { describe, expect, it } from 'vitest';
import { formatIsoDate } from '../../renderer/src/components/format';

describe('formatIsoDate', () => {
  it('writes ISO dates and date-times as the Russian UI reads them, and leaves English and other text alone', () => {
    expect(formatIsoDate('2025-01-31', 'ru')).toBe('31.01.2025');
    expect(formatIsoDate('2025-01-31T09:30:00+03:00', 'ru')).toBe('31.01.2025 09:30');
    expect(formatIsoDate('2025-01-31', 'en')).toBe('2025-01-31');
    expect(formatIsoDate('вчера', 'ru')).toBe('вчера');
    expect(formatIsoDate('31.01.2025', 'ru')).toBe('31.01.2025');
  });
});
