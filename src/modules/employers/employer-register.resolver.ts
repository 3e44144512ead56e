import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ListSize } from '../../common/graphql/cost';
import { PiiCipher } from '../../common/pii';
import { Roles } from '../access/access.decorator';
import { callerOf, RequestContext } from '../access/request-context';
import { Role } from '../access/role.enum';
import { toUserModel, UserModel } from '../auth/user.model';
import { UsersService } from '../auth/users.service';
import { RecordInspectionInput, RegisterEmployerInput } from './dto/employer.inputs';
import { EmployerRegistryService, RECENT_INSPECTIONS } from './employer-registry.service';
import { EmployerConnection, EmployerModel, toEmployerModel } from './employer.model';
import { EmployersService } from './employers.service';
import { InspectionModel } from './inspection.model';
import { Unit } from '../units/unit.entity';
import { UnitsService } from '../units/units.service';

const STAFF = [Role.GRID_ASSISTANT, Role.INSPECTOR, Role.SQUAD_LEADER, Role.SUPERVISOR, Role.ADMIN];
const BUREAU = [Role.INSPECTOR, Role.SQUAD_LEADER, Role.SUPERVISOR];

/** 两网化: the employer register, its inspections, and the queries of both. */
@Resolver(() => EmployerModel)
export class EmployerRegisterResolver {
  constructor(private readonly registry: EmployerRegistryService) {}

  @Roles(...STAFF)
  @Query(() => EmployerModel, { nullable: true })
  async employer(@Args('id', { type: () => ID }) id: string, @Context() ctx: RequestContext): Promise<EmployerModel> {
    return toEmployerModel(await this.registry.findVisible(callerOf(ctx).ability, id));
  }

  @Roles(...STAFF)
  @Query(() => EmployerConnection)
  async employers(
    @Context() ctx: RequestContext,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { nullable: true }) after?: string,
    @Args('unitCode', { nullable: true }) unitCode?: string,
    @Args('search', { nullable: true }) search?: string,
  ) {
    const page = await this.registry.list(callerOf(ctx).ability, { first, after, unitCode, search });
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: toEmployerModel(e.node) })) };
  }

  @Roles(Role.GRID_ASSISTANT, ...BUREAU)
  @Mutation(() => EmployerModel)
  async registerEmployer(@Args('input') input: RegisterEmployerInput, @Context() ctx: RequestContext): Promise<EmployerModel> {
    return toEmployerModel(await this.registry.register(callerOf(ctx), input));
  }

  @Roles(Role.GRID_ASSISTANT, ...BUREAU)
  @Mutation(() => EmployerModel)
  async assignEmployerToGrid(
    @Args('employerId', { type: () => ID }) employerId: string,
    @Args('gridCode') gridCode: string,
    @Context() ctx: RequestContext,
  ): Promise<EmployerModel> {
    return toEmployerModel(await this.registry.assignToGrid(callerOf(ctx), employerId, gridCode));
  }

  @Roles(Role.GRID_ASSISTANT, Role.INSPECTOR, Role.SQUAD_LEADER)
  @Mutation(() => InspectionModel)
  recordInspection(@Args('input') input: RecordInspectionInput, @Context() ctx: RequestContext) {
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

  @ResolveField(() => EmployerModel)
  async employer(@Parent() i: InspectionModel, @Context() ctx: RequestContext) {
    return toEmployerModel((await this.employers.byId(ctx.loaders).load(i.employerId))!);
  }

  @ResolveField(() => Unit)
  grid(@Parent() i: InspectionModel, @Context() ctx: RequestContext) {
    return this.units.byCode(ctx.loaders).load(i.gridCode);
  }

  @ResolveField(() => UserModel)
  async inspector(@Parent() i: InspectionModel, @Context() ctx: RequestContext) {
    return toUserModel((await this.users.byId(ctx.loaders).load(i.inspectorId))!, this.pii, ctx.user?.id);
  }
}
