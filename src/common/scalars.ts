/**
 * GraphQL scalars for the code-first schema: Money (decimal string), Date (YYYY-MM-DD, Asia/Shanghai)
 * and DateTime (ISO-8601 with an explicit offset). Input errors are `BAD_USER_INPUT` GraphQLErrors.
 */
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { MoneyFormatError, formatMoney, parseMoney, yuanFromDb } from './money';
import { isDateString, isRealDay, shanghaiDate } from './time';

function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

/** Reads a string literal or throws `BAD_USER_INPUT` with `message`. */
function stringLiteral(ast: ValueNode, message: string): string {
  if (ast.kind !== Kind.STRING) throw badInput(message);
  return ast.value;
}

// ---- Money ------------------------------------------------------------------

const MONEY_NOT_STRING = 'Money must be a decimal string like "12800.50", not a number';

/** Validates an input amount and returns its canonical 2-decimal form. */
function parseMoneyInput(value: unknown): string {
  if (typeof value !== 'string') throw badInput(MONEY_NOT_STRING);
  try {
    return formatMoney(parseMoney(value));
  } catch (e) {
    if (e instanceof MoneyFormatError) throw badInput(`Money: ${e.message}`);
    throw e;
  }
}

export const MoneyScalar = new GraphQLScalarType<string, string>({
  name: 'Money',
  description: 'Amount in yuan as a decimal string with at most two decimals, e.g. "12800.50"; never a float.',
  serialize(value: unknown): string {
    if (typeof value === 'bigint') return formatMoney(value);
    if (typeof value === 'string') return yuanFromDb(value);
    throw new GraphQLError('Money can only serialize a bigint (fen) or a decimal string');
  },
  parseValue: parseMoneyInput,
  parseLiteral: (ast) => parseMoneyInput(stringLiteral(ast, MONEY_NOT_STRING)),
});

// ---- Date -------------------------------------------------------------------

const DATE_MESSAGE = 'Date must be a real calendar day as a "YYYY-MM-DD" string';

function parseDateInput(value: unknown): string {
  if (typeof value !== 'string' || !isDateString(value)) throw badInput(DATE_MESSAGE);
  return value;
}

export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'Calendar day in Asia/Shanghai as "YYYY-MM-DD".',
  serialize(value: unknown): string {
    if (value instanceof Date && !Number.isNaN(value.getTime())) return shanghaiDate(value);
    if (typeof value === 'string' && isDateString(value)) return value;
    throw new GraphQLError('Date can only serialize a valid Date or a "YYYY-MM-DD" string');
  },
  parseValue: parseDateInput,
  parseLiteral: (ast) => parseDateInput(stringLiteral(ast, DATE_MESSAGE)),
});

// ---- DateTime ---------------------------------------------------------------

const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:(Z)|([+-])(\d{2}):(\d{2}))$/i;
const DATETIME_MESSAGE = 'DateTime must be an ISO-8601 string with "Z" or an explicit offset, e.g. "2026-11-26T22:30:00+08:00"';

/** Strict ISO-8601 parse: full date and time with seconds, and a mandatory Z or ±HH:MM offset. */
function parseIsoWithOffset(s: string): Date | null {
  const m = DATETIME_RE.exec(s);
  if (!m) return null;
  const [y, mo, d, h, mi, sec] = m.slice(1, 7).map(Number);
  if (!isRealDay(y, mo, d) || h > 23 || mi > 59 || sec > 59) return null;
  let offsetMin = 0;
  if (!m[8]) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return null;
    offsetMin = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi - offsetMin, sec, ms);
  return Number.isNaN(date.getTime()) ? null : date;
}

function parseDateTimeInput(value: unknown): Date {
  const date = typeof value === 'string' ? parseIsoWithOffset(value) : null;
  if (!date) throw badInput(DATETIME_MESSAGE);
  return date;
}

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'Instant as an ISO-8601 string in UTC, e.g. "2026-11-26T22:30:00.000Z"; input needs Z or an offset.',
  serialize(value: unknown): string {
    const date = value instanceof Date ? value : typeof value === 'string' ? parseIsoWithOffset(value) : null;
    if (!date || Number.isNaN(date.getTime())) {
      throw new GraphQLError('DateTime can only serialize a valid Date or an ISO-8601 string with an offset');
    }
    return date.toISOString();
  },
  parseValue: parseDateTimeInput,
  parseLiteral: (ast) => parseDateTimeInput(stringLiteral(ast, DATETIME_MESSAGE)),
});
