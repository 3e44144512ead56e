import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { Clock } from '../../common/clock';
import { ListSize } from '../../common/graphql/cost';
import { Roles } from '../access/access.decorator';
import { callerOf, RequestContext } from '../access/request-context';
import { Role } from '../access/role.enum';
import { CaseQueriesService } from '../cases/case-queries.service';
import { caseNotFound } from '../cases/case.errors';
import { CaseModel, toCaseModel } from '../cases/case.model';
import { EmployerModel } from '../employers/employer.model';
import { EmployersService } from '../employers/employers.service';
import { Unit } from '../units/unit.entity';
import { UnitsService } from '../units/units.service';
import { ArrearsIncidentModel, BlacklistEntryModel, BlacklistPartyModel, BlacklistRepairModel, MAX_BLACKLIST_PARTIES, MAX_BLACKLIST_REPAIRS } from './blacklist.models';
import { BLACKLIST_LIST_LIMIT, BlacklistService } from './blacklist.service';
import { BlacklistPartyInput } from './dto/blacklist.inputs';

const STAFF = [Role.GRID_ASSISTANT, Role.INSPECTOR, Role.SQUAD_LEADER, Role.SUPERVISOR, Role.ADMIN];
const BUREAU = [Role.INSPECTOR, Role.SQUAD_LEADER, Role.SUPERVISOR];

/** 失信联合惩戒名单 as staff see it, and the contract's propose / confirm / remove. */
@Resolver(() => BlacklistEntryModel)
export class BlacklistEntriesResolver {
  constructor(private readonly blacklistService: BlacklistService) {}

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
}

/** Whether an employer is on the list now. */
@Resolver(() => EmployerModel)
export class EmployerBlacklistedResolver {
  constructor(private readonly blacklistService: BlacklistService) {}

  @ResolveField(() => Boolean, { description: 'True while LISTED and not expired.' })
  blacklisted(@Parent() e: EmployerModel, @Context() ctx: RequestContext) {
    return this.blacklistService.blacklisted(ctx.loaders).load(e.id);
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
    return (await this.employers.modelById(ctx.loaders).load(b.employerId))!;
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
