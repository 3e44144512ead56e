import DataLoader from 'dataloader';
import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Clock } from '../../common/clock';
import { ListSize } from '../../common/graphql/cost';
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
import { ArrearsIncidentModel, BlacklistPartyModel, BlacklistRepairModel, MAX_BLACKLIST_PARTIES, MAX_BLACKLIST_REPAIRS } from './blacklist.models';
import { BlacklistService } from './blacklist.service';
import { BlacklistPartyInput } from './dto/blacklist.inputs';
import { RecordInspectionInput, RegisterEmployerInput } from './dto/grid.inputs';
import { EmployerRegistryService, RECENT_INSPECTIONS } from './employer-registry.service';
import { EmployerModel, toEmployerModel } from './employer.model';
import { EmployersService } from './employers.service';
import { BlacklistEntryModel, EmployerConnection, InspectionModel, UnitStatsModel, WarningModel } from './grid.models';
import { StatsService } from './stats.service';
import { MAX_CHILD_UNITS, Unit } from './unit.entity';
import { UnitsService } from './units.service';
import { WarningsService } from './warnings.service';

/** The lists' own caps (LIST_LIMIT in warnings.service and blacklist.service), for the query cost. */
const WARNINGS_LIST_LIMIT = 1000;
const BLACKLIST_LIST_LIMIT = 500;

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
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: toEmployerModel(e.node) })) };
  }

  @Roles(...STAFF)
  @ListSize(WARNINGS_LIST_LIMIT)
  @Query(() => [WarningModel], { description: 'Open warnings of a subtree that the caller may see, worst first. Staff.' })
  warnings(@Args('unitCode', { description: '单位代码: warnings shown in this unit\'s subtree (at most 1000).' }) unitCode: string, @Context() ctx: RequestContext) {
    return this.warningsService.open(callerOf(ctx).ability, unitCode);
  }

  @Roles(...STAFF)
  @Query(() => UnitStatsModel, { description: "Totals over the unit's subtree, counting only what the caller may see; dates bound openedAt. Staff." })
  unitStats(
    @Args('unitCode', { description: '单位代码 (any existing unit).' }) unitCode: string,
    @Args('from', { type: () => DateScalar, nullable: true, description: '起: cases opened (claims submitted) on or after this day, Asia/Shanghai.' }) from: string | null,
    @Args('to', { type: () => DateScalar, nullable: true, description: '止: on or before this day, Asia/Shanghai; not before from.' }) to: string | null,
    @Context() ctx: RequestContext,
  ) {
    return this.stats.unitStats(callerOf(ctx).ability, unitCode, from, to);
  }

  @Roles(...STAFF)
  @ListSize(MAX_CHILD_UNITS)
  @Query(() => [UnitStatsModel], { description: 'One row per child unit, for drilling down. Staff.' })
  childUnitStats(
    @Args('unitCode', { description: '单位代码: its children, in code order (none for a GRID).' }) unitCode: string,
    @Args('from', { type: () => DateScalar, nullable: true, description: '起: cases opened (claims submitted) on or after this day, Asia/Shanghai.' }) from: string | null,
    @Args('to', { type: () => DateScalar, nullable: true, description: '止: on or before this day, Asia/Shanghai; not before from.' }) to: string | null,
    @Context() ctx: RequestContext,
  ) {
    return this.stats.childUnitStats(callerOf(ctx).ability, unitCode, from, to);
  }

  @Roles(...STAFF)
  @ListSize(BLACKLIST_LIST_LIMIT)
  @Query(() => [BlacklistEntryModel], { description: '失信联合惩戒名单 as staff see it: entries of the cases the caller may see, newest proposal first (at most 500).' })
  blacklist(
    @Args('unitCode', { type: () => String, nullable: true, description: '只看该单位辖区内办理的案件.' }) unitCode: string | null,
    @Context() ctx: RequestContext,
    @Args('partyIdCardNumber', {
      type: () => String,
      nullable: true,
      description: '按当事人身份证号码查询: only entries naming this person (matched by keyed hash; the number is never stored or returned in plain).',
    })
    partyIdCardNumber?: string | null,
  ) {
    return this.blacklistService.list(callerOf(ctx).ability, unitCode, partyIdCardNumber);
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

  @Roles(...BUREAU)
  @Mutation(() => BlacklistEntryModel, {
    description: '拟列入并书面告知: county-level bureaus and above, after a payment order went unpaid past its due date, on either condition of Art. 5. (INSPECTOR, SQUAD_LEADER or SUPERVISOR of a county-level or higher unit on the case\'s handling line)',
  })
  proposeBlacklisting(
    @Args('employerId', { type: () => ID, description: '用人单位 (the employer of the case).' }) employerId: string,
    @Args('caseId', { type: () => ID, description: '案件.' }) caseId: string,
    @Args('reason', { description: '列入理由.' }) reason: string,
    @Context() ctx: RequestContext,
    @Args('facts', { type: () => String, nullable: true, description: '违法事实: the facts as the notice states them; default: drawn from the case.' })
    facts?: string | null,
    @Args('incidentId', {
      type: () => ID,
      nullable: true,
      description: '列入情形（二）: a confirmed 群体性事件/极端事件 of this case; without it the arrears must reach the criminal threshold.',
    })
    incidentId?: string | null,
    @Args('parties', { type: () => [BlacklistPartyInput], nullable: true, description: '当事人: the persons listed with the employer.' })
    parties?: BlacklistPartyInput[] | null,
  ) {
    return this.blacklistService.propose(callerOf(ctx), employerId, caseId, reason, { facts, incidentId, parties });
  }

  @Roles(...BUREAU)
  @Mutation(() => BlacklistEntryModel, {
    description: '作出列入决定: after the statement window, with any statement answered, naming the legal representative or principal; lists for 3 years. By an INSPECTOR, SQUAD_LEADER or SUPERVISOR of a county-level or higher unit on the case\'s handling line.',
  })
  confirmBlacklisting(
    @Args('entryId', { type: () => ID, description: '名单条目.' }) entryId: string,
    @Context() ctx: RequestContext,
    @Args('decisionNumber', { type: () => String, nullable: true, description: '列入决定书文号.' }) decisionNumber?: string | null,
  ) {
    return this.blacklistService.confirm(callerOf(ctx), entryId, decisionNumber);
  }

  @Roles(...BUREAU)
  @Mutation(() => BlacklistEntryModel, {
    description: '移出: withdraws a proposal, closes an expired listing, or removes a running listing early by granting the party’s pending repair application. By an INSPECTOR, SQUAD_LEADER or SUPERVISOR of a county-level or higher unit on the case\'s handling line.',
  })
  removeFromBlacklist(
    @Args('entryId', { type: () => ID, description: '名单条目.' }) entryId: string,
    @Args('reason', { description: '移出理由.' }) reason: string,
    @Context() ctx: RequestContext,
  ) {
    return this.blacklistService.remove(callerOf(ctx), entryId, reason);
  }

  @ListSize(RECENT_INSPECTIONS)
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

  @ResolveField(() => EmployerModel, { description: '被巡查的用人单位.' })
  async employer(@Parent() i: InspectionModel, @Context() ctx: RequestContext) {
    return toEmployerModel((await this.employers.byId(ctx.loaders).load(i.employerId))!);
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

@Resolver(() => WarningModel)
export class WarningResolver {
  constructor(
    private readonly employers: EmployersService,
    private readonly units: UnitsService,
  ) {}

  @ResolveField(() => EmployerModel, { description: '预警的用人单位.' })
  async employer(@Parent() w: WarningModel, @Context() ctx: RequestContext) {
    return toEmployerModel((await this.employers.byId(ctx.loaders).load(w.employerId))!);
  }

  @ResolveField(() => Unit, { description: '预警所在单位: the employer\'s grid, else registered unit, else the unit that last had a claim or case of it.' })
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
    private readonly blacklist: BlacklistService,
    private readonly units: UnitsService,
  ) {}

  @ResolveField(() => EmployerModel, { description: '用人单位.' })
  async employer(@Parent() b: BlacklistEntryModel, @Context() ctx: RequestContext) {
    return toEmployerModel((await this.employers.byId(ctx.loaders).load(b.employerId))!);
  }

  @ResolveField(() => CaseModel, { description: '所依据的案件.' })
  async case(@Parent() b: BlacklistEntryModel, @Context() ctx: RequestContext): Promise<CaseModel> {
    const c = await this.caseQueries.visibleById(ctx.loaders, ctx.ability!).load(b.caseId);
    if (!c) throw caseNotFound();
    return toCaseModel(c, this.clock.now());
  }

  @ListSize(MAX_BLACKLIST_PARTIES)
  @ResolveField(() => [BlacklistPartyModel], { description: '当事人: the persons listed with the employer; their listing runs and ends with the entry.' })
  parties(@Parent() b: BlacklistEntryModel, @Context() ctx: RequestContext) {
    return ctx.loaders.get('blacklistParties', () => new DataLoader((ids: readonly string[]) => this.blacklist.partiesOf(ids))).load(b.id);
  }

  @ResolveField(() => ArrearsIncidentModel, { nullable: true, description: '所依据的事件 (basis INCIDENT).' })
  incident(@Parent() b: BlacklistEntryModel, @Context() ctx: RequestContext) {
    if (!b.incidentId) return null;
    return ctx.loaders.get('arrearsIncidents', () => new DataLoader((ids: readonly string[]) => this.blacklist.incidentsById(ids))).load(b.incidentId);
  }

  @ResolveField(() => Unit, { nullable: true, description: '作出列入决定的部门; null before the decision.' })
  listingUnit(@Parent() b: BlacklistEntryModel, @Context() ctx: RequestContext) {
    return b.listingUnitCode ? this.units.byCode(ctx.loaders).load(b.listingUnitCode) : null;
  }

  @ListSize(MAX_BLACKLIST_REPAIRS)
  @ResolveField(() => [BlacklistRepairModel], { description: '信用修复申请: applications for early removal and their decisions, oldest first.' })
  repairApplications(@Parent() b: BlacklistEntryModel, @Context() ctx: RequestContext) {
    return ctx.loaders.get('blacklistRepairs', () => new DataLoader((ids: readonly string[]) => this.blacklist.repairsOf(ids))).load(b.id);
  }
}

@Resolver(() => UnitStatsModel)
export class UnitStatsResolver {
  constructor(private readonly units: UnitsService) {}

  @ResolveField(() => Unit, { description: '统计的单位.' })
  unit(@Parent() s: UnitStatsModel, @Context() ctx: RequestContext) {
    return this.units.byCode(ctx.loaders).load(s.unitCode);
  }
}
