import { Field, ID, ObjectType } from '@nestjs/graphql';
import { maskPhone } from '../../common/masking';
import { PiiCipher } from '../../common/pii';
import { Connection } from '../../common/graphql/connection';
import { currentAudit } from '../../common/audit/audit-scope';
import { Role } from '../access/role.enum';
import { UserEntity } from './user.entity';

@ObjectType('User')
export class UserModel {
  @Field(() => ID)
  id: string;

  @Field()
  username: string;

  @Field()
  displayName: string;

  @Field(() => Role)
  role: Role;

  @Field({ description: '是否启用 (false once an ADMIN has deactivated the account)' })
  active: boolean;

  /** Resolved to `unit` through the unit loader. */
  unitCode: string | null;
}

@ObjectType('AuthPayload')
export class AuthPayload {
  @Field()
  accessToken: string;

  @Field()
  refreshToken: string;

  @Field(() => UserModel)
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
