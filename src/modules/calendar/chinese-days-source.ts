/**
 * Official holiday schedule bundled with the `chinese-days` package (dist/chinese-days.json).
 *
 * Shape of that file (v1.5.7): `{ holidays, workdays, inLieuDays }`, each a map from 'YYYY-MM-DD' to
 * "English name,中文名,N" (N = number of statutory days of that festival), e.g.
 * `"2026-02-15": "Spring Festival,春节,4"`. `holidays` lists every day off of each holiday block
 * (weekend days included); `workdays` lists make-up workdays; `inLieuDays` is a subset of `holidays`
 * (weekdays given off in lieu) and is not needed here. Data covers 2004–2026.
 */
import chineseDays from 'chinese-days/dist/chinese-days.json';

export interface NamedDay {
  day: string;
  name: string;
}

export interface OfficialSchedule {
  /** Years whose official schedule is fully present, ascending. */
  years: number[];
  /** Official days off, ascending by day. */
  holidays: NamedDay[];
  /** Make-up workdays, ascending by day. */
  workdays: NamedDay[];
}

type DayMap = Record<string, string>;

/** "Spring Festival,春节,4" -> "春节" (falls back to the English part, then the raw value). */
function readableName(raw: string): string {
  const [en, zh] = raw.split(',').map((s) => s.trim());
  return zh || en || raw;
}

function toNamedDays(map: DayMap): NamedDay[] {
  return Object.entries(map)
    .map(([day, raw]) => ({ day, name: readableName(raw) }))
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}

export function loadChineseDaysSchedule(): OfficialSchedule {
  const data = chineseDays as { holidays: DayMap; workdays: DayMap };
  const holidays = toNamedDays(data.holidays);
  const workdays = toNamedDays(data.workdays);

  // A year counts as loaded only when its Spring Festival holiday is present. The State Council
  // publishes each year's schedule as one notice, and Spring Festival (always in Jan/Feb of the same
  // Gregorian year) is in every notice, so its presence means that year's notice was ingested. Stray
  // days of a year without it (e.g. the start of a New Year block that straddles 31 Dec, or a partial
  // early release) do not make the year authoritative; such days are still passed through as data.
  const years = new Set<number>();
  for (const [day, raw] of Object.entries(data.holidays)) {
    if (raw.includes('Spring Festival') || raw.includes('春节')) years.add(Number(day.slice(0, 4)));
  }

  return { years: [...years].sort((a, b) => a - b), holidays, workdays };
}
