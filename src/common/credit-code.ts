/**
 * Unified social credit code (统一社会信用代码, GB 32100-2015): 1 registration-authority char,
 * 1 entity-type char, 6-digit region code, 9-char organization code, 1 check char.
 */

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const BODY_RE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{9}$/;

/** Trims whitespace and upper-cases. Does not validate. */
export function normalizeCreditCode(s: string): string {
  return s.trim().toUpperCase();
}

/** Check char for a 17-char body (caller guarantees the charset). */
function checkChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(first17[i]) * WEIGHTS[i];
  return CHARSET[(31 - (sum % 31)) % 31];
}

/**
 * True for an 18-char code over the GB 32100 charset (no I, O, Z, S, V) whose positions 3-8
 * are digits (region code) and whose last char is the correct check char. Case-insensitive.
 */
export function isValidCreditCode(s: string): boolean {
  const code = normalizeCreditCode(s);
  if (code.length !== 18 || !BODY_RE.test(code.slice(0, 17))) return false;
  return checkChar(code.slice(0, 17)) === code[17];
}

/** The 6-digit region code (positions 3-8). Throws if `s` is not a valid credit code. */
export function creditCodeRegionCode(s: string): string {
  if (!isValidCreditCode(s)) throw new Error('invalid unified social credit code');
  return normalizeCreditCode(s).slice(2, 8);
}

/** Appends the check char to a 17-char body. Throws if the body is malformed. */
export function makeCreditCode(first17: string): string {
  const body = normalizeCreditCode(first17);
  if (!BODY_RE.test(body)) throw new Error('makeCreditCode needs 17 valid chars with digits at positions 3-8');
  return body + checkChar(body);
}
