import { Args, Context, ID, Info, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { selectsField } from '../../common/graphql/selection';
import { PiiCipher } from '../../common/pii';
import { callerOf, RequestContext } from '../access/request-context';
import { UnitsService } from '../units/units.service';
import { Unit } from '../units/unit.entity';
import { Authenticated, Public, Roles } from '../access/access.decorator';
import { CreateUserInput, RegisterWorkerInput } from './dto/auth.inputs';
import { Role } from '../access/role.enum';
import { SessionService } from './session.service';
import { AuthPayload, toUserModel, UserConnection, UserModel } from './user.model';
import { UsersService } from './users.service';
import { UserEntity } from './user.entity';
import { mapNodes } from '../../common/graphql/connection';

@Resolver(() => UserModel)
export class AuthResolver {
  constructor(
    private readonly sessions: SessionService,
    private readonly usersService: UsersService,
    private readonly unitsService: UnitsService,
    private readonly pii: PiiCipher,
  ) {}

  @Public()
  @Mutation(() => AuthPayload, { description: 'Workers log in with their phone number. Repeated failures lock the account for a while. Rate-limited per client: TOO_MANY_REQUESTS (HTTP 429, extensions.retryAfter in seconds). Public.' })
  async login(
    @Args('username', { description: '用户名: a staff account name (case-insensitive), or the mainland mobile number a worker registered with.' }) username: string,
    @Args('password', { description: '密码.' }) password: string,
  ): Promise<AuthPayload> {
    const { tokens, user } = await this.sessions.login(username, password);
    return { ...tokens, user: toUserModel(user, this.pii, user.id) };
  }

  @Public()
  @Mutation(() => AuthPayload, {
    description:
      '刷新会话: exchanges a refresh token for a new access token and a new refresh token (each refresh token works once; reusing one ends every session of the account). UNAUTHENTICATED when the token is unknown, expired, used or its account deactivated. Public.',
  })
  async refreshSession(@Args('refreshToken', { description: '刷新令牌: the refreshToken of the last AuthPayload.' }) refreshToken: string): Promise<AuthPayload> {
    const { tokens, user } = await this.sessions.refresh(refreshToken);
    return { ...tokens, user: toUserModel(user, this.pii, user.id) };
  }

  @Public()
  @Mutation(() => Boolean, {
    description: '退出登录: ends the session the refresh token belongs to (its access token stops working too); false when there is no such live session. Public.',
  })
  logout(@Args('refreshToken', { description: '刷新令牌 of the session to end.' }) refreshToken: string): Promise<boolean> {
    return this.sessions.logout(refreshToken);
  }

  @Public()
  @Mutation(() => AuthPayload, {
    description: '农民工注册: a worker signs up with phone, password, real name and ID number, and is signed in. CONFLICT when the phone or the ID number is already registered. Public.',
  })
  async registerWorker(@Args('input', { description: '注册信息.' }) input: RegisterWorkerInput): Promise<AuthPayload> {
    const { tokens, user } = await this.usersService.registerWorker(input);
    return { ...tokens, user: toUserModel(user, this.pii, user.id) };
  }

  @Roles(Role.ADMIN)
  @Mutation(() => UserModel, { description: 'ADMIN: only within its own subtree.' })
  async createUser(@Args('input', { description: '新账户.' }) input: CreateUserInput, @Context() ctx: RequestContext): Promise<UserModel> {
    const { user, ability } = callerOf(ctx);
    return toUserModel(await this.usersService.createUser(user, ability, input), this.pii, user.id);
  }

  @Roles(Role.ADMIN)
  @Mutation(() => UserModel, {
    description: '停用账户 (ADMIN, within its subtree: the account can no longer log in and every session ends, live subscriptions included; not one\'s own account)',
  })
  async deactivateUser(@Args('userId', { type: () => ID, description: '账户 (the account to deactivate)' }) userId: string, @Context() ctx: RequestContext): Promise<UserModel> {
    const { user, ability } = callerOf(ctx);
    return toUserModel(await this.usersService.deactivate(user, ability, userId), this.pii, user.id);
  }

  @Roles(Role.ADMIN)
  @Mutation(() => UserModel, { description: '恢复账户 (ADMIN, within its subtree: a deactivated account may log in again)' })
  async reactivateUser(@Args('userId', { type: () => ID, description: '账户 (the account to reactivate)' }) userId: string, @Context() ctx: RequestContext): Promise<UserModel> {
    const { user, ability } = callerOf(ctx);
    return toUserModel(await this.usersService.reactivate(ability, userId), this.pii, user.id);
  }

  @Authenticated()
  @Query(() => UserModel, { description: '当前用户: the signed-in account (a worker sees their own phone as username, an audited read). Any signed-in caller.' })
  async me(@Context() ctx: RequestContext, @Info() info?: GraphQLResolveInfo): Promise<UserModel> {
    const { user } = callerOf(ctx);
    // The caller as the session knows it answers everything but the username (a worker's phone, decrypted and audited).
    if (info && !selectsField(info, [], 'username')) {
      return { id: user.id, username: '', displayName: user.displayName, role: user.role, active: true, unitCode: user.unitCode };
    }
    const entity = (await this.usersService.byId(ctx.loaders).load(user.id)) as UserEntity;
    return toUserModel(entity, this.pii, user.id);
  }

  @Roles(Role.ADMIN)
  @Query(() => UserConnection, { description: 'ADMIN: the accounts in its subtree, newest first.' })
  async users(
    @Context() ctx: RequestContext,
    @Args('first', { type: () => Int, nullable: true, description: '每页条数: 1 to 100, default 20.' }) first?: number,
    @Args('after', { nullable: true, description: '游标: endCursor of the previous page.' }) after?: string,
    @Args('unitCode', { nullable: true, description: '单位代码: only accounts of this unit or a unit below it.' }) unitCode?: string,
  ) {
    const { user, ability } = callerOf(ctx);
    const page = await this.usersService.list(ability, { first, after, unitCode });
    return mapNodes(page, (u) => toUserModel(u, this.pii, user.id));
  }

  @Roles(Role.ADMIN)
  @Query(() => [Role], {
    description: '可设角色: the roles an account at this unit may be given (as createUser enforces); FORBIDDEN outside the caller\'s subtree. ADMIN.',
  })
  assignableRoles(@Args('unitCode', { description: '单位代码: the unit the new account will belong to.' }) unitCode: string, @Context() ctx: RequestContext) {
    return this.usersService.assignableRoles(callerOf(ctx).ability, unitCode);
  }

  @ResolveField(() => Unit, { nullable: true, description: '所属单位; null for workers.' })
  unit(@Parent() user: UserModel, @Context() ctx: RequestContext): Promise<Unit | null> | null {
    return user.unitCode ? this.unitsService.byCode(ctx.loaders).load(user.unitCode) : null;
  }
}
