/**
 * The sandbox portal's time zone. Moscow has no DST, so every timestamp has the
 * same `+03:00` offset, and a date-only value reads back as `…T03:00:00+03:00`
 * (00:00 UTC), a quirk of the real portal that shifts such dates by the time zone.
 */
const OFFSET_MINUTES = 180;

/** `2024-07-18T14:00:14+03:00` for a wall-clock instant. */
export function formatPortalDateTime(ms: number): string {
  const shifted = new Date(ms + OFFSET_MINUTES * 60_000);
  const iso = shifted.toISOString().slice(0, 19);
  return `${iso}+03:00`;
}

/** Parses what a client may send for a datetime; undefined when it is not one. */
export function parseDateTime(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (iso !== null) {
    const [, y, mo, d, h = '00', mi = '00', s = '00', zone] = iso;
    if (!validDate(Number(y), Number(mo), Number(d)) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
    const base = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    return base - zoneOffsetMinutes(zone) * 60_000;
  }
  // The portal's own display format, accepted on input by Bitrix as well.
  const ru = /^(\d{2})\.(\d{2})\.(\d{4})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (ru !== null) {
    const [, d, mo, y, h = '00', mi = '00', s = '00'] = ru;
    if (!validDate(Number(y), Number(mo), Number(d))) return undefined;
    return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) - OFFSET_MINUTES * 60_000;
  }
  return undefined;
}

/** Parses a date (`YYYY-MM-DD`, or the date part of a datetime) into `YYYY-MM-DD`. */
export function parseDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(text);
  if (iso !== null && validDate(Number(iso[1]), Number(iso[2]), Number(iso[3]))) {
    if (text.length > 10 && parseDateTime(text) === undefined) return undefined;
    return `${iso[1]}-${iso[2]}-${iso[3]}`;
  }
  const ru = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(text);
  if (ru !== null && validDate(Number(ru[3]), Number(ru[2]), Number(ru[1]))) return `${ru[3]}-${ru[2]}-${ru[1]}`;
  return undefined;
}

/** How a stored date reads back: midnight UTC shown in portal time. */
export function formatPortalDate(date: string): string {
  return `${date}T03:00:00+03:00`;
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

function zoneOffsetMinutes(zone: string | undefined): number {
  if (zone === undefined) return OFFSET_MINUTES;
  if (zone === 'Z') return 0;
  const match = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (match === null) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}
