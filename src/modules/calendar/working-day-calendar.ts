/**
 * Working-day arithmetic on China's official calendar (Asia/Shanghai, UTC+8, no DST).
 *
 * A day is a working day when it is a declared make-up workday (调休上班), or otherwise when it is
 * Monday–Friday and not a declared holiday. Years whose official schedule is not loaded are counted
 * on plain weekdays (any explicit entry that happens to exist for such a year is still honoured) and
 * every result that touches such a year is flagged `provisional`.
 *
 * Internally every calendar day is an integer "day number": days since 1970-01-01 on the Shanghai
 * calendar, i.e. floor((epochMs + 8h) / 24h). No Intl, no date library; lookups are Set<number>.
 */

const MS_PER_DAY = 86_400_000;
/** Asia/Shanghai is a fixed UTC+8 (China has not observed DST since 1991). */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface WorkingDayCalendarInput {
  /** Years whose official schedule (holidays and make-up workdays) is loaded. */
  years: readonly number[];
  /** 'YYYY-MM-DD' official days off (weekend days in a holiday block may be included; harmless). */
  holidays: readonly string[];
  /** 'YYYY-MM-DD' make-up workdays (a Saturday or Sunday declared a working day). */
  workdays: readonly string[];
}

export interface WorkingDayDeadline {
  /** End of the due day: 23:59:59.999 Asia/Shanghai. */
  dueAt: Date;
  /** True when any counted day lies in a year whose official schedule is not loaded. */
  provisional: boolean;
}

/** 'YYYY-MM-DD' -> Shanghai day number. Throws on malformed or impossible dates (e.g. 2025-02-30). */
export function dayNumberOf(day: string): number {
  const m = DAY_RE.exec(day);
  if (!m) throw new RangeError(`Invalid day '${day}': expected YYYY-MM-DD`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    throw new RangeError(`Invalid day '${day}': no such calendar date`);
  }
  return ms / MS_PER_DAY;
}

/** Shanghai day number -> 'YYYY-MM-DD'. */
export function dayStringOf(dayNumber: number): string {
  const dt = new Date(dayNumber * MS_PER_DAY);
  const y = dt.getUTCFullYear();
  const mo = dt.getUTCMonth() + 1;
  const d = dt.getUTCDate();
  return `${String(y).padStart(4, '0')}-${mo < 10 ? '0' : ''}${mo}-${d < 10 ? '0' : ''}${d}`;
}

/** The Shanghai calendar day number containing the instant `at`. */
export function shanghaiDayNumber(at: Date): number {
  const ms = at.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / MS_PER_DAY);
}

/** The Shanghai calendar day ('YYYY-MM-DD') containing the instant `at`. */
export function shanghaiDay(at: Date): string {
  return dayStringOf(shanghaiDayNumber(at));
}

/** 23:59:59.999 Asia/Shanghai of the given day number, as an instant. */
export function endOfShanghaiDay(dayNumber: number): Date {
  return new Date((dayNumber + 1) * MS_PER_DAY - SHANGHAI_OFFSET_MS - 1);
}

/** 0 = Sunday … 6 = Saturday. Day number 0 (1970-01-01) was a Thursday. */
function weekdayOf(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

function yearOf(dayNumber: number): number {
  return new Date(dayNumber * MS_PER_DAY).getUTCFullYear();
}

export class WorkingDayCalendar {
  private readonly loadedYears: ReadonlySet<number>;
  private readonly holidays: ReadonlySet<number>;
  private readonly workdays: ReadonlySet<number>;

  constructor(input: WorkingDayCalendarInput) {
    for (const y of input.years) {
      if (!Number.isInteger(y)) throw new RangeError(`Invalid loaded year: ${String(y)}`);
    }
    this.loadedYears = new Set(input.years);
    const holidays = new Set<number>(input.holidays.map(dayNumberOf));
    const workdays = new Set<number>(input.workdays.map(dayNumberOf));
    for (const d of workdays) {
      if (holidays.has(d)) {
        throw new RangeError(`Day ${dayStringOf(d)} is declared both a holiday and a make-up workday`);
      }
    }
    this.holidays = holidays;
    this.workdays = workdays;
  }

  /** Years whose official schedule is loaded, ascending. */
  get years(): number[] {
    return [...this.loadedYears].sort((a, b) => a - b);
  }

  isYearLoaded(year: number): boolean {
    return this.loadedYears.has(year);
  }

  /** Whether the Shanghai calendar day 'YYYY-MM-DD' is a working day. */
  isWorkingDay(day: string): boolean {
    return this.isWorkingDayNumber(dayNumberOf(day));
  }

  /**
   * Deadline of `n` working days counted from the instant `from`: the end (23:59:59.999 +08:00) of the
   * n-th working day AFTER the Shanghai calendar day of `from` — the day of receipt never counts,
   * whatever the hour. `provisional` is set when any day from the day after `from` through the due
   * day lies in a year whose official schedule is not loaded.
   */
  addWorkingDays(from: Date, n: number): WorkingDayDeadline {
    if (!Number.isInteger(n) || n < 1) {
      throw new RangeError(`n must be a positive integer, got ${String(n)}`);
    }
    const start = shanghaiDayNumber(from);
    let day = start;
    let remaining = n;
    while (remaining > 0) {
      day += 1;
      if (this.isWorkingDayNumber(day)) remaining -= 1;
    }
    return { dueAt: endOfShanghaiDay(day), provisional: !this.rangeLoaded(start + 1, day) };
  }

  /**
   * Working days in the half-open interval (from, to] of 'YYYY-MM-DD' days. Negative (the count of
   * (to, from]) when `to` is before `from`; 0 when equal.
   */
  workingDaysBetween(from: string, to: string): number {
    const a = dayNumberOf(from);
    const b = dayNumberOf(to);
    if (b < a) return -this.countWorking(b, a);
    return this.countWorking(a, b);
  }

  /** Same as isWorkingDay, on a Shanghai day number (see shanghaiDayNumber / dayNumberOf). */
  isWorkingDayNumber(dayNumber: number): boolean {
    if (this.workdays.has(dayNumber)) return true;
    if (this.holidays.has(dayNumber)) return false;
    const wd = weekdayOf(dayNumber);
    return wd !== 0 && wd !== 6;
  }

  private countWorking(exclusiveStart: number, inclusiveEnd: number): number {
    let count = 0;
    for (let d = exclusiveStart + 1; d <= inclusiveEnd; d++) {
      if (this.isWorkingDayNumber(d)) count++;
    }
    return count;
  }

  /** Whether every year touched by day numbers [first, last] is loaded. */
  private rangeLoaded(first: number, last: number): boolean {
    const lastYear = yearOf(last);
    for (let y = yearOf(first); y <= lastYear; y++) {
      if (!this.loadedYears.has(y)) return false;
    }
    return true;
  }
}
