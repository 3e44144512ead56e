import { createHash, createSecretKey, KeyObject, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import * as jwt from 'jsonwebtoken';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../../common/clock';
import { ErrorCode, unauthenticated } from '../../common/errors';
import { isMainlandMobile } from '../../common/phone';
import { PiiCipher } from '../../common/pii';
import { rows } from '../../common/db/sql';
import { isUuid } from '../../common/uuid';
import { AppAbility, defineAbilityFor } from '../access/ability.factory';
import { CurrentUser } from '../access/current-user';
import { Role } from '../access/role.enum';
import { UserEntity } from './user.entity';
import { hashedAtOtherSettings, hashPassword, verifyPassword } from './password-hash';
import { currentAudit, transaction } from '../../common/audit/audit-scope';
import { SessionRevocations } from './session-revocations';
import { SessionCache } from './session-cache';
import { UnitLevel } from '../access/unit-level';

interface AccessClaims {
  sub: string;
  sid: string;
  exp: number;
}
/** Access tokens remembered as verified, at most. */
const VERIFIED_TOKENS_KEPT = 20_000;

export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

/** One message for every failed login, so that it tells nothing about which accounts exist. */
const LOGIN_FAILED = '用户名或密码错误，或账户已被暂时锁定 (wrong username or password, or the account is locked for a while)';
export const SESSION_INVALID = '登录已失效，请重新登录 (session expired or revoked; log in again)';

/** Sessions: argon2id passwords, lockout, 15-minute JWTs, rotating refresh tokens stored hashed. */
@Injectable()
export class SessionService {
  /** Verified against for unknown usernames, so that both paths cost the same. */
  private readonly dummyHash = hashPassword('timing-equaliser-not-a-password');
  /** Made once: given a string, jsonwebtoken tries to parse it as a public key on every call. */
  private readonly jwtKey: KeyObject;
  /** Access tokens verified, by their text (see verifiedClaims). */
  private readonly verified = new Map<string, AccessClaims>();
  /** The ability of each account held by the session cache (its entries are frozen and replaced, never changed). */
  private readonly abilities = new WeakMap<Readonly<CurrentUser>, AppAbility>();

  constructor(
    private readonly ds: DataSource,
    private readonly config: AppConfig,
    private readonly pii: PiiCipher,
    private readonly clock: Clock,
    private readonly revocations: SessionRevocations,
    private readonly cache: SessionCache,
  ) {
    this.jwtKey = createSecretKey(Buffer.from(config.jwtSecret));
  }

  /** The unique login of a username: workers log in with their phone number. */
  loginKey(username: string): string {
    const u = username.trim();
    return isMainlandMobile(u) ? `phone:${this.pii.lookupHash(u)}` : u.toLowerCase();
  }

  /**
   * Lockout that holds under concurrent guesses: each attempt first reserves one of the
   * LOGIN_MAX_FAILURES tries in one atomic UPDATE, and only a reserved attempt has its password
   * verified; the attempt that uses the last try locks the account when it fails. A correct password
   * clears the count only while the account is not locked, so a lock set by guesses running at the
   * same time also stops it. Each attempt leaves one LOGIN audit row (the interceptor writes it).
   */
  async login(username: string, password: string): Promise<{ tokens: Tokens; user: UserEntity }> {
    const audit = currentAudit();
    const user = await this.ds.getRepository(UserEntity).findOneBy({ loginKey: this.loginKey(username) });
    if (!user) {
      await verifyPassword(await this.dummyHash, password);
      audit?.note('unknown account');
      throw unauthenticated(LOGIN_FAILED);
    }
    audit?.actAs(user);
    if (user.deactivatedAt) {
      await verifyPassword(await this.dummyHash, password);
      audit?.note('account deactivated');
      throw unauthenticated(LOGIN_FAILED);
    }
    const now = this.clock.now();
    const max = this.config.LOGIN_MAX_FAILURES;
    const reserved = await rows<{ failed_logins: number }>(
      this.ds,
      `UPDATE app_user SET
         failed_logins = CASE WHEN locked_until <= $2 THEN 1 ELSE failed_logins + 1 END,
         locked_until  = CASE WHEN locked_until <= $2 THEN NULL ELSE locked_until END
       WHERE id = $1 AND (locked_until IS NULL OR locked_until <= $2) AND (failed_logins < $3 OR locked_until <= $2)
       RETURNING failed_logins`,
      [user.id, now, max],
    );
    if (!reserved.length) {
      audit?.note('account locked');
      throw unauthenticated(LOGIN_FAILED);
    }
    if (!(await verifyPassword(user.passwordHash, password))) {
      const locks = reserved[0].failed_logins >= max;
      if (locks) {
        await this.ds.query(`UPDATE app_user SET locked_until = $2 WHERE id = $1`, [user.id, new Date(now.getTime() + this.config.LOGIN_LOCK_SECONDS * 1000)]);
      }
      audit?.note(locks ? 'wrong password; account locked' : 'wrong password');
      throw unauthenticated(LOGIN_FAILED);
    }
    const rehashed = hashedAtOtherSettings(user.passwordHash) ? await hashPassword(password) : null;
    const tokens = await transaction(this.ds, async (m) => {
      const cleared = await rows<{ id: string }>(
        m,
        `UPDATE app_user SET failed_logins = 0, password_hash = coalesce($2, password_hash) WHERE id = $1 AND locked_until IS NULL RETURNING id`,
        [user.id, rehashed],
      );
      if (!cleared.length) {
        audit?.note('account locked by concurrent failures');
        throw unauthenticated(LOGIN_FAILED);
      }
      return this.startSession(m, user);
    });
    return { tokens, user };
  }

  /** Opens a session for a user inside the caller's transaction. */
  async startSession(m: EntityManager, user: Pick<UserEntity, 'id' | 'role'>): Promise<Tokens> {
    const [{ id }]: { id: string }[] = await m.query(`INSERT INTO auth_session (user_id, created_at) VALUES ($1, $2) RETURNING id`, [
      user.id,
      this.clock.now(),
    ]);
    return { accessToken: this.accessToken(user, id), refreshToken: await this.newRefreshToken(m, id) };
  }

  /**
   * Rotates a refresh token. A token that was already used means it was stolen or replayed: every
   * session of that user is revoked (and stays revoked: the revocation is the point).
   */
  async refresh(refreshToken: string): Promise<{ tokens: Tokens; user: UserEntity }> {
    const audit = currentAudit();
    const outcome = await transaction(this.ds, async (m) => {
      const [row]: {
        session_id: string;
        expires_at: Date;
        used_at: Date | null;
        revoked_at: Date | null;
        user_id: string;
        unit_code: string | null;
        deactivated_at: Date | null;
      }[] = await m.query(
        `SELECT t.session_id, t.expires_at, t.used_at, s.revoked_at, s.user_id, u.unit_code, u.deactivated_at
         FROM refresh_token t JOIN auth_session s ON s.id = t.session_id JOIN app_user u ON u.id = s.user_id
         WHERE t.token_hash = $1 FOR UPDATE OF t`,
        [hashToken(refreshToken)],
      );
      if (!row) return { error: true } as const;
      audit?.actAs({ id: row.user_id, unitCode: row.unit_code });
      if (row.used_at || row.revoked_at) {
        await m.query(`UPDATE auth_session SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`, [
          row.user_id,
          this.clock.now(),
        ]);
        // Committed with its audit row although the call fails: the revocation is the point.
        audit?.settle(ErrorCode.UNAUTHENTICATED, 'refresh token reused: every session of the account revoked');
        return { error: true, revokeUser: row.user_id as string } as const;
      }
      if (row.deactivated_at || new Date(row.expires_at) <= this.clock.now()) return { error: true } as const;
      await m.query(`UPDATE refresh_token SET used_at = $2 WHERE token_hash = $1`, [hashToken(refreshToken), this.clock.now()]);
      const user = await m.getRepository(UserEntity).findOneByOrFail({ id: row.user_id });
      const tokens = { accessToken: this.accessToken(user, row.session_id), refreshToken: await this.newRefreshToken(m, row.session_id) };
      return { tokens, user };
    });
    if ('error' in outcome) {
      if (outcome.revokeUser) await this.revocations.announce({ userId: outcome.revokeUser });
      throw unauthenticated(SESSION_INVALID);
    }
    return outcome;
  }

  /** Ends the session the refresh token belongs to; false when there is no such live session. */
  async logout(refreshToken: string): Promise<boolean> {
    const revoked = await transaction(this.ds, async (m) => {
      const ended = await rows<{ id: string; user_id: string; unit_code: string | null }>(
        m,
        `UPDATE auth_session s SET revoked_at = $2 FROM refresh_token t, app_user u
         WHERE t.token_hash = $1 AND s.id = t.session_id AND u.id = s.user_id AND s.revoked_at IS NULL
         RETURNING s.id, s.user_id, u.unit_code`,
        [hashToken(refreshToken), this.clock.now()],
      );
      if (ended.length) currentAudit()?.actAs({ id: ended[0].user_id, unitCode: ended[0].unit_code });
      return ended;
    });
    if (revoked.length) await this.revocations.announce({ sessionId: revoked[0].id });
    return revoked.length > 0;
  }

  /**
   * The caller of an access token with a live session, and its ability: from the session cache
   * when it has the session (no query; revocations reach it from every instance), otherwise in one
   * query. Both are kept while the session is in the cache:
   * a token verified once is known by its text until it expires (its signature cannot change), and
   * the ability built for a cached account is the one its next requests use (abilities are never
   * changed after they are built).
   */
  async callerForAccessToken(token: string): Promise<{ user: CurrentUser; ability: AppAbility }> {
    const claims = this.verifiedClaims(token);
    const cached = this.cache.get(claims.sid);
    if (cached && cached.id === claims.sub) {
      let ability = this.abilities.get(cached);
      if (!ability) this.abilities.set(cached, (ability = defineAbilityFor(cached)));
      return { user: { ...cached, sessionId: claims.sid }, ability };
    }
    const ticket = this.cache.ticket();
    const user = await this.currentUser(claims.sub, claims.sid);
    if (!user) throw unauthenticated(SESSION_INVALID);
    this.cache.put(ticket, claims.sid, user);
    return { user: { ...user, sessionId: claims.sid }, ability: defineAbilityFor(user) };
  }

  /** A token's subject and session, verified (signature, algorithm, expiry) or remembered from its last verification. */
  private verifiedClaims(token: string): AccessClaims {
    const now = this.nowSeconds();
    const known = this.verified.get(token);
    if (known && now < known.exp) return known;
    let claims: AccessClaims;
    try {
      // Signed by accessToken() with our key; the ids are checked below all the same.
      claims = jwt.verify(token, this.jwtKey, { algorithms: ['HS256'], clockTimestamp: now }) as AccessClaims;
    } catch {
      if (known) this.verified.delete(token);
      throw unauthenticated(SESSION_INVALID);
    }
    if (!isUuid(String(claims.sub)) || !isUuid(String(claims.sid)) || typeof claims.exp !== 'number') throw unauthenticated(SESSION_INVALID);
    // Bounded like the session cache; emptied rather than ordered (a miss costs one verification).
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.clear();
    const kept = { sub: claims.sub, sid: claims.sid, exp: claims.exp };
    this.verified.set(token, kept);
    return kept;
  }

  /**
   * An account as the access rules see it. With `sessionId`, only while that session is live;
   * without, for system tasks acting as an account (demo data).
   */
  async currentUser(userId: string, sessionId?: string): Promise<CurrentUser | null> {
    const [row]: { id: string; role: Role; display_name: string; unit_code: string | null; level: UnitLevel | null; path: string | null }[] = await this.ds.query(
      `SELECT u.id, u.role, u.display_name, u.unit_code, un.level, un.path::text AS path
       FROM app_user u
       LEFT JOIN unit un ON un.code = u.unit_code
       WHERE u.id = $1 AND u.deactivated_at IS NULL
         AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM auth_session s WHERE s.id = $2 AND s.user_id = u.id AND s.revoked_at IS NULL))`,
      [userId, sessionId ?? null],
    );
    if (!row) return null;
    return {
      id: row.id,
      role: row.role,
      displayName: row.display_name,
      unitCode: row.unit_code,
      unitLevel: row.level ?? null,
      unitPath: row.path ? String(row.path).split('.') : [],
    };
  }

  private accessToken(user: Pick<UserEntity, 'id' | 'role'>, sessionId: string): string {
    const iat = this.nowSeconds();
    return jwt.sign({ sub: user.id, sid: sessionId, role: user.role, iat, exp: iat + this.config.ACCESS_TOKEN_TTL_SECONDS }, this.jwtKey, {
      algorithm: 'HS256',
    });
  }

  private async newRefreshToken(m: EntityManager, sessionId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const expires = new Date(this.clock.now().getTime() + this.config.REFRESH_TOKEN_TTL_SECONDS * 1000);
    await m.query(`INSERT INTO refresh_token (token_hash, session_id, expires_at) VALUES ($1, $2, $3)`, [hashToken(token), sessionId, expires]);
    return token;
  }

  private nowSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
