/**
 * Calendar helpers for Asia/Shanghai (UTC+08:00, no DST since 1991), implemented with a
 * fixed offset instead of Intl for speed.
 */

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** UTC epoch ms of midnight UTC on the given proleptic Gregorian day (safe for years 0-99 too). */
function utcMidnight(year: number, month: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d.getTime();
}

/** True when year/month/day (month 1-12) is a real calendar day, e.g. rejects Feb 30. */
export function isRealDay(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  const d = new Date(utcMidnight(year, month, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** True when `s` is exactly `YYYY-MM-DD` and names a real calendar day. */
export function isDateString(s: string): boolean {
  const m = DATE_RE.exec(s);
  return m !== null && isRealDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** The `YYYY-MM-DD` calendar day of instant `d` in Asia/Shanghai. Throws RangeError on an invalid Date. */
export function shanghaiDate(d: Date): string {
  return new Date(d.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant 00:00:00.000+08:00 on `dateStr` (`YYYY-MM-DD`). Throws RangeError if not a real day. */
export function shanghaiStartOfDay(dateStr: string): Date {
  const m = DATE_RE.exec(dateStr);
  if (!m || !isRealDay(Number(m[1]), Number(m[2]), Number(m[3]))) {
    throw new RangeError('date must be a real calendar day in YYYY-MM-DD form');
  }
  return new Date(utcMidnight(Number(m[1]), Number(m[2]), Number(m[3])) - SHANGHAI_OFFSET_MS);
}

/** The instant 23:59:59.999+08:00 on `dateStr` (`YYYY-MM-DD`). Throws RangeError if not a real day. */
export function shanghaiEndOfDay(dateStr: string): Date {
  return new Date(shanghaiStartOfDay(dateStr).getTime() + DAY_MS - 1);
}
