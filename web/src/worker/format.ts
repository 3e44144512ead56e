/** Dates and money for the worker pages, without a date library (Intl knows Asia/Shanghai). */
const DAY = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric' });
const TIME = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
const ISO_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** "2026年12月8日" for an instant, or for a day "YYYY-MM-DD" as it is. */
export function day(value: string | null | undefined): string {
  if (!value) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-').map(Number);
    return `${y}年${m}月${d}日`;
  }
  return DAY.format(new Date(value));
}

/** "12月1日 09:30" for an instant. */
export function dayTime(value: string): string {
  return TIME.format(new Date(value));
}

/** Today in Asia/Shanghai, "YYYY-MM-DD". */
export function today(): string {
  return ISO_DAY.format(new Date());
}

/** "12,800.50 元" from a decimal string, computed on the string. */
export function yuan(amount: string | null | undefined): string {
  if (amount == null) return '—';
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount);
  if (!m) return amount;
  return `${m[1]}${m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${(m[3] ?? '').padEnd(2, '0')} 元`;
}

export function percent(share: number | null | undefined): string {
  return share == null ? '—' : `${(share * 100).toFixed(1)}%`;
}
