import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { loadChineseDaysSchedule } from './chinese-days-source';
import { WorkingDayCalendar, WorkingDayDeadline } from './working-day-calendar';
import { transaction } from '../../common/audit/audit-scope';


const CACHE_MS = 30_000;

/**
 * The official working-day calendar, from the database (seeded from `chinese-days`, extended by
 * an ADMIN with each year's State Council schedule). Cached for 30 s so that a schedule loaded
 * through another server instance is picked up without a restart.
 */
@Injectable()
export class CalendarService {
  private cached: { at: number; calendar: WorkingDayCalendar } | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Loads the package's schedule (2004 to the last year it knows) when the table is empty. */
  async seedIfEmpty(): Promise<void> {
    const [{ empty }]: { empty: boolean }[] = await this.ds.query(`SELECT NOT EXISTS (SELECT 1 FROM calendar_year) AS empty`);
    if (!empty) return;
    const schedule = loadChineseDaysSchedule();
    await transaction(this.ds, async (m) => {
      for (const year of schedule.years) {
        await this.writeYear(
          m,
          year,
          schedule.holidays.filter((d) => d.day.startsWith(`${year}-`)),
          schedule.workdays.filter((d) => d.day.startsWith(`${year}-`)),
          'chinese-days',
        );
      }
    });
    this.cached = null;
  }

  /**
   * The calendar, read through `m` when the cache is cold. Inside a transaction pass its manager:
   * the embedded engine has one connection, and a read outside the transaction would wait forever.
   */
  async calendar(m: EntityManager = this.ds.manager): Promise<WorkingDayCalendar> {
    if (this.cached && Date.now() - this.cached.at < CACHE_MS) return this.cached.calendar;
    const years: { year: number }[] = await m.query(`SELECT year FROM calendar_year ORDER BY year`);
    const days: { day: string; kind: string }[] = await m.query(`SELECT to_char(day, 'YYYY-MM-DD') AS day, kind FROM calendar_day`);
    const calendar = new WorkingDayCalendar({
      years: years.map((y) => Number(y.year)),
      holidays: days.filter((d) => d.kind === 'HOLIDAY').map((d) => d.day),
      workdays: days.filter((d) => d.kind === 'WORKDAY').map((d) => d.day),
    });
    this.cached = { at: Date.now(), calendar };
    return calendar;
  }

  async addWorkingDays(m: EntityManager, from: Date, n: number): Promise<WorkingDayDeadline> {
    return (await this.calendar(m)).addWorkingDays(from, n);
  }

  /** Replaces one year's schedule inside the caller's transaction. */
  async writeYear(
    m: EntityManager,
    year: number,
    holidays: { day: string; name: string }[],
    workdays: { day: string; name: string }[],
    source: string,
  ): Promise<void> {
    await m.query(`DELETE FROM calendar_day WHERE day >= make_date($1, 1, 1) AND day < make_date($1 + 1, 1, 1)`, [year]);
    const all = [...holidays.map((d) => ({ ...d, kind: 'HOLIDAY' })), ...workdays.map((d) => ({ ...d, kind: 'WORKDAY' }))];
    if (all.length) {
      await m.query(
        `INSERT INTO calendar_day (day, kind, name) SELECT * FROM unnest($1::date[], $2::text[], $3::text[])`,
        [all.map((d) => d.day), all.map((d) => d.kind), all.map((d) => d.name)],
      );
    }
    await m.query(
      `INSERT INTO calendar_year (year, source, loaded_at) VALUES ($1, $2, $3)
       ON CONFLICT (year) DO UPDATE SET source = EXCLUDED.source, loaded_at = EXCLUDED.loaded_at`,
      [year, source, this.clock.now()],
    );
  }

  invalidate(): void {
    this.cached = null;
  }
}
