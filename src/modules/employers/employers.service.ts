import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { DataSource, EntityManager } from 'typeorm';
import { badInput } from '../../common/errors';
import { prepared } from '../../common/db/sql';
import { isValidCreditCode, normalizeCreditCode } from '../../common/credit-code';
import { LoaderRegistry } from '../access/request-context';
import { EmployerEntity, normalizeEmployerName } from './employer.entity';
import { RiskLevel } from './risk-level.enum';
import { EmployerInput, EmployerModel } from './employer.model';
import { requireUnit } from '../units/units.service';
import { refreshVisibility } from '../access/visibility';
import { EMPLOYER_VISIBILITY } from './employer-visibility';

@Injectable()
export class EmployersService {
  constructor(private readonly ds: DataSource) {}

  /**
   * The employer a case or claim is against: matched by unified social credit code when one is
   * given (check character verified), else by normalized name; created when there is none.
   * `field` prefixes the input field names in errors (e.g. "employer").
   */
  async findOrCreate(m: EntityManager, input: EmployerInput, now: Date, field = 'employer'): Promise<EmployerEntity> {
    const repo = m.getRepository(EmployerEntity);
    const creditCode = input.creditCode ? normalizeCreditCode(input.creditCode) : null;
    if (creditCode !== null && !isValidCreditCode(creditCode)) {
      throw badInput(`${field}.creditCode`, '统一社会信用代码无效 (the unified social credit code is not valid)');
    }
    if (input.registeredUnitCode) await requireUnit(m, input.registeredUnitCode, `${field}.registeredUnitCode`);
    const nameKey = normalizeEmployerName(input.name);
    if (!nameKey) throw badInput(`${field}.name`, 'employer name is empty');
    // Serialize concurrent creation of the same employer (by code, else by name).
    await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`employer:${creditCode ?? nameKey}`]);
    const existing = creditCode
      ? await repo.findOneBy({ creditCode })
      : await repo.findOne({ where: { nameKey }, order: { createdAt: 'ASC' } });
    if (existing) {
      if (!existing.registeredUnitCode && input.registeredUnitCode) {
        existing.registeredUnitCode = input.registeredUnitCode;
        await repo.update(existing.id, { registeredUnitCode: input.registeredUnitCode });
        await refreshVisibility(m, EMPLOYER_VISIBILITY, [existing.id]);
      }
      return existing;
    }
    const created = await repo.save(
      repo.create({ name: input.name.trim(), nameKey, creditCode, registeredUnitCode: input.registeredUnitCode ?? null, createdAt: now }),
    );
    await refreshVisibility(m, EMPLOYER_VISIBILITY, [created.id]);
    return created;
  }

  /** Records the risk rating's verdict (supervision rates; the employer's row is written here). */
  async setRiskLevel(m: EntityManager, employerId: string, level: RiskLevel): Promise<void> {
    await prepared(m, `UPDATE employer SET risk_level = $2 WHERE id = $1`, [employerId, level]);
  }

  /** Employers as the API shows them, batched per request: one prepared statement of the columns shown. */
  modelById(loaders: LoaderRegistry): DataLoader<string, EmployerModel | null> {
    return loaders.get('employerById', () => new DataLoader(async (ids: readonly string[]) => {
      const found = await prepared<EmployerModel>(
        this.ds,
        `SELECT id, name, credit_code AS "creditCode", risk_level AS "riskLevel", registered_unit_code AS "registeredUnitCode", grid_code AS "gridCode"
         FROM employer WHERE id = ANY($1::uuid[])`,
        [ids],
      );
      const byId = new Map(found.map((e) => [e.id, e]));
      return ids.map((id) => byId.get(id) ?? null);
    }));
  }
}
