/**
 * Money is an exact decimal amount in yuan, held as `bigint` fen (0.01 yuan); never a float.
 * Postgres columns are `numeric(14,2)`.
 */

/** Longest accepted integer part of an input amount, in digits. */
export const MONEY_MAX_INTEGER_DIGITS = 12;

/** The largest amount a money column (numeric(14,2)) holds: 999999999999.99 yuan, in fen. */
export const MONEY_COLUMN_MAX_FEN = 10n ** 14n - 1n;

/** The largest count an `int` column (workers) holds. */
export const INT_COLUMN_MAX = 2_147_483_647;

/** Whether a running total in fen still fits its column; checked before writing a sum. */
export function fitsMoneyColumn(fen: bigint): boolean {
  return fen >= 0n && fen <= MONEY_COLUMN_MAX_FEN;
}

const INPUT_RE = /^(\d+)(?:\.(\d{1,2}))?$/;
const DB_RE = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

/** Thrown when a money string is not an acceptable decimal amount. */
export class MoneyFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MoneyFormatError';
  }
}

function toFen(intPart: string, frac: string | undefined): bigint {
  return BigInt(intPart) * 100n + BigInt((frac ?? '').padEnd(2, '0'));
}

/**
 * Parses a non-negative yuan amount like "12800", "12800.5" or "12800.50" into fen.
 * Rejects signs, spaces, exponents, more than 2 decimals, a bare or trailing dot, empty input,
 * and more than 12 integer digits (numeric(14,2)).
 */
export function parseMoney(s: string): bigint {
  if (s.startsWith('-')) throw new MoneyFormatError('money must not be negative');
  const m = INPUT_RE.exec(s);
  if (!m) {
    throw new MoneyFormatError('money must be a decimal string like "12800.50" with at most two decimals');
  }
  if (m[1].length > MONEY_MAX_INTEGER_DIGITS) {
    throw new MoneyFormatError(`money must have at most ${MONEY_MAX_INTEGER_DIGITS} integer digits`);
  }
  return toFen(m[1], m[2]);
}

/** Formats fen as yuan with exactly two decimals: 1280050n -> "12800.50", -5n -> "-0.05". */
export function formatMoney(fen: bigint): string {
  const sign = fen < 0n ? '-' : '';
  const abs = fen < 0n ? -fen : fen;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

const CANONICAL_RE = /^-?(?:0|[1-9]\d*)\.\d\d$/;

/**
 * A pg `numeric` string as canonical yuan text (exactly two decimals): what `formatMoney(moneyFromDb(value))`
 * gives, without the round trip through bigint for a value already in that form (a numeric(14,2) column's).
 */
export function yuanFromDb(value: string): string {
  return CANONICAL_RE.test(value) && value !== '-0.00' ? value : formatMoney(moneyFromDb(value));
}

/** Converts a pg `numeric` string ("12800.50", "12800.5", "0", "-3.00") to fen. */
export function moneyFromDb(value: string): bigint {
  const m = DB_RE.exec(value);
  if (!m) throw new MoneyFormatError('database money value is not a numeric with at most two decimals');
  const fen = toFen(m[2], m[3]);
  return m[1] === '-' ? -fen : fen;
}
