import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
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

@Resolver(() => UserModel)
export class AuthResolver {
  constructor(
    private readonly sessions: SessionService,
    private readonly usersService: UsersService,
    private readonly unitsService: UnitsService,
    private readonly pii: PiiCipher,
  ) {}

  @Public()
  @Mutation(() => AuthPayload, { description: 'Workers log in with their phone number. Repeated failures lock the account for a while. Rate-limited per client: TOO_MANY_REQUESTS (HTTP 429, extensions.retryAfter in seconds).' })
  async login(@Args('username') username: string, @Args('password') password: string): Promise<AuthPayload> {
    const { tokens, user } = await this.sessions.login(username, password);
    return { ...tokens, user: toUserModel(user, this.pii, user.id) };
  }

  @Public()
  @Mutation(() => AuthPayload)
  async refreshSession(@Args('refreshToken') refreshToken: string): Promise<AuthPayload> {
    const { tokens, user } = await this.sessions.refresh(refreshToken);
    return { ...tokens, user: toUserModel(user, this.pii, user.id) };
  }

  @Public()
  @Mutation(() => Boolean)
  logout(@Args('refreshToken') refreshToken: string): Promise<boolean> {
    return this.sessions.logout(refreshToken);
  }

  @Public()
  @Mutation(() => AuthPayload)
  async registerWorker(@Args('input') input: RegisterWorkerInput): Promise<AuthPayload> {
    const { tokens, user } = await this.usersService.registerWorker(input);
    return { ...tokens, user: toUserModel(user, this.pii, user.id) };
  }

  @Roles(Role.ADMIN)
  @Mutation(() => UserModel, { description: 'ADMIN: only within its own subtree.' })
  async createUser(@Args('input') input: CreateUserInput, @Context() ctx: RequestContext): Promise<UserModel> {
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
  @Query(() => UserModel)
  async me(@Context() ctx: RequestContext): Promise<UserModel> {
    const { user } = callerOf(ctx);
    const entity = (await this.usersService.byId(ctx.loaders).load(user.id)) as UserEntity;
    return toUserModel(entity, this.pii, user.id);
  }

  @Roles(Role.ADMIN)
  @Query(() => UserConnection, { description: 'ADMIN: the accounts in its subtree, newest first.' })
  async users(
    @Context() ctx: RequestContext,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { nullable: true }) after?: string,
    @Args('unitCode', { nullable: true }) unitCode?: string,
  ) {
    const { user, ability } = callerOf(ctx);
    const page = await this.usersService.list(ability, { first, after, unitCode });
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: toUserModel(e.node, this.pii, user.id) })) };
  }

  @Roles(Role.ADMIN)
  @Query(() => [Role], {
    description: '可设角色: the roles an account at this unit may be given (as createUser enforces); FORBIDDEN outside the caller\'s subtree.',
  })
  assignableRoles(@Args('unitCode', { description: '单位代码: the unit the new account will belong to.' }) unitCode: string, @Context() ctx: RequestContext) {
    return this.usersService.assignableRoles(callerOf(ctx).ability, unitCode);
  }

  @ResolveField(() => Unit, { nullable: true })
  unit(@Parent() user: UserModel, @Context() ctx: RequestContext): Promise<Unit | null> | null {
    return user.unitCode ? this.unitsService.byCode(ctx.loaders).load(user.unitCode) : null;
  }
}
