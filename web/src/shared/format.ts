import dayjs, { type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import 'dayjs/locale/zh-cn';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.locale('zh-cn');

/** Every date the bureaus read is a day in China, whatever the browser's time zone. */
export const ZONE = 'Asia/Shanghai';

export function inZone(instant: string | Date): Dayjs {
  return dayjs(instant).tz(ZONE);
}

/** "2026-12-01 09:30" for an instant (DateTime). */
export function formatDateTime(instant: string | null | undefined): string {
  return instant ? inZone(instant).format('YYYY-MM-DD HH:mm') : '—';
}

/** "2026-12-01" for an instant (its day in Asia/Shanghai) or for a Date ("YYYY-MM-DD") as is. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : inZone(value).format('YYYY-MM-DD');
}

/** Today in Asia/Shanghai as "YYYY-MM-DD". */
export function todayInZone(): string {
  return dayjs().tz(ZONE).format('YYYY-MM-DD');
}

/** Whole calendar days from today (Asia/Shanghai) to the day of an instant; negative when past. */
export function daysUntil(instant: string): number {
  const today = dayjs.tz(todayInZone(), ZONE);
  const day = dayjs.tz(inZone(instant).format('YYYY-MM-DD'), ZONE);
  return Math.round(day.diff(today, 'day', true));
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
