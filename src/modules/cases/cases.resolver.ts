import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { ListSize } from '../../common/graphql/cost';
import { Clock } from '../../common/clock';
import { callerOf, RequestContext } from '../../common/graphql/request-context';
import { PiiCipher } from '../../common/pii';
import { DateScalar, MoneyScalar } from '../../common/scalars';
import { subject } from '../auth/access/ability.factory';
import { Authenticated, Roles } from '../auth/access/access.decorator';
import { Role } from '../auth/role.enum';
import { toUserModel, UserModel } from '../auth/user.model';
import { UsersService } from '../auth/users.service';
import { UserEntity } from '../auth/user.entity';
import { EmployerModel, toEmployerModel } from '../grid/employer.model';
import { EmployersService } from '../grid/employers.service';
import { Unit } from '../grid/unit.entity';
import { UnitsService } from '../grid/units.service';
import { CaseOrder, CaseOutcome, LinkReason } from './case.enums';
import { allowedCaseActions, CaseAction } from './case-actions';
import { AssistanceRequestModel, CaseConnection, CaseEventModel, CaseLinkModel, CaseModel, SupervisionOrderConnection, SupervisionOrderModel, toCaseModel } from './case.model';
import { CaseEventMessage, CaseEventsBus } from './case-events.bus';
import { EventStreamInterrupted, isSessionEnded, isStreamBroken, SessionEnded, SessionRevocations, StreamBroken } from '../auth/session-revocations';
import { SESSION_INVALID } from '../auth/session.service';
import { unauthenticated } from '../../common/errors';
import { CaseQueriesService } from './case-queries.service';
import { caseSubject, CasesService } from './cases.service';
import { CaseFilter, OpenCaseInput, SupervisionOrderFilter } from './dto/case.inputs';
import { SupervisionService } from './supervision.service';

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
  ) {}

  private model = (c: Parameters<typeof toCaseModel>[0]) => toCaseModel(c, this.clock.now());

  // ------------------------------------------------------------------ queries

  // Any signed-in caller: a worker, who sees no case, gets NOT_FOUND like anyone out of reach.
  @Authenticated()
  @Query(() => CaseModel, { nullable: true, description: 'Null (with a NOT_FOUND error) when it does not exist or is not visible to the caller, workers included.' })
  async case(@Args('id', { type: () => ID }) id: string, @Context() ctx: RequestContext): Promise<CaseModel> {
    return this.model(await this.queries.findVisible(callerOf(ctx).ability, { id }));
  }

  @Authenticated()
  @Query(() => CaseModel, { nullable: true, description: 'Null (with a NOT_FOUND error) when it does not exist or is not visible to the caller, workers included.' })
  async caseByNumber(@Args('number') number: string, @Context() ctx: RequestContext): Promise<CaseModel> {
    return this.model(await this.queries.findVisible(callerOf(ctx).ability, { number }));
  }

  @Roles(...STAFF_ON_CASES)
  @Query(() => CaseConnection, { description: 'Every case the caller may see, and only those.' })
  async cases(
    @Context() ctx: RequestContext,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { nullable: true }) after?: string,
    @Args('filter', { type: () => CaseFilter, nullable: true }) filter?: CaseFilter,
    @Args('orderBy', { type: () => CaseOrder, nullable: true, defaultValue: CaseOrder.NEWEST, description: 'NEWEST (default) or URGENCY; a cursor pages only the order it came from.' })
    orderBy?: CaseOrder | null,
  ) {
    const page = await this.queries.list(callerOf(ctx).ability, { first, after, filter, orderBy }, this.clock.now());
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: this.model(e.node) })) };
  }

  @Roles(Role.INSPECTOR, Role.SQUAD_LEADER, Role.SUPERVISOR, Role.ADMIN)
  @Query(() => SupervisionOrderConnection, {
    name: 'supervisionOrders',
    description:
      '督办清单: the supervision orders (挂牌督办) on cases the caller may see, newest issued first; filter by issuing unit subtree, status, overdue.',
  })
  supervisionOrderList(
    @Context() ctx: RequestContext,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { nullable: true }) after?: string,
    @Args('filter', { type: () => SupervisionOrderFilter, nullable: true }) filter?: SupervisionOrderFilter,
  ) {
    return this.supervision.list(callerOf(ctx).ability, { first, after, filter });
  }

  // ------------------------------------------------------------------ commands

  @Roles(Role.INSPECTOR, Role.SQUAD_LEADER, Role.SUPERVISOR)
  @Mutation(() => CaseModel)
  async openCase(@Args('input') input: OpenCaseInput, @Context() ctx: RequestContext): Promise<CaseModel> {
    return this.model(await this.commands.open(callerOf(ctx), input));
  }

  @Roles(Role.SQUAD_LEADER)
  @Mutation(() => CaseModel, { description: '立案 by a SQUAD_LEADER of the handling unit (or above it); at least two inspectors.' })
  async fileCase(
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('inspectorIds', { type: () => [ID] }) inspectorIds: string[],
    @Context() ctx: RequestContext,
  ): Promise<CaseModel> {
    return this.model(await this.commands.file(callerOf(ctx), caseId, inspectorIds));
  }

  @Roles(Role.SQUAD_LEADER)
  @Mutation(() => CaseModel)
  async rejectCase(@Args('caseId', { type: () => ID }) caseId: string, @Args('reason') reason: string, @Context() ctx: RequestContext) {
    return this.model(await this.commands.reject(callerOf(ctx), caseId, reason));
  }

  @Roles(Role.INSPECTOR, Role.SQUAD_LEADER, Role.SUPERVISOR)
  @Mutation(() => CaseModel, { description: '移送: the receiving unit handles it from now; the old unit keeps read access through a link.' })
  async transferCase(
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('toUnitCode') toUnitCode: string,
    @Args('reason') reason: string,
    @Context() ctx: RequestContext,
  ) {
    return this.model(await this.commands.transfer(callerOf(ctx), caseId, toUnitCode, reason));
  }

  @Roles(Role.INSPECTOR, Role.SQUAD_LEADER, Role.SUPERVISOR)
  @Mutation(() => CaseModel)
  async linkUnit(
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('unitCode') unitCode: string,
    @Args('reason', { type: () => LinkReason }) reason: LinkReason,
    @Context() ctx: RequestContext,
  ) {
    return this.model(await this.commands.linkUnit(callerOf(ctx), caseId, unitCode, reason));
  }

  @Roles(Role.INSPECTOR, Role.SQUAD_LEADER, Role.SUPERVISOR)
  @Mutation(() => CaseModel)
  async unlinkUnit(@Args('caseId', { type: () => ID }) caseId: string, @Args('unitCode') unitCode: string, @Context() ctx: RequestContext) {
    return this.model(await this.commands.unlinkUnit(callerOf(ctx), caseId, unitCode));
  }

  @Roles(...CASE_WORKERS)
  @Mutation(() => CaseModel)
  async orderRectification(
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('dueDate', { type: () => DateScalar }) dueDate: string,
    @Args('amountToPay', { type: () => MoneyScalar }) amountToPay: string,
    @Args('note', { type: () => String, nullable: true }) note: string | null,
    @Context() ctx: RequestContext,
  ) {
    return this.model(await this.commands.orderRectification(callerOf(ctx), caseId, dueDate, amountToPay, note));
  }

  @Roles(...CASE_WORKERS)
  @Mutation(() => CaseModel)
  async recordPayment(
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('amount', { type: () => MoneyScalar }) amount: string,
    @Args('workersPaid', { type: () => Int }) workersPaid: number,
    @Args('note', { type: () => String, nullable: true }) note: string | null,
    @Context() ctx: RequestContext,
  ) {
    return this.model(await this.commands.recordPayment(callerOf(ctx), caseId, amount, workersPaid, note));
  }

  @Roles(...CASE_WORKERS)
  @Mutation(() => CaseModel)
  async decidePenalty(
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('fine', { type: () => MoneyScalar }) fine: string,
    @Args('basis') basis: string,
    @Context() ctx: RequestContext,
  ) {
    return this.model(await this.commands.decidePenalty(callerOf(ctx), caseId, fine, basis));
  }

  @Roles(...CASE_WORKERS)
  @Mutation(() => CaseModel)
  async transferToPolice(@Args('caseId', { type: () => ID }) caseId: string, @Args('reason') reason: string, @Context() ctx: RequestContext) {
    return this.model(await this.commands.transferToPolice(callerOf(ctx), caseId, reason));
  }

  @Roles(Role.SQUAD_LEADER)
  @Mutation(() => CaseModel, { description: 'Once per case, +30 working days, by a SQUAD_LEADER or above.' })
  async extendDeadline(@Args('caseId', { type: () => ID }) caseId: string, @Args('reason') reason: string, @Context() ctx: RequestContext) {
    return this.model(await this.commands.extendDeadline(callerOf(ctx), caseId, reason));
  }

  @Roles(Role.SQUAD_LEADER)
  @Mutation(() => CaseModel)
  async closeCase(
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('outcome', { type: () => CaseOutcome }) outcome: CaseOutcome,
    @Args('summary') summary: string,
    @Context() ctx: RequestContext,
  ) {
    return this.model(await this.commands.close(callerOf(ctx), caseId, outcome, summary));
  }

  @Roles(...STAFF_ON_CASES)
  @Mutation(() => CaseModel)
  async addCaseNote(@Args('caseId', { type: () => ID }) caseId: string, @Args('note') note: string, @Context() ctx: RequestContext) {
    return this.model(await this.commands.addNote(callerOf(ctx), caseId, note));
  }

  @Roles(Role.SQUAD_LEADER, Role.SUPERVISOR)
  @Mutation(() => SupervisionOrderModel)
  issueSupervisionOrder(
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('instructions') instructions: string,
    @Args('dueDate', { type: () => DateScalar }) dueDate: string,
    @Context() ctx: RequestContext,
  ) {
    return this.supervision.issueOrder(callerOf(ctx), caseId, instructions, dueDate);
  }

  @Roles(...CASE_WORKERS)
  @Mutation(() => SupervisionOrderModel)
  reportOnSupervisionOrder(@Args('orderId', { type: () => ID }) orderId: string, @Args('report') report: string, @Context() ctx: RequestContext) {
    return this.supervision.reportOnOrder(callerOf(ctx), orderId, report);
  }

  @Roles(...CASE_WORKERS)
  @Mutation(() => AssistanceRequestModel)
  requestAssistance(
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('unitCode') unitCode: string,
    @Args('request') request: string,
    @Context() ctx: RequestContext,
  ) {
    return this.supervision.requestAssistance(callerOf(ctx), caseId, unitCode, request);
  }

  @Roles(Role.INSPECTOR, Role.SQUAD_LEADER, Role.SUPERVISOR)
  @Mutation(() => AssistanceRequestModel)
  answerAssistance(@Args('requestId', { type: () => ID }) requestId: string, @Args('answer') answer: string, @Context() ctx: RequestContext) {
    return this.supervision.answerAssistance(callerOf(ctx), requestId, answer);
  }

  // ------------------------------------------------------------------ subscription

  @Authenticated()
  @Subscription(() => CaseEventModel, {
    description: 'Events of the cases the subscriber may see, as they happen; optionally within one unit\'s subtree.',
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
  caseEvents(@Args('unitCode', { type: () => String, nullable: true }) _unitCode: string | null, @Context() ctx: RequestContext) {
    return this.revocations.watch(callerOf(ctx).user, () => this.bus.iterator());
  }

  // ------------------------------------------------------------------ fields

  @ResolveField(() => Unit)
  handlingUnit(@Parent() c: CaseModel, @Context() ctx: RequestContext) {
    return this.unitsService.byCode(ctx.loaders).load(c.handlingUnitCode);
  }

  @ResolveField(() => Unit, { description: 'Where the labour is used (TOWNSHIP or GRID).' })
  workplaceUnit(@Parent() c: CaseModel, @Context() ctx: RequestContext) {
    return this.unitsService.byCode(ctx.loaders).load(c.workplaceUnitCode);
  }

  @ResolveField(() => EmployerModel)
  async employer(@Parent() c: CaseModel, @Context() ctx: RequestContext): Promise<EmployerModel> {
    return toEmployerModel((await this.employers.byId(ctx.loaders).load(c.employerId))!);
  }

  @ListSize(20)
  @ResolveField(() => [CaseLinkModel])
  links(@Parent() c: CaseModel, @Context() ctx: RequestContext) {
    return this.queries.links(ctx.loaders).load(c.id);
  }

  @ListSize(10)
  @ResolveField(() => [UserModel])
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
  @ResolveField(() => [SupervisionOrderModel])
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
  @ResolveField(() => [AssistanceRequestModel])
  assistanceRequests(@Parent() c: CaseModel, @Context() ctx: RequestContext) {
    return this.supervision.requestsOf(ctx.loaders).load(c.id);
  }
}
