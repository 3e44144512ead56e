import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { DataSource, EntityManager } from 'typeorm';
import { transaction } from '../../common/audit/audit-scope';
import { Clock } from '../../common/clock';
import { isValidCreditCode, normalizeCreditCode } from '../../common/credit-code';
import { badInput, conflict, forbidden, notFound } from '../../common/errors';
import { ConnectionShape, keysetPage } from '../../common/graphql/connection';
import { isUuid } from '../../common/uuid';
import { AppAbility, employerPlacement, inspectionIn } from '../access/ability.factory';
import { CurrentUser } from '../access/current-user';
import { LoaderRegistry } from '../access/request-context';
import { Role } from '../access/role.enum';
import { UnitLevel } from '../access/unit-level';
import { anchoredWithin, applyVisibility, refreshVisibility } from '../access/visibility';
import { Unit } from '../units/unit.entity';
import { requireUnit } from '../units/units.service';
import { RecordInspectionInput, RegisterEmployerInput } from './dto/employer.inputs';
import { EmployerHooks } from './employer-hooks';
import { EMPLOYER_VISIBILITY } from './employer-visibility';
import { EmployerEntity, normalizeEmployerName } from './employer.entity';
import { InspectionModel } from './inspection.model';

/** An `inspection` row (a grid member's visit to an employer). */
interface InspectionRow {
  id: string;
  employer_id: string;
  grid_code: string;
  inspector_id: string;
  inspected_at: Date;
  findings: string;
  violation_found: boolean;
}

interface Caller {
  user: CurrentUser;
  ability: AppAbility;
}

/** How many of an employer's latest inspections `Employer.recentInspections` shows. */
export const RECENT_INSPECTIONS = 10;

