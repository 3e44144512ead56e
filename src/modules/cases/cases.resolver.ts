import { Args, Context, ID, Info, Int, Mutation, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { selectedFields } from '../../common/graphql/selection';
import { ListSize } from '../../common/graphql/cost';
import { Clock } from '../../common/clock';
import { callerOf, RequestContext } from '../access/request-context';
import { PiiCipher } from '../../common/pii';
import { DateScalar, MoneyScalar } from '../../common/scalars';
import { caseSubject, subject } from '../access/ability.factory';
import { Authenticated, Roles } from '../access/access.decorator';
import { Role } from '../access/role.enum';
import { toUserModel, UserModel } from '../auth/user.model';
import { UsersService } from '../auth/users.service';
import { UserEntity } from '../auth/user.entity';
import { EmployerModel } from '../employers/employer.model';
import { EmployersService } from '../employers/employers.service';
import { Unit } from '../units/unit.entity';
import { UnitsService } from '../units/units.service';
import { CaseOrder, CaseOutcome, LinkReason } from './case.enums';
import { allowedCaseActions, CaseAction } from './case-actions';
import { AssistanceRequestModel, CaseConnection, CaseEventModel, CaseLinkModel, CaseModel, SupervisionOrderConnection, SupervisionOrderModel, caseColumns, toCaseModel } from './case.model';
import { CaseEventMessage, CaseEventsBus } from './case-events.bus';
import { EventStreamInterrupted, isSessionEnded, isStreamBroken, SessionEnded, SessionRevocations, StreamBroken } from '../auth/session-revocations';
import { SESSION_INVALID } from '../auth/session.service';
import { unauthenticated } from '../../common/errors';
import { CaseQueriesService } from './case-queries.service';
import { CasesService } from './cases.service';
import { CaseFilter, OpenCaseInput, SupervisionOrderFilter } from './dto/case.inputs';
import { SupervisionService } from './supervision.service';
import { ReadRouter } from '../../common/db/read-router';
import { mapNodes } from '../../common/graphql/connection';

const STAFF_ON_CASES = [Role.INSPECTOR, Role.SQUAD_LEADER, Role.SUPERVISOR, Role.ADMIN, Role.GRID_ASSISTANT];
const CASE_WORKERS = [Role.INSPECTOR, Role.SQUAD_LEADER];

@Resolver(() => CaseModel)
export class CasesResolver {
  constructor(
    private readonly commands: CasesService,
    private readonly queries: CaseQueriesService,
    private readonly supervision: SupervisionService,
    private readonly unitsService: UnitsService,
    private readonly employers: EmployersService,
    private readonly usersService: UsersService,
    private readonly bus: CaseEventsBus,
    private readonly clock: Clock,
    private readonly pii: PiiCipher,
    private readonly revocations: SessionRevocations,
    private readonly reads: ReadRouter,
  ) {}

  private model = (c: Parameters<typeof toCaseModel>[0]) => toCaseModel(c, this.clock.now());

  // ------------------------------------------------------------------ queries

  // Any signed-in caller: a worker, who sees no case, gets NOT_FOUND like anyone out of reach.
  @Authenticated()
  @Query(() => CaseModel, { nullable: true, description: 'Null (with a NOT_FOUND error) when it does not exist or is not visible to the caller, workers included. Any signed-in account.' })
  async case(@Args('id', { type: () => ID, description: '案件编号 (UUID).' }) id: string, @Context() ctx: RequestContext): Promise<CaseModel> {
    return this.model(await this.queries.findVisible(callerOf(ctx).ability, { id }));
  }

  @Authenticated()
  @Query(() => CaseModel, { nullable: true, description: 'Null (with a NOT_FOUND error) when it does not exist or is not visible to the caller, workers included. Any signed-in account.' })
  async caseByNumber(@Args('number', { description: '案号, e.g. 411329305-2026-000123.' }) number: string, @Context() ctx: RequestContext): Promise<CaseModel> {
    return this.model(await this.queries.findVisible(callerOf(ctx).ability, { number }));
  }

  @Roles(...STAFF_ON_CASES)
  @Query(() => CaseConnection, { description: 'Every case the caller may see, and only those. Staff (every role but WORKER).' })
  async cases(
    @Context() ctx: RequestContext,
    @Args('first', { type: () => Int, nullable: true, description: '每页条数: 1 to 100, default 20.' }) first?: number,
    @Args('after', { nullable: true, description: '游标: endCursor of the previous page.' }) after?: string,
    @Args('filter', { type: () => CaseFilter, nullable: true, description: '筛选 (all given conditions apply).' }) filter?: CaseFilter,
    @Args('orderBy', { type: () => CaseOrder, nullable: true, defaultValue: CaseOrder.NEWEST, description: '排序: NEWEST (default) or URGENCY; a cursor pages only the order it came from.' })
    orderBy?: CaseOrder | null,
    @Info() info?: GraphQLResolveInfo,
  ) {
    const { ability } = callerOf(ctx);
    const columns = caseColumns(info ? selectedFields(info, ['edges', 'node']) : null);
    const page = await this.reads.read(ctx, (db) => this.queries.list(ability, { first, after, filter, orderBy }, this.clock.now(), { columns, db }));
    return mapNodes(page, this.model);
  }

  @Roles(Role.INSPECTOR, Role.SQUAD_LEADER, Role.SUPERVISOR, Role.ADMIN)
  @Query(() => SupervisionOrderConnection, {
    name: 'supervisionOrders',
    description:
      '督办清单: the supervision orders (挂牌督办) on cases the caller may see, newest issued first; filter by issuing unit subtree, status, overdue. INSPECTOR, SQUAD_LEADER, SUPERVISOR or ADMIN.',
  })
  supervisionOrderList(
    @Context() ctx: RequestContext,
    @Args('first', { type: () => Int, nullable: true, description: '每页条数: 1 to 100, default 20.' }) first?: number,
    @Args('after', { nullable: true, description: '游标: endCursor of the previous page.' }) after?: string,
    @Args('filter', { type: () => SupervisionOrderFilter, nullable: true, description: '筛选.' }) filter?: SupervisionOrderFilter,
  ) {
    return this.supervision.list(callerOf(ctx).ability, { first, after, filter });
  }

  // ------------------------------------------------------------------ commands

  @Roles(Role.INSPECTOR, Role.SQUAD_LEADER, Role.SUPERVISOR)
  @Mutation(() => CaseModel, {
    description:
      '受理: opens a RECEIVED case (numbered, 5 working days to decide on filing); by an INSPECTOR, SQUAD_LEADER or SUPERVISOR at the handling unit or above it. The employer\'s registered unit and a workplace outside the handling subtree are linked.',
  })
  async openCase(@Args('input', { description: '案件信息.' }) input: OpenCaseInput, @Context() ctx: RequestContext): Promise<CaseModel> {
    return this.model(await this.commands.open(callerOf(ctx), input));
  }

  @Roles(Role.SQUAD_LEADER)
  @Mutation(() => CaseModel, { description: '立案 by a SQUAD_LEADER of the handling unit (or above it); at least two inspectors.' })
  async fileCase(
    @Args('caseId', { type: () => ID, description: '案件编号: a RECEIVED case.' }) caseId: string,
    @Args('inspectorIds', { type: () => [ID], description: '承办人: at least two distinct INSPECTOR or SQUAD_LEADER accounts of the handling unit or its county (assignableInspectors); the first is the lead.' }) inspectorIds: string[],
    @Context() ctx: RequestContext,
  ): Promise<CaseModel> {
    return this.model(await this.commands.file(callerOf(ctx), caseId, inspectorIds));
  }

  @Roles(Role.SQUAD_LEADER)
  @Mutation(() => CaseModel, { description: '不予立案: a RECEIVED case, by a SQUAD_LEADER of the handling unit or above it; the case ends REJECTED.' })
  async rejectCase(@Args('caseId', { type: () => ID, description: '案件编号: a RECEIVED case.' }) caseId: string, @Args('reason', { description: '不予立案理由: required, at most 5000 characters.' }) reason: string, @Context() ctx: RequestContext) {
    return this.model(await this.commands.reject(callerOf(ctx), caseId, reason));
  }

  @Roles(Role.INSPECTOR, Role.SQUAD_LEADER, Role.SUPERVISOR)
  @Mutation(() => CaseModel, { description: '移送: the receiving unit handles it from now; the old unit keeps read access through a link. An open case, by an INSPECTOR, SQUAD_LEADER or SUPERVISOR of the handling line.' })
  async transferCase(
    @Args('caseId', { type: () => ID, description: '案件编号: an open case; by an INSPECTOR, SQUAD_LEADER or SUPERVISOR of its handling line. A case transferred in once moves again only by a SUPERVISOR above both units (指定管辖).' }) caseId: string,
    @Args('toUnitCode', { description: '接收单位: a TOWNSHIP or COUNTY outside the handling unit\'s own subtree.' }) toUnitCode: string,
    @Args('reason', { description: '移送理由: required, at most 5000 characters.' }) reason: string,
    @Context() ctx: RequestContext,
  ) {
    return this.model(await this.commands.transfer(callerOf(ctx), caseId, toUnitCode, reason));
  }

  @Roles(Role.INSPECTOR, Role.SQUAD_LEADER, Role.SUPERVISOR)
  @Mutation(() => CaseModel, { description: '关联单位: lets another unit (and its line) see the case; by an INSPECTOR, SQUAD_LEADER or SUPERVISOR of the handling line.' })
  async linkUnit(
    @Args('caseId', { type: () => ID, description: '案件编号.' }) caseId: string,
    @Args('unitCode', { description: '单位代码: any unit but the handling unit, not yet linked (CONFLICT otherwise).' }) unitCode: string,
    @Args('reason', { type: () => LinkReason, description: '关联原因: any but TRANSFERRED_FROM, which transferCase sets.' }) reason: LinkReason,
    @Context() ctx: RequestContext,
  ) {
    return this.model(await this.commands.linkUnit(callerOf(ctx), caseId, unitCode, reason));
  }

  @Roles(Role.INSPECTOR, Role.SQUAD_LEADER, Role.SUPERVISOR)
  @Mutation(() => CaseModel, { description: '取消关联: by an INSPECTOR, SQUAD_LEADER or SUPERVISOR of the handling line; a TRANSFERRED_FROM link stays.' })
  async unlinkUnit(@Args('caseId', { type: () => ID, description: '案件编号.' }) caseId: string, @Args('unitCode', { description: '单位代码 of a linked unit.' }) unitCode: string, @Context() ctx: RequestContext) {
    return this.model(await this.commands.unlinkUnit(callerOf(ctx), caseId, unitCode));
  }

  @Roles(...CASE_WORKERS)
  @Mutation(() => CaseModel, {
    description: '责令限期改正/支付: a FILED case moves to RECTIFICATION_ORDERED; by an INSPECTOR or SQUAD_LEADER of the handling line. Unpaid after the due date, the employer turns RED.',
  })
  async orderRectification(
    @Args('caseId', { type: () => ID, description: '案件编号: a FILED case.' }) caseId: string,
    @Args('dueDate', { type: () => DateScalar, description: '限期: a day after today (Asia/Shanghai); due at its end.' }) dueDate: string,
    @Args('amountToPay', { type: () => MoneyScalar, description: '责令支付金额（元）: more than 0.' }) amountToPay: string,
    @Args('note', { type: () => String, nullable: true, description: '备注, added to the event.' }) note: string | null,
    @Context() ctx: RequestContext,
  ) {
    return this.model(await this.commands.orderRectification(callerOf(ctx), caseId, dueDate, amountToPay, note));
  }

  @Roles(...CASE_WORKERS)
  @Mutation(() => CaseModel, {
    description: '登记支付: adds to amountRecovered, from filing until closing (FILED, RECTIFICATION_ORDERED, PENALTY_DECIDED, TRANSFERRED_TO_POLICE); by an INSPECTOR or SQUAD_LEADER of the handling line.',
  })
  async recordPayment(
    @Args('caseId', { type: () => ID, description: '案件编号.' }) caseId: string,
    @Args('amount', { type: () => MoneyScalar, description: '本次追回金额（元）: more than 0; the total may reach at most twice the amount owed.' }) amount: string,
    @Args('workersPaid', { type: () => Int, description: '本次拿到工资的人数: 0 or more.' }) workersPaid: number,
    @Args('note', { type: () => String, nullable: true, description: '备注, added to the event.' }) note: string | null,
    @Context() ctx: RequestContext,
  ) {
    return this.model(await this.commands.recordPayment(callerOf(ctx), caseId, amount, workersPaid, note));
  }

  @Roles(...CASE_WORKERS)
  @Mutation(() => CaseModel, { description: '行政处罚: a FILED or RECTIFICATION_ORDERED case moves to PENALTY_DECIDED; by an INSPECTOR or SQUAD_LEADER of the handling line.' })
  async decidePenalty(
    @Args('caseId', { type: () => ID, description: '案件编号.' }) caseId: string,
    @Args('fine', { type: () => MoneyScalar, description: '罚款金额（元）: more than 0.' }) fine: string,
    @Args('basis', { description: '处罚依据: required, at most 5000 characters.' }) basis: string,
    @Context() ctx: RequestContext,
  ) {
    return this.model(await this.commands.decidePenalty(callerOf(ctx), caseId, fine, basis));
  }

  @Roles(...CASE_WORKERS)
  @Mutation(() => CaseModel, {
    description: '移送公安 (拒不支付劳动报酬罪): a FILED, RECTIFICATION_ORDERED or PENALTY_DECIDED case; the handling clock stops. By an INSPECTOR or SQUAD_LEADER of the handling line.',
  })
  async transferToPolice(@Args('caseId', { type: () => ID, description: '案件编号.' }) caseId: string, @Args('reason', { description: '移送理由: required, at most 5000 characters.' }) reason: string, @Context() ctx: RequestContext) {
    return this.model(await this.commands.transferToPolice(callerOf(ctx), caseId, reason));
  }

  @Roles(Role.SQUAD_LEADER)
  @Mutation(() => CaseModel, { description: 'Once per case, +30 working days, by a SQUAD_LEADER or above. (the SQUAD_LEADER role, at the handling unit or a unit above it), while the case is under investigation.' })
  async extendDeadline(@Args('caseId', { type: () => ID, description: '案件编号: a case under investigation (FILED, RECTIFICATION_ORDERED, PENALTY_DECIDED), not extended yet.' }) caseId: string, @Args('reason', { description: '延期理由: required, at most 5000 characters.' }) reason: string, @Context() ctx: RequestContext) {
    return this.model(await this.commands.extendDeadline(callerOf(ctx), caseId, reason));
  }

  @Roles(Role.SQUAD_LEADER)
  @Mutation(() => CaseModel, { description: '结案: a filed case (any status after FILED) is CLOSED; by a SQUAD_LEADER of the handling unit or above it.' })
  async closeCase(
    @Args('caseId', { type: () => ID, description: '案件编号.' }) caseId: string,
    @Args('outcome', { type: () => CaseOutcome, description: '结案结果: PAID_IN_FULL only when amountRecovered reaches amountOwed.' }) outcome: CaseOutcome,
    @Args('summary', { description: '结案报告摘要: required, at most 5000 characters.' }) summary: string,
    @Context() ctx: RequestContext,
  ) {
    return this.model(await this.commands.close(callerOf(ctx), caseId, outcome, summary));
  }

  @Roles(...STAFF_ON_CASES)
  @Mutation(() => CaseModel, { description: '添加备注: any staff member who sees the case, in any status.' })
  async addCaseNote(@Args('caseId', { type: () => ID, description: '案件编号.' }) caseId: string, @Args('note', { description: '备注: required, at most 5000 characters.' }) note: string, @Context() ctx: RequestContext) {
    return this.model(await this.commands.addNote(callerOf(ctx), caseId, note));
  }

  @Roles(Role.SQUAD_LEADER, Role.SUPERVISOR)
  @Mutation(() => SupervisionOrderModel, { description: '挂牌督办: on an open case, by a SQUAD_LEADER or SUPERVISOR of a unit strictly above the handling unit.' })
  issueSupervisionOrder(
    @Args('caseId', { type: () => ID, description: '案件编号: an open case.' }) caseId: string,
    @Args('instructions', { description: '督办要求: required.' }) instructions: string,
    @Args('dueDate', { type: () => DateScalar, description: '报告期限: a day after today (Asia/Shanghai); due at its end.' }) dueDate: string,
    @Context() ctx: RequestContext,
  ) {
    return this.supervision.issueOrder(callerOf(ctx), caseId, instructions, dueDate);
  }

  @Roles(...CASE_WORKERS)
  @Mutation(() => SupervisionOrderModel, { description: '督办回复: the handling line (INSPECTOR or SQUAD_LEADER) reports once on an OPEN order; it becomes REPORTED.' })
  reportOnSupervisionOrder(@Args('orderId', { type: () => ID, description: '督办编号.' }) orderId: string, @Args('report', { description: '办理情况报告: required.' }) report: string, @Context() ctx: RequestContext) {
    return this.supervision.reportOnOrder(callerOf(ctx), orderId, report);
  }

  @Roles(...CASE_WORKERS)
  @Mutation(() => AssistanceRequestModel, {
    description: '发起协查: on an open case, by an INSPECTOR or SQUAD_LEADER of the handling line; the asked unit is linked (ASSISTANCE) and answers within 10 working days.',
  })
  requestAssistance(
    @Args('caseId', { type: () => ID, description: '案件编号: an open case.' }) caseId: string,
    @Args('unitCode', { description: '协查单位: any unit but the handling unit.' }) unitCode: string,
    @Args('request', { description: '协查事项: required.' }) request: string,
    @Context() ctx: RequestContext,
  ) {
    return this.supervision.requestAssistance(callerOf(ctx), caseId, unitCode, request);
  }

  @Roles(Role.INSPECTOR, Role.SQUAD_LEADER, Role.SUPERVISOR)
  @Mutation(() => AssistanceRequestModel, { description: '答复协查: once, by an INSPECTOR, SQUAD_LEADER or SUPERVISOR of the asked unit or a unit above it.' })
  answerAssistance(@Args('requestId', { type: () => ID, description: '协查编号.' }) requestId: string, @Args('answer', { description: '协查答复: required.' }) answer: string, @Context() ctx: RequestContext) {
    return this.supervision.answerAssistance(callerOf(ctx), requestId, answer);
  }

  // ------------------------------------------------------------------ subscription

  @Authenticated()
  @Subscription(() => CaseEventModel, {
    description: 'Events of the cases the subscriber may see, as they happen; optionally within one unit\'s subtree. Any signed-in account; the subscription ends (UNAUTHENTICATED) when the session does.',
    filter: (message: CaseEventMessage | SessionEnded | StreamBroken, variables: { unitCode?: string | null }, ctx: RequestContext) =>
      isSessionEnded(message) ||
      isStreamBroken(message) ||
      (!!ctx.ability?.can('read', subject('Case', { visibleTo: message.visibleTo })) &&
        (!variables.unitCode || message.handlingLine.includes(variables.unitCode))),
    // A session that ended (logout, token reuse, deactivation) gets UNAUTHENTICATED, then the subscription completes.
    // The event bus dropping (Redis away) ends it with an error too: subscribe again later.
    resolve: (message: CaseEventMessage | SessionEnded | StreamBroken) => {
      if (isSessionEnded(message)) throw unauthenticated(SESSION_INVALID);
      if (isStreamBroken(message)) throw new EventStreamInterrupted();
      return { ...message.event, at: new Date(message.event.at) };
    },
  })
  caseEvents(@Args('unitCode', { type: () => String, nullable: true, description: '单位代码: only cases whose handling line includes this unit.' }) _unitCode: string | null, @Context() ctx: RequestContext) {
    return this.revocations.watch(callerOf(ctx).user, () => this.bus.iterator());
  }

  // ------------------------------------------------------------------ fields

  // The fields every list shows take graphql-js's own arguments (parent, args, context) without
  // parameter decorators: @nestjs/graphql then calls them directly, not through its per-call
  // parameter and pipe machinery, which cost more than the look-up itself on each row.
  @ResolveField(() => Unit, { description: '承办单位: the TOWNSHIP or COUNTY handling the case now.' })
  handlingUnit(c: CaseModel, _args: unknown, ctx: RequestContext) {
    return this.unitsService.byCode(ctx.loaders).load(c.handlingUnitCode);
  }

  @ResolveField(() => Unit, { description: 'Where the labour is used (TOWNSHIP or GRID).' })
  workplaceUnit(c: CaseModel, _args: unknown, ctx: RequestContext) {
    return this.unitsService.byCode(ctx.loaders).load(c.workplaceUnitCode);
  }

  @ResolveField(() => EmployerModel, { description: '被投诉的用人单位.' })
  async employer(c: CaseModel, _args: unknown, ctx: RequestContext): Promise<EmployerModel> {
    return (await this.employers.modelById(ctx.loaders).load(c.employerId))!;
  }

  @ListSize(20)
  @ResolveField(() => [CaseLinkModel], { description: '关联单位, oldest first.' })
  links(@Parent() c: CaseModel, @Context() ctx: RequestContext) {
    return this.queries.links(ctx.loaders).load(c.id);
  }

  @ListSize(10)
  @ResolveField(() => [UserModel], { description: '承办人: the inspectors assigned at filing, the lead first.' })
  async inspectors(@Parent() c: CaseModel, @Context() ctx: RequestContext): Promise<UserModel[]> {
    const ids = await this.queries.inspectorIds(ctx.loaders).load(c.id);
    const users = await this.usersService.byId(ctx.loaders).loadMany(ids);
    return users.filter((u): u is UserEntity => u instanceof UserEntity).map((u) => toUserModel(u, this.pii, ctx.user?.id));
  }

  @ListSize(100)
  @ResolveField(() => [CaseEventModel], { description: 'Oldest first.' })
  events(@Parent() c: CaseModel, @Context() ctx: RequestContext) {
    return this.queries.events(ctx.loaders).load(c.id);
  }

  @ListSize(10)
  @ResolveField(() => [SupervisionOrderModel], { description: '督办: the supervision orders on the case, oldest first.' })
  supervisionOrders(@Parent() c: CaseModel, @Context() ctx: RequestContext) {
    return this.supervision.ordersOf(ctx.loaders).load(c.id);
  }

  @ListSize(200)
  @ResolveField(() => [UserModel], {
    description: '可指派的承办人: inspectors and squad leaders of the handling unit or its county, the ones fileCase accepts.',
  })
  async assignableInspectors(@Parent() c: CaseModel, @Context() ctx: RequestContext): Promise<UserModel[]> {
    return (await this.queries.assignableInspectors(c.handlingPath)).map((u) => toUserModel(u, this.pii, ctx.user?.id));
  }

  @ResolveField(() => [CaseAction], {
    description:
      '可执行操作: the commands this caller may run on this case in its current status, from the same CASL rules and status machine the mutations enforce.',
  })
  async allowedActions(@Parent() c: CaseModel, @Context() ctx: RequestContext): Promise<CaseAction[]> {
    const visibleTo = await this.queries.visibleUnits(ctx.loaders).load(c.id);
    return allowedCaseActions(callerOf(ctx).ability, c, caseSubject(c, visibleTo));
  }

  @ListSize(20)
  @ResolveField(() => [AssistanceRequestModel], { description: '协查: the assistance requests of the case, oldest first.' })
  assistanceRequests(@Parent() c: CaseModel, @Context() ctx: RequestContext) {
    return this.supervision.requestsOf(ctx.loaders).load(c.id);
  }
}
