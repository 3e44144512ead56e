import { createHash, createSecretKey, KeyObject, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import * as jwt from 'jsonwebtoken';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../../common/clock';
import { unauthenticated } from '../../common/errors';
import { isMainlandMobile } from '../../common/phone';
import { PiiCipher } from '../../common/pii';
import { rows } from '../../database/sql';
import { isUuid } from '../../common/uuid';
import { UnitLevel } from '../grid/unit.entity';
import { CurrentUser } from './access/current-user';
import { Role } from './role.enum';
import { UserEntity } from './user.entity';

export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

/** One message for every failed login, so that it tells nothing about which accounts exist. */
const LOGIN_FAILED = '用户名或密码错误，或账户已被暂时锁定 (wrong username or password, or the account is locked for a while)';
const SESSION_INVALID = '登录已失效，请重新登录 (session expired or revoked; log in again)';

/** Sessions: argon2id passwords, lockout, 15-minute JWTs, rotating refresh tokens stored hashed. */
@Injectable()
export class SessionService {
  /** Verified against for unknown usernames, so that both paths cost the same. */
  private readonly dummyHash = argon2.hash('timing-equaliser-not-a-password');
  /** Made once: given a string, jsonwebtoken tries to parse it as a public key on every call. */
  private readonly jwtKey: KeyObject;

  constructor(
    private readonly ds: DataSource,
    private readonly config: AppConfig,
    private readonly pii: PiiCipher,
    private readonly clock: Clock,
  ) {
    this.jwtKey = createSecretKey(Buffer.from(config.jwtSecret));
  }

  /** The unique login of a username: workers log in with their phone number. */
  loginKey(username: string): string {
    const u = username.trim();
    return isMainlandMobile(u) ? `phone:${this.pii.lookupHash(u)}` : u.toLowerCase();
  }

  async login(username: string, password: string): Promise<{ tokens: Tokens; user: UserEntity }> {
    const user = await this.ds.getRepository(UserEntity).findOneBy({ loginKey: this.loginKey(username) });
    if (!user) {
      await argon2.verify(await this.dummyHash, password);
      throw unauthenticated(LOGIN_FAILED);
    }
    const now = this.clock.now();
    if (user.lockedUntil && user.lockedUntil > now) throw unauthenticated(LOGIN_FAILED);
    if (!(await argon2.verify(user.passwordHash, password))) {
      // Atomic, so that parallel guesses cannot slip past the limit.
      await this.ds.query(
        `UPDATE app_user SET
           locked_until  = CASE WHEN failed_logins + 1 >= $2 THEN $3::timestamptz ELSE locked_until END,
           failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END
         WHERE id = $1`,
        [user.id, this.config.LOGIN_MAX_FAILURES, new Date(now.getTime() + this.config.LOGIN_LOCK_SECONDS * 1000)],
      );
      await this.audit(user.id, 'login', 'FAILED');
      throw unauthenticated(LOGIN_FAILED);
    }
    const tokens = await this.ds.transaction(async (m) => {
      await m.query(`UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE id = $1`, [user.id]);
      await this.auditIn(m, user.id, 'login', 'OK');
      return this.startSession(m, user);
    });
    return { tokens, user };
  }

  /** Opens a session for a user inside the caller's transaction. */
  async startSession(m: EntityManager, user: Pick<UserEntity, 'id' | 'role'>): Promise<Tokens> {
    const [{ id }] = await m.query(`INSERT INTO auth_session (user_id, created_at) VALUES ($1, $2) RETURNING id`, [
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
    const outcome = await this.ds.transaction(async (m) => {
      const [row] = await m.query(
        `SELECT t.session_id, t.expires_at, t.used_at, s.revoked_at, s.user_id
         FROM refresh_token t JOIN auth_session s ON s.id = t.session_id
         WHERE t.token_hash = $1 FOR UPDATE OF t`,
        [hashToken(refreshToken)],
      );
      if (!row) return { error: true } as const;
      if (row.used_at || row.revoked_at) {
        await m.query(`UPDATE auth_session SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`, [
          row.user_id,
          this.clock.now(),
        ]);
        await this.auditIn(m, row.user_id, 'refresh', 'REUSED_TOKEN_ALL_SESSIONS_REVOKED');
        return { error: true } as const;
      }
      if (new Date(row.expires_at) <= this.clock.now()) return { error: true } as const;
      await m.query(`UPDATE refresh_token SET used_at = $2 WHERE token_hash = $1`, [hashToken(refreshToken), this.clock.now()]);
      const user = await m.getRepository(UserEntity).findOneByOrFail({ id: row.user_id });
      const tokens = { accessToken: this.accessToken(user, row.session_id), refreshToken: await this.newRefreshToken(m, row.session_id) };
      return { tokens, user };
    });
    if ('error' in outcome) throw unauthenticated(SESSION_INVALID);
    return outcome;
  }

  /** Ends the session the refresh token belongs to; false when there is no such live session. */
  async logout(refreshToken: string): Promise<boolean> {
    return this.ds.transaction(async (m) => {
      const revoked = await rows<{ user_id: string }>(
        m,
        `UPDATE auth_session s SET revoked_at = $2 FROM refresh_token t
         WHERE t.token_hash = $1 AND s.id = t.session_id AND s.revoked_at IS NULL RETURNING s.user_id`,
        [hashToken(refreshToken), this.clock.now()],
      );
      if (revoked.length) await this.auditIn(m, revoked[0].user_id, 'logout', 'OK');
      return revoked.length > 0;
    });
  }

  /** The caller of an access token, with a live session, in one query. */
  async userForAccessToken(token: string): Promise<CurrentUser> {
    let claims: { sub: string; sid: string };
    try {
      claims = jwt.verify(token, this.jwtKey, { algorithms: ['HS256'], clockTimestamp: this.nowSeconds() }) as any;
    } catch {
      throw unauthenticated(SESSION_INVALID);
    }
    if (!isUuid(String(claims.sub)) || !isUuid(String(claims.sid))) throw unauthenticated(SESSION_INVALID);
    const user = await this.currentUser(claims.sub, claims.sid);
    if (!user) throw unauthenticated(SESSION_INVALID);
    return user;
  }

  /**
   * An account as the access rules see it. With `sessionId`, only while that session is live;
   * without, for system tasks acting as an account (demo data).
   */
  async currentUser(userId: string, sessionId?: string): Promise<CurrentUser | null> {
    const [row] = await this.ds.query(
      `SELECT u.id, u.role, u.display_name, u.unit_code, un.level, un.path::text AS path
       FROM app_user u
       LEFT JOIN unit un ON un.code = u.unit_code
       WHERE u.id = $1
         AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM auth_session s WHERE s.id = $2 AND s.user_id = u.id AND s.revoked_at IS NULL))`,
      [userId, sessionId ?? null],
    );
    if (!row) return null;
    return {
      id: row.id,
      role: row.role as Role,
      displayName: row.display_name,
      unitCode: row.unit_code,
      unitLevel: (row.level as UnitLevel) ?? null,
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

  private audit(userId: string, action: string, outcome: string): Promise<void> {
    return this.auditIn(this.ds.manager, userId, action, outcome);
  }

  private async auditIn(m: EntityManager, userId: string, action: string, outcome: string): Promise<void> {
    await m.query(`INSERT INTO audit_log (at, user_id, action, outcome) VALUES ($1, $2, $3, $4)`, [this.clock.now(), userId, action, outcome]);
  }
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
