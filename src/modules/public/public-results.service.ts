import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';
import { badInput } from '../../common/errors';
import { formatMoney, moneyFromDb } from '../../common/money';
import { shanghaiDate } from '../../common/time';
import { AppConfig } from '../../config/app-config';
import { Unit } from '../units/unit.entity';
import { PublicResultsModel, PublicUnitResultModel } from './public-results.models';
import { UnitLevel } from '../access/unit-level';

/** Per published level: the column of public_result_year that selects the unit, and the one that groups its children. */
const LEVELS: Record<'COUNTRY' | UnitLevel.PROVINCE | UnitLevel.CITY | UnitLevel.COUNTY | UnitLevel.TOWNSHIP, { column: string | null; child: string | null }> = {
  COUNTRY: { column: null, child: 'province_code' },
  [UnitLevel.PROVINCE]: { column: 'province_code', child: 'city_code' },
  [UnitLevel.CITY]: { column: 'city_code', child: 'county_code' },
  [UnitLevel.COUNTY]: { column: 'county_code', child: 'township_code' },
  [UnitLevel.TOWNSHIP]: { column: 'township_code', child: null },
};
const CACHE_LIMIT = 10_000;
const FIRST_YEAR = 2000;

/** The raw sums of one unit (or of one group of cases) for a year. */
interface Sums {
  closed: number;
  recoveredFen: bigint;
  workersPaid: number;
  onTime: number;
  daysSum: number;
  daysCount: number;
  answered: number;
  answeredInTime: number;
}
const ZERO: Sums = { closed: 0, recoveredFen: 0n, workersPaid: 0, onTime: 0, daysSum: 0, daysCount: 0, answered: 0, answeredInTime: 0 };

/**
 * 四公开 · 结果: what a province, city, county or township achieved in a year, for anyone, with no
 * personal data, from the yearly sums per unit in public_result_year (PublicResultsWriter keeps
 * them; see the PublicResults migration), grouped by the child level: the unit and its children
 * are one small aggregate.
 * Small numbers are withheld: a unit is published from `PUBLIC_MIN_COUNT` closed cases up, and a
 * child is also withheld when the withheld children together would be fewer than that (otherwise
 * the parent's total minus the published children would give the small figure away). Results are
 * kept in memory for `PUBLIC_CACHE_SECONDS`, keyed by unit and year.
 */
