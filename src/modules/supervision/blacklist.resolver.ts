import { ListSize } from '../../common/graphql/cost';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { callerOf, RequestContext } from '../access/request-context';
import { Roles } from '../access/access.decorator';
import { Role } from '../access/role.enum';
import { ArrearsIncidentModel, BlacklistRepairModel, BlacklistEntryModel } from './blacklist.models';
import { BlacklistService } from './blacklist.service';
import { ArrearsIncidentInput, BlacklistPartyInput } from './dto/blacklist.inputs';
import { Unit } from '../units/unit.entity';
import { UnitsService } from '../units/units.service';

const BUREAU = [Role.INSPECTOR, Role.SQUAD_LEADER, Role.SUPERVISOR];
const STAFF = [Role.GRID_ASSISTANT, ...BUREAU, Role.ADMIN];

/**
 * The steps of 人社部令第45号 around the contract's propose/confirm/remove: the parties, the
 * incident record, the parties' statement and its answer, and credit repair. The roles here only
 * keep out accounts that can never act; the CASL ability decides (blacklist, recordIncident,
 * confirm).
 */
@Resolver(() => ArrearsIncidentModel)
export class BlacklistStepsResolver {
  constructor(
    private readonly blacklist: BlacklistService,
    private readonly units: UnitsService,
  ) {}

  @Roles(...STAFF)
  @ListSize(20)
  @Query(() => [ArrearsIncidentModel], { description: '案件的群体性事件/极端事件记录, oldest first (NOT_FOUND outside the caller’s jurisdiction). Staff.' })
  arrearsIncidents(@Args('caseId', { type: () => ID, description: '案件.' }) caseId: string, @Context() ctx: RequestContext) {
    return this.blacklist.incidentsOf(callerOf(ctx).ability, caseId);
  }

  @Roles(...BUREAU)
  @Mutation(() => ArrearsIncidentModel, { description: '记录欠薪引发的群体性事件/极端事件: a squad leader of the handling unit or above records it on the case.' })
  recordArrearsIncident(
    @Args('caseId', { type: () => ID, description: '案件.' }) caseId: string,
    @Args('input', { description: '事件记录.' }) input: ArrearsIncidentInput,
    @Context() ctx: RequestContext,
  ) {
    return this.blacklist.recordIncident(callerOf(ctx), caseId, input);
  }

  @Roles(...BUREAU)
  @Mutation(() => ArrearsIncidentModel, { description: '认定事件: a county-level or higher unit confirms the incident (not the person who recorded it). (an INSPECTOR, SQUAD_LEADER or SUPERVISOR of the case\'s handling line)' })
  confirmArrearsIncident(@Args('incidentId', { type: () => ID, description: '事件编号.' }) incidentId: string, @Context() ctx: RequestContext) {
    return this.blacklist.confirmIncident(callerOf(ctx), incidentId);
  }

  @Roles(...BUREAU)
  @Mutation(() => BlacklistEntryModel, { description: '增列当事人: adds a person to a proposal before their statement; the notice is served again with a new window. By an INSPECTOR, SQUAD_LEADER or SUPERVISOR of a county-level or higher unit on the case\'s handling line.' })
  addBlacklistParty(
    @Args('entryId', { type: () => ID, description: '名单条目.' }) entryId: string,
    @Args('input', { description: '当事人.' }) input: BlacklistPartyInput,
    @Context() ctx: RequestContext,
  ) {
    return this.blacklist.addParty(callerOf(ctx), entryId, input);
  }

  @Roles(...BUREAU)
  @Mutation(() => BlacklistEntryModel, { description: '删除当事人: drops a person from a proposal before the statement and the decision. By an INSPECTOR, SQUAD_LEADER or SUPERVISOR of a county-level or higher unit on the case\'s handling line.' })
  removeBlacklistParty(@Args('partyId', { type: () => ID, description: '当事人编号.' }) partyId: string, @Context() ctx: RequestContext) {
    return this.blacklist.removeParty(callerOf(ctx), partyId);
  }

  @Roles(...BUREAU)
  @Mutation(() => BlacklistEntryModel, { description: '记录陈述申辩: the parties’ statement, received within the window (10 working days after the notice). By an INSPECTOR, SQUAD_LEADER or SUPERVISOR of a county-level or higher unit on the case\'s handling line.' })
  recordBlacklistStatement(
    @Args('entryId', { type: () => ID, description: '名单条目.' }) entryId: string,
    @Args('statement', { description: '陈述申辩内容.' }) statement: string,
    @Context() ctx: RequestContext,
    @Args('receivedAt', { type: () => Date, nullable: true, description: '收到时间 (default now): not before the notice, not in the future.' })
    receivedAt?: Date | null,
  ) {
    return this.blacklist.recordStatement(callerOf(ctx), entryId, statement, receivedAt);
  }

  @Roles(...BUREAU)
  @Mutation(() => BlacklistEntryModel, { description: '答复陈述申辩: the answer, before the decision; accepted means no listing (the entry is REMOVED). By an INSPECTOR, SQUAD_LEADER or SUPERVISOR of a county-level or higher unit on the case\'s handling line.' })
  answerBlacklistStatement(
    @Args('entryId', { type: () => ID, description: '名单条目.' }) entryId: string,
    @Args('answer', { description: '复核意见.' }) answer: string,
    @Args('accepted', { description: '是否采纳.' }) accepted: boolean,
    @Context() ctx: RequestContext,
  ) {
    return this.blacklist.answerStatement(callerOf(ctx), entryId, answer, accepted);
  }

  @Roles(...BUREAU)
  @Mutation(() => BlacklistRepairModel, {
    description: '提前移出申请（信用修复）: recorded on the party’s application, with its written integrity commitment, 6 months or more after full payment. By an INSPECTOR, SQUAD_LEADER or SUPERVISOR of a county-level or higher unit on the case\'s handling line.',
  })
  applyForBlacklistRemoval(
    @Args('entryId', { type: () => ID, description: '名单条目.' }) entryId: string,
    @Args('applicant', { description: '申请人: the employer or party applying.' }) applicant: string,
    @Args('commitment', { description: '守信承诺书内容.' }) commitment: string,
    @Context() ctx: RequestContext,
  ) {
    return this.blacklist.applyForRepair(callerOf(ctx), entryId, applicant, commitment);
  }

  @Roles(...BUREAU)
  @Mutation(() => BlacklistRepairModel, { description: '提前移出决定: grants (the listing ends for the employer and every party) or refuses the application, with reasons. By an INSPECTOR, SQUAD_LEADER or SUPERVISOR of a county-level or higher unit on the case\'s handling line.' })
  decideBlacklistRemoval(
    @Args('applicationId', { type: () => ID, description: '申请编号.' }) applicationId: string,
    @Args('granted', { description: '是否准予提前移出.' }) granted: boolean,
    @Args('reason', { description: '决定理由.' }) reason: string,
    @Context() ctx: RequestContext,
  ) {
    return this.blacklist.decideRepair(callerOf(ctx), applicationId, granted, reason);
  }

  @ResolveField(() => Unit, { nullable: true, description: '认定单位.' })
  confirmedUnit(@Parent() i: ArrearsIncidentModel, @Context() ctx: RequestContext) {
    return i.confirmedUnitCode ? this.units.byCode(ctx.loaders).load(i.confirmedUnitCode) : null;
  }
}
