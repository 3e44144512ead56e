import { Field, ID, ObjectType } from '@nestjs/graphql';
import { maskPhone } from '../../common/masking';
import { PiiCipher } from '../../common/pii';
import { Connection } from '../../common/graphql/connection';
import { currentAudit } from '../../common/audit/audit-scope';
import { Role } from '../access/role.enum';
import { UserEntity } from './user.entity';

@ObjectType('User', { description: '账户: a staff member or a registered worker. Staff see the accounts their ability lets them read; a worker sees only their own.' })
export class UserModel {
  @Field(() => ID, { description: '账户编号 (UUID).' })
  id: string;

  @Field({ description: '用户名: a staff account name; for a worker, the phone number, in full only to the worker (else masked 138****5678).' })
  username: string;

  @Field({ description: '姓名: the display name (a worker\'s real name).' })
  displayName: string;

  @Field(() => Role, { description: '角色.' })
  role: Role;

  @Field({ description: '是否启用 (false once an ADMIN has deactivated the account)' })
  active: boolean;

  /** Resolved to `unit` through the unit loader. */
  unitCode: string | null;
}

@ObjectType('AuthPayload', { description: '登录结果: the tokens of a new or rotated session and its account.' })
export class AuthPayload {
  @Field({ description: '访问令牌: send as `Authorization: Bearer <accessToken>`; a JWT valid ACCESS_TOKEN_TTL_SECONDS (default 900 s) while the session is live.' })
  accessToken: string;

  @Field({ description: '刷新令牌: works once in refreshSession or logout; valid REFRESH_TOKEN_TTL_SECONDS (default 7 days).' })
  refreshToken: string;

  @Field(() => UserModel, { description: '登录的账户.' })
  user: UserModel;
}

export const UserConnection = Connection(UserModel, 'User');

/**
 * The API view of an account. A worker's username is their phone number: shown in full to the
 * worker, masked to anyone else.
 */
export function toUserModel(user: UserEntity, pii: PiiCipher, viewerId?: string): UserModel {
  let username = user.username ?? '';
  if (user.role === Role.WORKER && user.phoneEnc) {
    const phone = pii.decrypt(user.phoneEnc);
    username = viewerId === user.id ? phone : maskPhone(phone);
    // The worker's own phone, in the clear: a read of personal data, audited.
    if (viewerId === user.id) currentAudit()?.revealed(user.id);
  }
  return { id: user.id, username, displayName: user.displayName, role: user.role, active: !user.deactivatedAt, unitCode: user.unitCode };
}
