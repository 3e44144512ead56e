import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { shanghaiDate } from '../../common/time';
import { CaseEntity } from '../cases/case.entity';
import { CaseHooks } from '../cases/case-hooks';
import { CaseEventType } from '../cases/case-event.types';

/**
 * The only writer of `public_result_year`: adds a closed case (through the case hooks, in the
 * closing transaction) and an answered claim (called by the claims module in the accepting or
 * rejecting transaction) to its unit's row for the year. A closed case never changes again and an
 * answer is never taken back, so adding once is exact.
 */
@Injectable()
export class PublicResultsWriter implements OnModuleInit {
  constructor(private readonly hooks: CaseHooks) {}

  onModuleInit(): void {
    this.hooks.register(async (m, c, happening) => {
      if (happening.type === CaseEventType.CLOSED) await this.caseClosed(m, c);
    });
  }

  private async caseClosed(m: EntityManager, c: CaseEntity): Promise<void> {
    const onTime = c.handlingDueAt !== null && c.closedAt!.getTime() <= c.handlingDueAt.getTime() ? 1 : 0;
    await this.add(m, c.closedAt!, c.townshipCode ?? c.countyCode, [c.provinceCode, c.cityCode, c.countyCode, c.townshipCode], {
      cases_closed: 1,
      amount_recovered: c.amountRecovered,
      workers_paid: c.workersPaid,
      closed_on_time: onTime,
      days_to_close_sum: c.workingDaysToClose ?? 0,
      days_to_close_count: c.workingDaysToClose === null ? 0 : 1,
    });
  }

  /** A claim routed to `townshipCode` was answered (accepted or refused) at `decidedAt`. */
  async claimAnswered(m: EntityManager, townshipCode: string, decidedAt: Date, responseDueAt: Date): Promise<void> {
    await this.add(m, decidedAt, townshipCode, [townshipCode.slice(0, 2), townshipCode.slice(0, 4), townshipCode.slice(0, 6), townshipCode], {
      claims_answered: 1,
      claims_answered_in_time: decidedAt.getTime() <= responseDueAt.getTime() ? 1 : 0,
    });
  }

  private async add(m: EntityManager, at: Date, unitCode: string, levels: (string | null)[], sums: Record<string, number | string>): Promise<void> {
    const columns = Object.keys(sums);
    await m.query(
      `INSERT INTO public_result_year AS r (year, unit_code, province_code, city_code, county_code, township_code, ${columns.join(', ')})
       VALUES ($1, $2, $3, $4, $5, $6, ${columns.map((_, i) => `$${i + 7}`).join(', ')})
       ON CONFLICT (year, unit_code) DO UPDATE SET ${columns.map((col) => `${col} = r.${col} + EXCLUDED.${col}`).join(', ')}`,
      [Number(shanghaiDate(at).slice(0, 4)), unitCode, ...levels, ...Object.values(sums)],
    );
  }
}
