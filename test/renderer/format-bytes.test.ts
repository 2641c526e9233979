import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../renderer/src/components/format';

describe('formatBytes', () => {
  it('writes sizes with the units and number format of the UI language', () => {
    expect(formatBytes(512, 'en')).toBe('512 B');
    expect(formatBytes(23 * 1024, 'en')).toBe('23 KB');
    expect(formatBytes(1.4 * 1024 * 1024, 'en')).toBe('1.4 MB');
    expect(formatBytes(512, 'ru')).toBe('512 Б');
    expect(formatBytes(23 * 1024, 'ru')).toBe('23 КБ');
    expect(formatBytes(1.4 * 1024 * 1024, 'ru')).toBe('1,4 МБ');
  });
});