@Injectable()
export class PublicResultsService {
  private readonly cache = new Map<string, { at: number; value: Promise<PublicResultsModel> }>();

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  results(unitCode: string | null, year: number | null): Promise<PublicResultsModel> {
    const now = this.clock.now();
    const thisYear = Number(shanghaiDate(now).slice(0, 4));
    const y = year ?? thisYear;
    if (!Number.isInteger(y) || y < FIRST_YEAR || y > thisYear) throw badInput('year', `year must be between ${FIRST_YEAR} and ${thisYear}`);
    const key = `${unitCode ?? ''}:${y}`;
    const hit = this.cache.get(key);
    const age = hit ? now.getTime() - hit.at : -1;
    if (hit && age >= 0 && age < this.config.PUBLIC_CACHE_SECONDS * 1000) return hit.value;
    const value = this.read(unitCode, y, now);
    this.cache.delete(key);
    this.cache.set(key, { at: now.getTime(), value });
    if (this.cache.size > CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
    // A failed read is not kept.
    value.catch(() => this.cache.get(key)?.value === value && this.cache.delete(key));
    return value;
  }

  private async read(unitCode: string | null, year: number, now: Date): Promise<PublicResultsModel> {
    let unit: Unit | null = null;
    if (unitCode !== null) {
      unit = await this.ds.getRepository(Unit).findOneBy({ code: unitCode });
      if (!unit) throw badInput('unitCode', `unit ${unitCode} does not exist`);
      if (unit.level === UnitLevel.GRID) throw badInput('unitCode', 'results are published down to townships, not for villages');
    }
    const level = LEVELS[unit ? (unit.level as keyof typeof LEVELS) : 'COUNTRY'];
    const [children, rows] = await Promise.all([
      level.child ? this.ds.getRepository(Unit).find({ where: unit ? { parentCode: unit.code } : { level: UnitLevel.PROVINCE }, order: { code: 'ASC' } }) : Promise.resolve([]),
      this.sums(level, unit?.code ?? null, year),
    ]);
    const groups = new Map<string | null, Sums>(
      rows.map((r) => [
        r.code,
        {
          closed: Number(r.closed),
          recoveredFen: moneyFromDb(r.recovered),
          workersPaid: Number(r.paid),
          onTime: Number(r.on_time),
          daysSum: Number(r.days_sum),
          daysCount: Number(r.days_n),
          answered: Number(r.answered),
          answeredInTime: Number(r.in_time),
        },
      ]),
    );
    const total = [...groups.values()].reduce(add, { ...ZERO });
    const childSums = children.map((c) => groups.get(c.code) ?? { ...ZERO });
    const min = this.config.PUBLIC_MIN_COUNT;
    const totalShown = total.closed >= min;
    const casesShown = withhold(childSums.map((s) => s.closed), totalShown, min);
    const claimsShown = withhold(childSums.map((s) => s.answered), totalShown && total.answered >= min, min);
    return {
      year,
      minimumCount: min,
      asOf: now,
      total: figures(unit, total, totalShown, totalShown && total.answered >= min),
      children: children.map((c, i) => figures(c, childSums[i], casesShown[i], casesShown[i] && claimsShown[i])),
    };
  }

  /** The year's sums of the unit's rows, grouped by the child level (one group when there is none). */
  private sums(level: (typeof LEVELS)[keyof typeof LEVELS], code: string | null, year: number) {
    const params: unknown[] = [year];
    const where = [`year = $1`];
    if (level.column) where.push(`${level.column} = $${params.push(code)}`);
    return this.ds.query(
      `SELECT ${level.child ?? 'NULL::text'} AS code, sum(cases_closed)::text AS closed, sum(amount_recovered)::text AS recovered,
              sum(workers_paid)::text AS paid, sum(closed_on_time)::text AS on_time, sum(days_to_close_sum)::text AS days_sum,
              sum(days_to_close_count)::text AS days_n, sum(claims_answered)::text AS answered, sum(claims_answered_in_time)::text AS in_time
       FROM public_result_year WHERE ${where.join(' AND ')} GROUP BY 1`,
      params,
    ) as Promise<{ code: string | null; closed: string; recovered: string; paid: string; on_time: string; days_sum: string; days_n: string; answered: string; in_time: string }[]>;
  }
}

function add(a: Sums, b: Sums): Sums {
  return {
    closed: a.closed + b.closed,
    recoveredFen: a.recoveredFen + b.recoveredFen,
    workersPaid: a.workersPaid + b.workersPaid,
    onTime: a.onTime + b.onTime,
    daysSum: a.daysSum + b.daysSum,
    daysCount: a.daysCount + b.daysCount,
    answered: a.answered + b.answered,
    answeredInTime: a.answeredInTime + b.answeredInTime,
  };
}

/**
 * Which children may be shown: those with at least `min`, and, when the withheld ones together are
 * more than none but fewer than `min`, not the smallest shown ones either, until the withheld sum
 * reaches `min` (the parent's total minus the shown children must not give a small figure away).
 */
export function withhold(counts: number[], parentShown: boolean, min: number): boolean[] {
  const shown = counts.map((n) => parentShown && n >= min);
  if (!parentShown) return shown;
  let hidden = counts.reduce((s, n, i) => s + (shown[i] ? 0 : n), 0);
  const bySize = counts.map((n, i) => ({ n, i })).filter((x) => shown[x.i]).sort((a, b) => a.n - b.n || a.i - b.i);
  for (const { n, i } of bySize) {
    if (hidden === 0 || hidden >= min) break;
    shown[i] = false;
    hidden += n;
  }
  return shown;
}

function figures(unit: Unit | null, s: Sums, shown: boolean, claimsShown: boolean): PublicUnitResultModel {
  const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 10_000) / 10_000 : null);
  return {
    unit,
    published: shown,
    casesClosed: shown ? s.closed : null,
    amountRecovered: shown ? formatMoney(s.recoveredFen) : null,
    workersPaid: shown ? s.workersPaid : null,
    closedWithinLimitShare: shown ? ratio(s.onTime, s.closed) : null,
    averageWorkingDaysToClose: shown && s.daysCount ? Math.round((s.daysSum / s.daysCount) * 10) / 10 : null,
    claimsAnswered: claimsShown ? s.answered : null,
    claimsAnsweredInTimeShare: claimsShown ? ratio(s.answeredInTime, s.answered) : null,
  };
}
