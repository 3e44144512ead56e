import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Clock } from '../../common/clock';
import { callerOf, RequestContext } from '../../common/graphql/request-context';
import { PiiCipher } from '../../common/pii';
import { DateScalar } from '../../common/scalars';
import { Roles } from '../auth/access/access.decorator';
import { Role } from '../auth/role.enum';
import { toUserModel, UserModel } from '../auth/user.model';
import { UsersService } from '../auth/users.service';
import { CaseModel, toCaseModel } from '../cases/case.model';
import { CaseQueriesService } from '../cases/case-queries.service';
import { caseNotFound } from '../cases/case.errors';
import { BlacklistService } from './blacklist.service';
import { RecordInspectionInput, RegisterEmployerInput } from './dto/grid.inputs';
import { EmployerRegistryService, RECENT_INSPECTIONS } from './employer-registry.service';
import { EmployerModel, toEmployerModel } from './employer.model';
import { EmployersService } from './employers.service';
import { BlacklistEntryModel, EmployerConnection, InspectionModel, UnitStatsModel, WarningModel } from './grid.models';
import { StatsService } from './stats.service';
import { Unit } from './unit.entity';
import { UnitsService } from './units.service';
import { WarningsService } from './warnings.service';

const STAFF = [Role.GRID_ASSISTANT, Role.INSPECTOR, Role.SQUAD_LEADER, Role.SUPERVISOR, Role.ADMIN];
const BUREAU = [Role.INSPECTOR, Role.SQUAD_LEADER, Role.SUPERVISOR];

@Resolver(() => EmployerModel)
export class GridSupervisionResolver {
  constructor(
    private readonly registry: EmployerRegistryService,
    private readonly warningsService: WarningsService,
    private readonly blacklistService: BlacklistService,
    private readonly stats: StatsService,
  ) {}

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

  @Roles(...STAFF)
  @Query(() => [WarningModel], { description: 'Open warnings of a subtree that the caller may see, worst first.' })
  warnings(@Args('unitCode') unitCode: string, @Context() ctx: RequestContext) {
    return this.warningsService.open(callerOf(ctx).ability, unitCode);
  }

  @Roles(...STAFF)
  @Query(() => UnitStatsModel, { description: "Totals over the unit's subtree, counting only what the caller may see; dates bound openedAt." })
  unitStats(
    @Args('unitCode') unitCode: string,
    @Args('from', { type: () => DateScalar, nullable: true }) from: string | null,
    @Args('to', { type: () => DateScalar, nullable: true }) to: string | null,
    @Context() ctx: RequestContext,
  ) {
    return this.stats.unitStats(callerOf(ctx).user, unitCode, from, to);
  }

  @Roles(...STAFF)
  @Query(() => [UnitStatsModel], { description: 'One row per child unit, for drilling down.' })
  childUnitStats(
    @Args('unitCode') unitCode: string,
    @Args('from', { type: () => DateScalar, nullable: true }) from: string | null,
    @Args('to', { type: () => DateScalar, nullable: true }) to: string | null,
    @Context() ctx: RequestContext,
  ) {
    return this.stats.childUnitStats(callerOf(ctx).user, unitCode, from, to);
  }

  @Roles(...STAFF)
  @Query(() => [BlacklistEntryModel])
  blacklist(@Args('unitCode', { type: () => String, nullable: true }) unitCode: string | null, @Context() ctx: RequestContext) {
    return this.blacklistService.list(callerOf(ctx).ability, unitCode);
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

  @Roles(...BUREAU)
  @Mutation(() => BlacklistEntryModel)
  proposeBlacklisting(
    @Args('employerId', { type: () => ID }) employerId: string,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('reason') reason: string,
    @Context() ctx: RequestContext,
  ) {
    return this.blacklistService.propose(callerOf(ctx), employerId, caseId, reason);
  }

  @Roles(...BUREAU)
  @Mutation(() => BlacklistEntryModel)
  confirmBlacklisting(@Args('entryId', { type: () => ID }) entryId: string, @Context() ctx: RequestContext) {
    return this.blacklistService.confirm(callerOf(ctx), entryId);
  }

  @Roles(...BUREAU)
  @Mutation(() => BlacklistEntryModel)
  removeFromBlacklist(@Args('entryId', { type: () => ID }) entryId: string, @Args('reason') reason: string, @Context() ctx: RequestContext) {
    return this.blacklistService.remove(callerOf(ctx), entryId, reason);
  }

  @ResolveField(() => [InspectionModel], {
    description: `巡查记录: the employer's latest inspections by grid assistants and township staff, newest first (at most ${RECENT_INSPECTIONS}).`,
  })
  recentInspections(@Parent() e: EmployerModel, @Context() ctx: RequestContext) {
    return this.registry.recentInspections(ctx.loaders).load(e.id);
  }

  @ResolveField(() => Boolean, { description: 'True while LISTED and not expired.' })
  blacklisted(@Parent() e: EmployerModel, @Context() ctx: RequestContext) {
    return this.registry.blacklisted(ctx.loaders).load(e.id);
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

@Resolver(() => WarningModel)
export class WarningResolver {
  constructor(
    private readonly employers: EmployersService,
    private readonly units: UnitsService,
  ) {}

  @ResolveField(() => EmployerModel)
  async employer(@Parent() w: WarningModel, @Context() ctx: RequestContext) {
    return toEmployerModel((await this.employers.byId(ctx.loaders).load(w.employerId))!);
  }

  @ResolveField(() => Unit)
  unit(@Parent() w: WarningModel, @Context() ctx: RequestContext) {
    return this.units.byCode(ctx.loaders).load(w.unitCode);
  }
}

@Resolver(() => BlacklistEntryModel)
export class BlacklistEntryResolver {
  constructor(
    private readonly employers: EmployersService,
    private readonly caseQueries: CaseQueriesService,
    private readonly clock: Clock,
  ) {}

  @ResolveField(() => EmployerModel)
  async employer(@Parent() b: BlacklistEntryModel, @Context() ctx: RequestContext) {
    return toEmployerModel((await this.employers.byId(ctx.loaders).load(b.employerId))!);
  }

  @ResolveField(() => CaseModel)
  async case(@Parent() b: BlacklistEntryModel, @Context() ctx: RequestContext): Promise<CaseModel> {
    const c = await this.caseQueries.visibleById(ctx.loaders, ctx.ability!).load(b.caseId);
    if (!c) throw caseNotFound();
    return toCaseModel(c, this.clock.now());
  }
}

@Resolver(() => UnitStatsModel)
export class UnitStatsResolver {
  constructor(private readonly units: UnitsService) {}

  @ResolveField(() => Unit)
  unit(@Parent() s: UnitStatsModel, @Context() ctx: RequestContext) {
    return this.units.byCode(ctx.loaders).load(s.unitCode);
  }
}
