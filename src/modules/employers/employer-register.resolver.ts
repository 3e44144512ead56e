import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ListSize } from '../../common/graphql/cost';
import { PiiCipher } from '../../common/pii';
import { Roles } from '../access/access.decorator';
import { callerOf, RequestContext } from '../access/request-context';
import { Role } from '../access/role.enum';
import { toUserModel, UserModel } from '../auth/user.model';
import { UsersService } from '../auth/users.service';
import { Unit } from '../units/unit.entity';
import { UnitsService } from '../units/units.service';
import { RecordInspectionInput, RegisterEmployerInput } from './dto/employer.inputs';
import { EmployerRegistryService, RECENT_INSPECTIONS } from './employer-registry.service';
import { EmployerConnection, EmployerModel, toEmployerModel } from './employer.model';
import { EmployersService } from './employers.service';
import { InspectionModel } from './inspection.model';
import { mapNodes } from '../../common/graphql/connection';

const STAFF = [Role.GRID_ASSISTANT, Role.INSPECTOR, Role.SQUAD_LEADER, Role.SUPERVISOR, Role.ADMIN];
const BUREAU = [Role.INSPECTOR, Role.SQUAD_LEADER, Role.SUPERVISOR];

/** 两网化: the employer register, its inspections, and the queries of both. */
@Resolver(() => EmployerModel)
export class EmployerRegisterResolver {
  constructor(private readonly registry: EmployerRegistryService) {}

  @Roles(...STAFF)
  @Query(() => EmployerModel, { nullable: true, description: '用人单位: one the caller may see; null (with a NOT_FOUND error) otherwise. Staff.' })
  async employer(@Args('id', { type: () => ID, description: '用人单位编号.' }) id: string, @Context() ctx: RequestContext): Promise<EmployerModel> {
    return toEmployerModel(await this.registry.findVisible(callerOf(ctx).ability, id));
  }

  @Roles(...STAFF)
  @Query(() => EmployerConnection, { description: '用人单位名录: the employers the caller may see, newest first. Staff.' })
  async employers(
    @Context() ctx: RequestContext,
    @Args('first', { type: () => Int, nullable: true, description: '每页条数: 1 to 100, default 20.' }) first?: number,
    @Args('after', { nullable: true, description: '游标: endCursor of the previous page.' }) after?: string,
    @Args('unitCode', { nullable: true, description: '单位代码: only employers whose registered unit or grid lies in this unit\'s subtree.' }) unitCode?: string,
    @Args('search', { nullable: true, description: '名称（部分）或统一社会信用代码（完整）.' }) search?: string,
  ) {
    const page = await this.registry.list(callerOf(ctx).ability, { first, after, unitCode, search });
    return mapNodes(page, toEmployerModel);
  }

  @Roles(Role.GRID_ASSISTANT, ...BUREAU)
  @Mutation(() => EmployerModel, {
    description: '登记用人单位: grid assistants (in their own grid), inspectors, squad leaders and supervisors whose subtree holds the registered unit; completes an employer known only from a case or claim.',
  })
  async registerEmployer(@Args('input', { description: '登记信息.' }) input: RegisterEmployerInput, @Context() ctx: RequestContext): Promise<EmployerModel> {
    return toEmployerModel(await this.registry.register(callerOf(ctx), input));
  }

  @Roles(Role.GRID_ASSISTANT, ...BUREAU)
  @Mutation(() => EmployerModel, {
    description: '划入网格: puts a registered employer in a GRID of its registered unit\'s township or subtree; the same callers as registerEmployer (GRID_ASSISTANT in its own grid; INSPECTOR, SQUAD_LEADER, SUPERVISOR covering the grid and the registered unit).',
  })
  async assignEmployerToGrid(
    @Args('employerId', { type: () => ID, description: '用人单位编号: a registered employer the caller may see.' }) employerId: string,
    @Args('gridCode', { description: '网格代码 (a GRID unit).' }) gridCode: string,
    @Context() ctx: RequestContext,
  ): Promise<EmployerModel> {
    return toEmployerModel(await this.registry.assignToGrid(callerOf(ctx), employerId, gridCode));
  }

  @Roles(Role.GRID_ASSISTANT, Role.INSPECTOR, Role.SQUAD_LEADER)
  @Mutation(() => InspectionModel, {
    description: '记录巡查: by the grid\'s own assistant, or an inspector or squad leader of the grid\'s township; the employer\'s warning is recomputed.',
  })
  recordInspection(@Args('input', { description: '巡查记录.' }) input: RecordInspectionInput, @Context() ctx: RequestContext) {
    return this.registry.recordInspection(callerOf(ctx), input);
  }

  @ListSize(RECENT_INSPECTIONS)
  @ResolveField(() => [InspectionModel], {
    description: `巡查记录: the employer's latest inspections by grid assistants and township staff, newest first (at most ${RECENT_INSPECTIONS}).`,
  })
  recentInspections(@Parent() e: EmployerModel, @Context() ctx: RequestContext) {
    return this.registry.recentInspections(ctx.loaders).load(e.id);
  }
}

/** Relations of inspections, warnings, blacklist entries and statistics rows. */
@Resolver(() => InspectionModel)
export class InspectionResolver {
  constructor(
    private readonly employers: EmployersService,
    private readonly units: UnitsService,
    private readonly users: UsersService,
    private readonly pii: PiiCipher,
  ) {}

  @ResolveField(() => EmployerModel, { description: '被巡查的用人单位.' })
  async employer(@Parent() i: InspectionModel, @Context() ctx: RequestContext) {
    return (await this.employers.modelById(ctx.loaders).load(i.employerId))!;
  }

  @ResolveField(() => Unit, { description: '网格: the employer\'s grid at the time.' })
  grid(@Parent() i: InspectionModel, @Context() ctx: RequestContext) {
    return this.units.byCode(ctx.loaders).load(i.gridCode);
  }

  @ResolveField(() => UserModel, { description: '巡查人: who recorded it.' })
  async inspector(@Parent() i: InspectionModel, @Context() ctx: RequestContext) {
    return toUserModel((await this.users.byId(ctx.loaders).load(i.inspectorId))!, this.pii, ctx.user?.id);
  }
}