/** 两网化: employers on the register of a unit and a grid, and the grid's inspections of them. */
@Injectable()
export class EmployerRegistryService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly hooks: EmployerHooks,
  ) {}

  /**
   * By staff whose subtree holds the registered unit (a grid assistant: in its own grid). The credit
   * code is unique: an employer known only from a case or claim (no registered unit yet) is
   * completed; one already on a register is CONFLICT.
   */
  async register(caller: Caller, input: RegisterEmployerInput): Promise<EmployerEntity> {
    const creditCode = normalizeCreditCode(input.creditCode);
    if (!isValidCreditCode(creditCode)) throw badInput('creditCode', 'creditCode: the check character is wrong (GB 32100)');
    const now = this.clock.now();
    return transaction(this.ds, async (m) => {
      const registered = await requireUnit(m, input.registeredUnitCode, 'registeredUnitCode');
      const gridCode = input.gridCode ?? (caller.user.role === Role.GRID_ASSISTANT ? caller.user.unitCode : null);
      const grid = gridCode ? await this.gridFor(m, registered, gridCode) : null;
      this.assertCovers(caller, grid ?? registered, registered);
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`employer:${creditCode}`]);
      const repo = m.getRepository(EmployerEntity);
      const existing = await repo.findOneBy({ creditCode });
      if (existing?.registeredUnitCode) throw conflict(`an employer with credit code ${creditCode} is already registered`);
      const fields = { name: input.name.trim(), nameKey: normalizeEmployerName(input.name), registeredUnitCode: registered.code, gridCode: grid?.code ?? null };
      const saved = existing ? await repo.save({ ...existing, ...fields }) : await repo.save(repo.create({ ...fields, creditCode, createdAt: now }));
      await refreshVisibility(m, EMPLOYER_VISIBILITY, [saved.id]);
      if (existing) await this.hooks.run(m, saved.id, now);
      return repo.findOneByOrFail({ id: saved.id });
    });
  }

  /** Puts an employer in a GRID of its township (or of its registered unit's subtree). */
  async assignToGrid(caller: Caller, employerId: string, gridCode: string): Promise<EmployerEntity> {
    const now = this.clock.now();
    return transaction(this.ds, async (m) => {
      const employer = await this.findVisible(caller.ability, employerId, m);
      if (!employer.registeredUnitCode) throw badInput('employerId', 'register the employer (registerEmployer) before assigning a grid');
      const registered = await m.getRepository(Unit).findOneByOrFail({ code: employer.registeredUnitCode });
      const grid = await this.gridFor(m, registered, gridCode);
      this.assertCovers(caller, grid, registered);
      await m.query(`UPDATE employer SET grid_code = $2 WHERE id = $1`, [employer.id, grid.code]);
      await refreshVisibility(m, EMPLOYER_VISIBILITY, [employer.id]);
      await this.hooks.run(m, employer.id, now);
      return m.getRepository(EmployerEntity).findOneByOrFail({ id: employer.id });
    });
  }

  /** By the grid's assistant or the township's inspectors; a violation raises a warning. */
  async recordInspection(caller: Caller, input: RecordInspectionInput): Promise<InspectionModel> {
    const now = this.clock.now();
    return transaction(this.ds, async (m) => {
      const employer = await this.findVisible(caller.ability, input.employerId, m);
      if (!employer.gridCode) throw badInput('employerId', 'the employer is in no grid yet: assignEmployerToGrid first');
      const grid = await m.getRepository(Unit).findOneByOrFail({ code: employer.gridCode });
      if (caller.ability.cannot('inspect', inspectionIn(grid))) {
        throw forbidden(`inspections of grid ${grid.code} are recorded by its assistant or the staff of township ${grid.parentCode}`);
      }
      const [row] = await m.query(
        `INSERT INTO inspection (employer_id, grid_code, inspector_id, inspected_at, findings, violation_found)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [employer.id, grid.code, caller.user.id, now, input.findings.trim(), input.violationFound],
      );
      await this.hooks.run(m, employer.id, now);
      return {
        id: row.id,
        employerId: employer.id,
        gridCode: grid.code,
        inspectorId: caller.user.id,
        inspectedAt: now,
        findings: input.findings.trim(),
        violationFound: input.violationFound,
      };
    });
  }

  async findVisible(ability: AppAbility, id: string, m: EntityManager = this.ds.manager): Promise<EmployerEntity> {
    if (!isUuid(id)) throw notFound('employer');
    const qb = m.getRepository(EmployerEntity).createQueryBuilder('e');
    applyVisibility(qb, ability, 'read', EMPLOYER_VISIBILITY);
    const found = await qb.andWhere('e.id = :id', { id }).getOne();
    if (!found) throw notFound('employer');
    return found;
  }

  /** Employers the caller may see, optionally within a unit's subtree and matching a name or code. */
  async list(ability: AppAbility, args: { first?: number | null; after?: string | null; unitCode?: string | null; search?: string | null }): Promise<ConnectionShape<EmployerEntity>> {
    const qb = this.ds.getRepository(EmployerEntity).createQueryBuilder('e');
    const sort = applyVisibility(qb, ability, 'read', EMPLOYER_VISIBILITY);
    if (args.unitCode) {
      qb.andWhere(...anchoredWithin(EMPLOYER_VISIBILITY, 'e', args.unitCode));
    }
    const search = args.search?.trim();
    if (search) {
      qb.andWhere(`(e.name ILIKE :q ESCAPE '\\' OR e.credit_code = :code)`, { q: `%${search.replace(/[\\%_]/g, '\\$&')}%`, code: search.toUpperCase() });
    }
    return keysetPage(qb, sort, args, (e) => ({ sortAt: e.createdAt, id: e.id }));
  }

  /** Each employer's latest inspections, newest first, batched per request. */
  recentInspections(loaders: LoaderRegistry): DataLoader<string, InspectionModel[]> {
    return loaders.get('employerInspections', () => new DataLoader(async (ids: readonly string[]) => {
      const rows: InspectionRow[] = await this.ds.query(
        `SELECT id, employer_id, grid_code, inspector_id, inspected_at, findings, violation_found FROM (
           SELECT i.*, row_number() OVER (PARTITION BY employer_id ORDER BY inspected_at DESC, id DESC) AS n
           FROM inspection i WHERE employer_id = ANY($1::uuid[])) recent
         WHERE n <= $2 ORDER BY inspected_at DESC, id DESC`,
        [[...ids], RECENT_INSPECTIONS],
      );
      const byEmployer = new Map<string, InspectionModel[]>(ids.map((id) => [id, []]));
      for (const r of rows) {
        byEmployer.get(r.employer_id)!.push({
          id: r.id,
          employerId: r.employer_id,
          gridCode: r.grid_code,
          inspectorId: r.inspector_id,
          inspectedAt: new Date(r.inspected_at),
          findings: r.findings,
          violationFound: r.violation_found,
        });
      }
      return ids.map((id) => byEmployer.get(id)!);
    }));
  }


  /** The `register` rule (ability.factory.ts) on the grid (or registered unit) and the registered unit. */
  private assertCovers(caller: Caller, place: Unit, registered: Unit): void {
    if (caller.ability.cannot('register', employerPlacement(place, registered))) {
      throw forbidden(`${place.code === registered.code ? `unit ${registered.code}` : `grid ${place.code} of ${registered.code}`} is outside the register you keep`);
    }
  }

  /** A GRID inside the registered unit's township (or its subtree when registered higher up). */
  private async gridFor(m: EntityManager, registered: Unit, gridCode: string): Promise<Unit> {
    const grid = await requireUnit(m, gridCode, 'gridCode');
    if (grid.level !== UnitLevel.GRID) throw badInput('gridCode', `${gridCode} is a ${grid.level}, not a GRID`);
    const area = registered.level === UnitLevel.GRID ? registered.path.split('.').slice(0, -1).join('.') : registered.path;
    if (!grid.path.startsWith(`${area}.`)) throw badInput('gridCode', `grid ${gridCode} does not lie in ${registered.code}`);
    return grid;
  }
}
