/**
 * Chinese resident identity card number (GB 11643-1999): 6-digit region code, 8-digit birth
 * date YYYYMMDD, 3-digit sequence, 1 check char (0-9 or X, ISO 7064 MOD 11-2).
 */
import { isRealDay, shanghaiDate } from './time';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
const FORMAT_RE = /^\d{17}[\dX]$/;

/** Trims whitespace and upper-cases a trailing `x`. Does not validate. */
export function normalizeIdCard(s: string): string {
  return s.trim().toUpperCase();
}

/** Check char for the first 17 digits (caller guarantees 17 digits). */
function checkChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/**
 * True for a well-formed 18-char ID: correct check char, and a real birth date
 * (positions 7-14) between 1900-01-01 and today (Asia/Shanghai) inclusive.
 * Lowercase `x` is accepted. `now` is injectable for tests.
 */
export function isValidIdCard(s: string, now: Date = new Date()): boolean {
  const id = normalizeIdCard(s);
  if (!FORMAT_RE.test(id)) return false;
  if (checkChar(id.slice(0, 17)) !== id[17]) return false;
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (year < 1900 || !isRealDay(year, month, day)) return false;
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  return birth <= shanghaiDate(now);
}

/** The holder's home county code (first 6 digits). Throws if `s` is not a valid ID number. */
export function idCardRegionCode(s: string): string {
  if (!isValidIdCard(s)) throw new Error('invalid resident ID number');
  return normalizeIdCard(s).slice(0, 6);
}

/** Appends the check char to 17 digits, e.g. for demo data and tests. Throws unless 17 digits. */
export function makeIdCard(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('makeIdCard needs exactly 17 digits');
  return first17 + checkChar(first17);
}
