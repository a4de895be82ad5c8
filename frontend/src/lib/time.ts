// Pure time-zone helpers built on Intl only (no library).
//
// A "zone-local" value is what a <input type="datetime-local"> yields:
// "YYYY-MM-DDTHH:mm" (optionally ":ss"), a wall-clock time without a zone.

const wallFormatters = new Map<string, Intl.DateTimeFormat>();

function wallFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = wallFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallFormatters.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is an IANA zone name this browser knows. */
export function isValidTimeZone(timeZone: string): boolean {
  if (!timeZone || !timeZone.trim()) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock fields of the instant `ms` in `timeZone`. */
function wallAt(ms: number, timeZone: string): Wall {
  const parts = wallFormatter(timeZone).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour') % 24,
    minute: get('minute'),
    second: get('second'),
  };
}

function wallToMs(w: Wall): number {
  const d = new Date(0);
  d.setUTCFullYear(w.year, w.month - 1, w.day);
  d.setUTCHours(w.hour, w.minute, w.second, 0);
  return d.getTime();
}

/** Offset of `timeZone` from UTC at instant `ms`, in milliseconds (east positive). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return wallToMs(wallAt(whole, timeZone)) - whole;
}

const LOCAL_RE = /^(\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * Interprets a datetime-local value as wall-clock time in `timeZone` and returns the instant.
 *
 * Disambiguation follows Temporal's "compatible" rule: a time repeated when clocks go back
 * takes the earlier instant; a time skipped when clocks go forward is moved forward by the
 * length of the gap (02:30 on a spring-forward night in Zurich becomes 03:30 CEST).
 * Throws RangeError for a malformed value or an unknown zone.
 */
export function zonedLocalToUtc(local: string, timeZone: string): Date {
  const m = LOCAL_RE.exec(local.trim());
  if (!m) throw new RangeError(`not a local date-time: ${local}`);
  if (!isValidTimeZone(timeZone)) throw new RangeError(`unknown time zone: ${timeZone}`);
  const wall: Wall = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6] ?? 0),
  };
  if (wall.month < 1 || wall.month > 12 || wall.day < 1 || wall.day > 31 || wall.hour > 23 || wall.minute > 59 || wall.second > 59) {
    throw new RangeError(`not a local date-time: ${local}`);
  }
  const asUtc = wallToMs(wall);
  const check = new Date(asUtc);
  if (check.getUTCDate() !== wall.day) throw new RangeError(`not a local date-time: ${local}`);

  const DAY = 86_400_000;
  const before = zoneOffsetMs(asUtc - DAY, timeZone);
  const after = zoneOffsetMs(asUtc + DAY, timeZone);
  const candidates = [...new Set([asUtc - before, asUtc - after])]
    .filter((ms) => wallToMs(wallAt(ms, timeZone)) === asUtc)
    .sort((a, b) => a - b);
  if (candidates.length > 0) return new Date(candidates[0]);
  // Also try the offset at the guess itself (zones with more than one change within a day).
  const here = zoneOffsetMs(asUtc, timeZone);
  if (wallToMs(wallAt(asUtc - here, timeZone)) === asUtc) return new Date(asUtc - here);
  // In a gap: use the offset in force before the transition, which lands after the gap.
  return new Date(asUtc - before);
}

/** RFC 3339 instant in UTC ("2021-02-01T22:00:00Z") for a zone-local value. */
export function zonedLocalToRfc3339(local: string, timeZone: string): string {
  return zonedLocalToUtc(local, timeZone).toISOString().replace('.000Z', 'Z');
}

/** The datetime-local value ("YYYY-MM-DDTHH:mm") showing instant `date` in `timeZone`. */
export function utcToZonedLocal(date: Date | string, timeZone: string): string {
  const ms = typeof date === 'string' ? Date.parse(date) : date.getTime();
  const w = wallAt(ms, timeZone);
  const p = (n: number, len = 2) => String(n).padStart(len, '0');
  return `${p(w.year, 4)}-${p(w.month)}-${p(w.day)}T${p(w.hour)}:${p(w.minute)}`;
}

/** The viewer's own IANA zone as the browser resolves it. */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/**
 * Server-minus-client clock offset in ms, from an HTTP Date header (1 s resolution) or an
 * RFC 3339 server time, assuming the server stamped it halfway through the request.
 * Returns 0 when the value cannot be parsed.
 */
export function clockOffsetMs(serverTime: string | null | undefined, requestStart: number, requestEnd: number): number {
  if (!serverTime) return 0;
  const server = Date.parse(serverTime);
  if (Number.isNaN(server)) return 0;
  return server - (requestStart + requestEnd) / 2;
}
