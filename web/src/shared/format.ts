import dayjs, { type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import 'dayjs/locale/zh-cn';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.locale('zh-cn');

/** Every date the bureaus read is a day in China, whatever the browser's time zone. */
export const ZONE = 'Asia/Shanghai';

/** China has kept UTC+8 without daylight saving since 1991: a fixed offset, far cheaper than tz(). */
const SHANGHAI_OFFSET_MINUTES = 8 * 60;

export function inZone(instant: string | Date): Dayjs {
  return dayjs(instant).utcOffset(SHANGHAI_OFFSET_MINUTES);
}

/** The instant as Shanghai wall-clock "YYYY-MM-DDTHH:mm:ss.sss" (plain arithmetic on the fixed offset). */
function shanghaiIso(instant: string | Date): string | null {
  const t = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return Number.isNaN(t) ? null : new Date(t + SHANGHAI_OFFSET_MINUTES * 60_000).toISOString();
}

/**
 * "2026-12-01 09:30" for an instant (DateTime). Without dayjs: a list of 100 rows formats a few
 * hundred instants in one render.
 */
export function formatDateTime(instant: string | null | undefined): string {
  const iso = instant ? shanghaiIso(instant) : null;
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : '—';
}

/** "2026-12-01" for an instant (its day in Asia/Shanghai) or for a Date ("YYYY-MM-DD") as is. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : (shanghaiIso(value)?.slice(0, 10) ?? '—');
}

/** Today in Asia/Shanghai as "YYYY-MM-DD". */
export function todayInZone(): string {
  return shanghaiIso(new Date())!.slice(0, 10);
}

/** The Shanghai calendar day of an instant as a day number (days since 1970-01-01). */
function shanghaiDayNumber(instant: string | Date): number {
  const t = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return Math.floor((t + SHANGHAI_OFFSET_MINUTES * 60_000) / 86_400_000);
}

/** Whole calendar days from today (Asia/Shanghai) to the day of an instant; negative when past. */
export function daysUntil(instant: string, now: Date = new Date()): number {
  return shanghaiDayNumber(instant) - shanghaiDayNumber(now);
}

/**
 * Money is a decimal string ("12800.50"); shown as "¥12,800.50" with grouping, computed on the
 * string so that no float rounding can creep in.
 */
export function formatMoney(amount: string | null | undefined): string {
  if (amount == null || amount === '') return '—';
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!m) return amount;
  const int = m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${m[1]}¥${int}.${(m[3] ?? '').padEnd(2, '0')}`;
}
