import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { DataSource } from 'typeorm';
import { transaction } from '../../common/audit/audit-scope';
import { Clock } from '../../common/clock';
import { badInput, forbidden } from '../../common/errors';
import { LoaderRegistry } from '../access/request-context';
import { AppAbility, unitSubject } from '../access/ability.factory';
import { CurrentUser } from '../access/current-user';
import { Unit } from './unit.entity';
import { requireUnit } from './units.service';
import { pathCodes } from '../access/unit-level';

/** A landline with its area code (0377-63311234), a mobile number, or a short service number (12333). */
const PHONE_RE = /^(0\d{2,3}-?\d{7,8}(-\d{1,6})?|1[3-9]\d{9}|\d{5,6})$/;

/**
 * 监督电话: the phone a worker calls about slow or no action by the unit handling their claim.
 * Configured per unit in `unit_supervision_phone` by a province, city or county ADMIN for units
 * of their subtree; a unit without its own number uses its nearest configured ancestor's, so a
 * county's number covers all its townships until one gets its own.
 */
@Injectable()
export class SupervisionPhoneService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  /** The number in force for each unit (its own, else its nearest ancestor's), or null. */
  forUnit(loaders: LoaderRegistry): DataLoader<Unit, string | null, string> {
    return loaders.get('supervisionPhone', () => new DataLoader(async (units: readonly Unit[]) => {
      const codes = [...new Set(units.flatMap((u) => pathCodes(u.path)))];
      const rows: { unit_code: string; phone: string }[] = await this.ds.query(`SELECT unit_code, phone FROM unit_supervision_phone WHERE unit_code = ANY($1)`, [codes]);
      const byCode = new Map(rows.map((r) => [r.unit_code, r.phone]));
      return units.map((u) => {
        const found = pathCodes(u.path).reverse().find((c) => byCode.has(c));
        return found ? byCode.get(found)! : null;
      });
    }, { cacheKeyFn: (u) => u.code }));
  }

  /** Sets (or, with null, clears) a unit's own number; the caller's subtree only. */
  async set(caller: { user: CurrentUser; ability: AppAbility }, unitCode: string, phone: string | null): Promise<Unit> {
    const unit = await requireUnit(this.ds.manager, unitCode, 'unitCode');
    if (caller.ability.cannot('configure', unitSubject(unit))) throw forbidden(`unit ${unitCode} is outside ${caller.user.unitCode}`);
    const value = phone?.trim().replace(/\s+/g, '') || null;
    if (value !== null && !PHONE_RE.test(value)) throw badInput('phone', 'phone must be a landline with its area code (0377-63311234), a mobile number or a service number such as 12333');
    await transaction(this.ds, async (m) => {
      if (value === null) await m.query(`DELETE FROM unit_supervision_phone WHERE unit_code = $1`, [unit.code]);
      else {
        await m.query(
          `INSERT INTO unit_supervision_phone (unit_code, phone, updated_at, updated_by) VALUES ($1, $2, $3, $4)
           ON CONFLICT (unit_code) DO UPDATE SET phone = EXCLUDED.phone, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
          [unit.code, value, this.clock.now(), caller.user.id],
        );
      }
    });
    return unit;
  }
}
