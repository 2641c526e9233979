import { describe, expect, it } from 'vitest';
import { portalWaitText, shortPortalWaitText } from '../../renderer/src/features/create/portal-wait';
import { formatNumber, translate, type Language } from '../../renderer/src/i18n/translate';
import type { T } from '../../renderer/src/i18n/use-t';

function tOf(language: Language): T {
  return Object.assign((key: Parameters<T>[0], params?: Record<string, string | number>) => translate(language, key, params), { language, n: (value: number) => formatNumber(language, value) });
}

describe('what a run waits for, in words', () => {
  it('a time budget refilling says so with about how long, in both languages', () => {
    const wait = { waitingFor: 'budget:crm.item.batchImport', waitSeconds: 412 };
    expect(portalWaitText(tOf('en'), wait)).toBe('Waiting for the portal: the time budget of crm.item.batchImport for this 10-minute window, about 7 min');
    expect(portalWaitText(tOf('ru'), wait)).toBe('Ждём портал: лимит времени метода crm.item.batchImport на эти 10 минут, ещё около 7 мин');
    expect(shortPortalWaitText(tOf('en'), { ...wait, waitSeconds: 45 })).toBe('waiting for the portal’s limit, about 45 s');
    expect(shortPortalWaitText(tOf('ru'), wait)).toBe('ждём лимит портала, ещё около 7 мин');
  });

  it('the ordinary pacing between requests stays out of the top bar, and nothing is said when nothing is awaited', () => {
    expect(shortPortalWaitText(tOf('en'), { waitingFor: 'bucket', waitSeconds: 1 })).toBeUndefined();
    expect(shortPortalWaitText(tOf('en'), { waitingFor: 'slot' })).toBeUndefined();
    expect(portalWaitText(tOf('en'), { waitingFor: 'bucket', waitSeconds: 1 })).toBe('Waiting for the portal: the limit of requests per second');
    expect(portalWaitText(tOf('ru'), { waitingFor: null, waitSeconds: 30 })).toBeUndefined();
  });
});
