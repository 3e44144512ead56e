import { Injectable } from '@nestjs/common';
import { hashPassword } from './password-hash';
import DataLoader from 'dataloader';
import { DataSource, EntityManager, In } from 'typeorm';
import { Clock } from '../../common/clock';
import { badInput, conflict, forbidden, notFound } from '../../common/errors';
import { isUuid } from '../../common/uuid';
import { ConnectionShape, keysetPage } from '../../common/graphql/connection';
import { LoaderRegistry } from '../access/request-context';
import { isValidIdCard, normalizeIdCard } from '../../common/id-card';
import { passwordProblem } from '../../common/password-policy';
import { PiiCipher } from '../../common/pii';
import { requireUnit } from '../units/units.service';
import { accountAt, AppAbility } from '../access/ability.factory';
import { CurrentUser } from '../access/current-user';
import { applyVisibility, refreshVisibility, VisibilitySpec, withinSubtree } from '../access/visibility';
import { CreateUserInput, RegisterWorkerInput } from './dto/auth.inputs';
import { Role } from '../access/role.enum';
import { SessionRevocations } from './session-revocations';
import { SessionService, Tokens } from './session.service';
import { UserEntity } from './user.entity';
import { transaction } from '../../common/audit/audit-scope';
import { UnitLevel } from '../access/unit-level';

/** Accounts are seen by jurisdiction like any record: anchored to the account's unit. */
export const USER_VISIBILITY: VisibilitySpec = {
  subject: 'User',
  table: 'app_user',
  sortColumn: 'created_at',
  visibilityTable: 'user_visibility',
  columns: { id: 'id' },
  anchorsSql: `SELECT id AS record_id, unit_code FROM app_user WHERE id = ANY($1::uuid[]) AND unit_code IS NOT NULL`,
};

/** Which unit levels each staff role may sit at. */
const ROLE_LEVELS: Record<Role, UnitLevel[]> = {
  [Role.WORKER]: [],
  [Role.GRID_ASSISTANT]: [UnitLevel.GRID],
  [Role.INSPECTOR]: [UnitLevel.TOWNSHIP, UnitLevel.COUNTY],
  [Role.SQUAD_LEADER]: [UnitLevel.TOWNSHIP, UnitLevel.COUNTY],
  [Role.SUPERVISOR]: [UnitLevel.COUNTY, UnitLevel.CITY, UnitLevel.PROVINCE],
  [Role.ADMIN]: [UnitLevel.COUNTY, UnitLevel.CITY, UnitLevel.PROVINCE],
};

/** The roles an account at a unit of this level may have. */
export function rolesAt(level: UnitLevel): Role[] {
  return (Object.keys(ROLE_LEVELS) as Role[]).filter((role) => ROLE_LEVELS[role].includes(level));
}

@Injectable()
export class UsersService {
  constructor(
    private readonly ds: DataSource,
    private readonly pii: PiiCipher,
    private readonly sessions: SessionService,
    private readonly clock: Clock,
    private readonly revocations: SessionRevocations,
  ) {}

  /** A worker signs up with phone, password, real name and ID number, and is signed in. */
  async registerWorker(input: RegisterWorkerInput): Promise<{ tokens: Tokens; user: UserEntity }> {
    const problem = passwordProblem(input.password);
    if (problem) throw badInput('password', problem);
    const idCard = normalizeIdCard(input.idCardNumber);
    if (!isValidIdCard(idCard, this.clock.now())) throw badInput('idCardNumber', '身份证号码无效 (ID card number is not valid)');
    const passwordHash = await hashPassword(input.password);
    return transaction(this.ds, async (m) => {
      const loginKey = this.sessions.loginKey(input.phone);
      const idCardHash = this.pii.lookupHash(idCard);
      const [taken]: { phone_taken: boolean }[] = await m.query(
        `SELECT login_key = $1 AS phone_taken FROM app_user WHERE login_key = $1 OR id_card_hash = $2 LIMIT 1`,
        [loginKey, idCardHash],
      );
      if (taken) throw conflict(taken.phone_taken ? '该手机号已注册 (phone already registered)' : '该身份证号已注册 (ID number already registered)');
      const user = await m.getRepository(UserEntity).save(
        m.getRepository(UserEntity).create({
          loginKey,
          username: null,
          displayName: input.realName.trim(),
          role: Role.WORKER,
          unitCode: null,
          passwordHash,
          phoneEnc: this.pii.encrypt(input.phone),
          idCardEnc: this.pii.encrypt(idCard),
          idCardHash,
          createdAt: this.clock.now(),
        }),
      );
      return { tokens: await this.sessions.startSession(m, user), user };
    });
  }

  /**
   * The roles an ADMIN may give an account at this unit: those whose levels include the unit's,
   * the very rule createUser enforces. FORBIDDEN outside the caller's subtree.
   */
  async assignableRoles(ability: AppAbility, unitCode: string): Promise<Role[]> {
    const unit = await requireUnit(this.ds.manager, unitCode, 'unitCode');
    if (ability.cannot('manage', accountAt(unit.path))) {
      throw forbidden(`unit ${unit.code} is outside your jurisdiction`);
    }
    return rolesAt(unit.level);
  }

