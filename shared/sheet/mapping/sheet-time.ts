/**
 * Sheet dates and times carry no time zone: a cell says `05.03.2025 09:30`,
 * meaning that wall-clock time where the sheet is kept. The project stores
 * that zone (`Mapping.timeZone`, an IANA name such as `Europe/Moscow`); a
 * project without one uses this computer's zone. The portal documents
 * datetimes as `YYYY-MM-DDThh:mm:ss±hh:mm` and reads a value without an
 * offset in its own zone, which need not be the sheet's, so every datetime
 * is sent with the sheet zone's offset for that moment (summer time
 * included).
 */

let machineZone: { tz: string | undefined; zone: string } | undefined;

/** This computer's IANA time zone, e.g. `Europe/Berlin` (UTC when unknown). */
export function machineTimeZone(): string {
  // Asked once per cell of a large sheet: remembered until the process's TZ setting changes.
  if (machineZone !== undefined && machineZone.tz === process.env['TZ']) return machineZone.zone;
  let zone = 'UTC';
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    // An Intl without time zone data: UTC is the honest default.
  }
  machineZone = { tz: process.env['TZ'], zone };
  return zone;
}

/** True when `zone` is an IANA time zone name this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const WALL = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const ZONED = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?)(Z|[+-]\d{2}:?\d{2})$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let format = formatters.get(zone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(zone, format);
  }
  return format;
}

/** Minutes `zone` is ahead of UTC at the instant `ms`. */
export function zoneOffsetMinutes(zone: string, ms: number): number {
  const parts: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(new Date(ms))) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const asUtc = Date.UTC(parts['year'] ?? 1970, (parts['month'] ?? 1) - 1, parts['day'] ?? 1, parts['hour'] ?? 0, parts['minute'] ?? 0, parts['second'] ?? 0);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/**
 * The instant (ms) of a sheet value: a wall-clock `YYYY-MM-DD[Thh:mm[:ss]]`
 * read in `zone`, or a value that already has an offset (`…Z`, `…+03:00`).
 * NaN when it is neither.
 */
export function sheetInstant(value: string, zone: string): number {
  if (ZONED.test(value)) return Date.parse(value);
  const wall = WALL.exec(value);
  if (wall === null) return Number.NaN;
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = wall;
  const asUtc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  // The offset at the guessed instant, then at the corrected one: right across a summer-time change.
  const first = asUtc - zoneOffsetMinutes(zone, asUtc) * 60_000;
  return asUtc - zoneOffsetMinutes(zone, first) * 60_000;
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * A datetime as the portal documents it, `YYYY-MM-DDThh:mm:ss±hh:mm`: a
 * wall-clock sheet value gets the offset of `zone` at that moment; a value
 * with `Z` gets `+00:00`; a value with an offset keeps it. Anything else is
 * returned as it is (the portal then says what is wrong with it).
 */
export function portalDateTime(value: string, zone: string): string {
  const zoned = ZONED.exec(value);
  if (zoned !== null) {
    const [, wall = '', offset = ''] = zoned;
    const seconds = wall.length === 16 ? `${wall}:00` : wall.slice(0, 19);
    if (offset === 'Z') return `${seconds}+00:00`;
    return `${seconds}${offset.includes(':') ? offset : `${offset.slice(0, 3)}:${offset.slice(3)}`}`;
  }
  const wall = WALL.exec(value);
  if (wall === null) return value;
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = wall;
  const asUtc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  // The instant is the wall-clock time minus the zone's offset, so the offset is their difference.
  const offset = Math.round((asUtc - sheetInstant(value, zone)) / 60_000);
  return `${y}-${mo}-${d}T${h}:${mi}:${s}${offsetText(offset)}`;
}

/**
 * One instant in one spelling (`YYYY-MM-DDThh:mm:ssZ`), so a datetime sent
 * with the sheet's offset and the same moment read back in the portal's
 * zone compare equal. A value without an offset is taken as UTC; text that
 * is no datetime is returned as it is.
 */
export function instantText(value: string): string {
  const at = ZONED.test(value) ? Date.parse(value) : WALL.test(value) ? sheetInstant(value, 'UTC') : Number.NaN;
  return Number.isFinite(at) ? `${new Date(at).toISOString().slice(0, 19)}Z` : value;
}