  /** An ADMIN creates a staff account inside its own subtree, at a level that fits the role. */
  async createUser(admin: CurrentUser, ability: AppAbility, input: CreateUserInput): Promise<UserEntity> {
    const problem = passwordProblem(input.password);
    if (problem) throw badInput('password', problem);
    const unit = await requireUnit(this.ds.manager, input.unitCode, 'unitCode');
    if (!ROLE_LEVELS[input.role].includes(unit.level)) {
      throw badInput('role', `${input.role} cannot sit at a ${unit.level} unit`);
    }
    if (ability.cannot('manage', accountAt(unit.path))) {
      throw forbidden(`unit ${unit.code} is outside your jurisdiction`);
    }
    const passwordHash = await hashPassword(input.password);
    return transaction(this.ds, async (m) => {
      const loginKey = input.username.toLowerCase();
      if (await m.getRepository(UserEntity).existsBy({ loginKey })) throw conflict(`username ${input.username} is taken`);
      const user = await m.getRepository(UserEntity).save(
        m.getRepository(UserEntity).create({
          loginKey,
          username: input.username,
          displayName: input.displayName.trim(),
          role: input.role,
          unitCode: unit.code,
          passwordHash,
          createdAt: this.clock.now(),
          createdBy: admin.id,
        }),
      );
      await refreshVisibility(m, USER_VISIBILITY, [user.id]);
      return user;
    });
  }

  /**
   * An ADMIN deactivates an account of its subtree (离岗、调离): it can no longer log in, every
   * session ends (its HTTP requests at once, its live subscriptions on every instance within
   * seconds). Deactivating a deactivated account changes nothing. Not one's own account.
   */
  async deactivate(admin: CurrentUser, ability: AppAbility, userId: string): Promise<UserEntity> {
    const { user, changed } = await transaction(this.ds, async (m) => {
      const user = await this.findManaged(m, ability, userId);
      if (user.id === admin.id) throw badInput('userId', '不能停用自己的账户 (you cannot deactivate your own account)');
      if (user.deactivatedAt) return { user, changed: false };
      const now = this.clock.now();
      await m.query(`UPDATE app_user SET deactivated_at = $2, deactivated_by = $3 WHERE id = $1`, [user.id, now, admin.id]);
      await m.query(`UPDATE auth_session SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`, [user.id, now]);
      return { user: await m.getRepository(UserEntity).findOneByOrFail({ id: user.id }), changed: true };
    });
    if (changed) await this.revocations.announce({ userId: user.id });
    return user;
  }

  /** An ADMIN lets a deactivated account of its subtree log in again (its old sessions stay ended). */
  async reactivate(ability: AppAbility, userId: string): Promise<UserEntity> {
    return transaction(this.ds, async (m) => {
      const user = await this.findManaged(m, ability, userId);
      if (!user.deactivatedAt) return user;
      await m.query(`UPDATE app_user SET deactivated_at = NULL, deactivated_by = NULL, failed_logins = 0, locked_until = NULL WHERE id = $1`, [user.id]);
      return m.getRepository(UserEntity).findOneByOrFail({ id: user.id });
    });
  }

  /** An account the caller may manage, through the visibility predicate; NOT_FOUND otherwise. */
  private async findManaged(m: EntityManager, ability: AppAbility, userId: string): Promise<UserEntity> {
    if (!isUuid(userId)) throw notFound('user');
    const qb = m.getRepository(UserEntity).createQueryBuilder('u');
    applyVisibility(qb, ability, 'manage', USER_VISIBILITY);
    const user = await qb.andWhere('u.id = :userId', { userId }).setLock('pessimistic_write', undefined, ['u']).getOne();
    if (!user) throw notFound('user');
    return user;
  }

  /** Accounts the caller may manage, newest first, through the shared visibility predicate. */
  async list(ability: AppAbility, args: { first?: number | null; after?: string | null; unitCode?: string | null }): Promise<ConnectionShape<UserEntity>> {
    const qb = this.ds.getRepository(UserEntity).createQueryBuilder('u');
    const sort = applyVisibility(qb, ability, 'manage', USER_VISIBILITY);
    if (args.unitCode) {
      qb.andWhere(...withinSubtree('u.unit_code', args.unitCode, 'code'));
    }
    return keysetPage(qb, sort, args, (u) => ({ sortAt: u.createdAt, id: u.id }));
  }

  byId(loaders: LoaderRegistry): DataLoader<string, UserEntity | null> {
    return loaders.get('userById', () => new DataLoader(async (ids: readonly string[]) => {
      const found = await this.ds.getRepository(UserEntity).findBy({ id: In([...ids]) });
      const byId = new Map(found.map((u) => [u.id, u]));
      return ids.map((id) => byId.get(id) ?? null);
    }));
  }
}
