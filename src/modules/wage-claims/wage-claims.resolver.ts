import { Injectable } from '@nestjs/common';
import { Args, Context, ID, Info, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { selectsAny } from '../../common/graphql/selection';
import { ListSize } from '../../common/graphql/cost';
import { Clock } from '../../common/clock';
import { currentAudit } from '../../common/audit/audit-scope';
import { callerOf, RequestContext } from '../access/request-context';
import { maskName, maskPhone } from '../../common/masking';
import { Authenticated, Roles } from '../access/access.decorator';
import { Role } from '../access/role.enum';
import { UserEntity } from '../auth/user.entity';
import { UsersService } from '../auth/users.service';
import { CaseStatus } from '../cases/case.enums';
import { CaseModel, toCaseModel } from '../cases/case.model';
import { CaseQueriesService } from '../cases/case-queries.service';
import { Unit } from '../units/unit.entity';
import { UnitsService } from '../units/units.service';
import { SubmitWageClaimInput, WageClaimFilter } from './dto/wage-claim.inputs';
import { ClaimHandlerModel, ClaimUpdateModel, toWageClaimModel, WageClaimConnection, WageClaimModel } from './wage-claim.model';
import { SupervisionPhoneService } from '../units/supervision-phone.service';
import { WageClaimEntity } from './wage-claim.entity';
import { WageClaimsService } from './wage-claims.service';
import { mapNodes } from '../../common/graphql/connection';

/** The claim's fields that need its claimant's account. */
const CLAIMANT_FIELDS = ['claimantName', 'claimantPhone'];

const STAFF = [Role.INSPECTOR, Role.SQUAD_LEADER, Role.SUPERVISOR, Role.ADMIN, Role.GRID_ASSISTANT];

/** The API view of claims: claimant name and phone in full for the claimant, masked for anyone else. */
@Injectable()
export class WageClaimPresenter {
  constructor(
    private readonly claims: WageClaimsService,
    private readonly usersService: UsersService,
    private readonly clock: Clock,
  ) {}

  /** `info`: the field resolving to these claims; the claimants are read only when it selects their name or phone. */
  async models(rows: WageClaimEntity[], ctx: RequestContext, info?: GraphQLResolveInfo): Promise<WageClaimModel[]> {
    if (info && !selectsAny(info, CLAIMANT_FIELDS)) {
      const now = this.clock.now();
      return rows.map((row) => toWageClaimModel(row, { name: '', phone: '' }, now));
    }
    const users = await this.usersService.byId(ctx.loaders).loadMany(rows.map((r) => r.claimantId));
    const now = this.clock.now();
    return rows.map((row, i) => {
      const user = users[i];
      const who = user instanceof UserEntity ? this.claims.claimant(user) : { name: '', phone: '' };
      const own = ctx.user?.id === row.claimantId;
      // The claimant's own name and phone, in the clear: a read of personal data, audited.
      if (own) currentAudit()?.revealed(row.id);
      return toWageClaimModel(row, own ? who : { name: maskName(who.name), phone: who.phone ? maskPhone(who.phone) : '' }, now);
    });
  }

  async connection(page: Awaited<ReturnType<WageClaimsService['list']>>, ctx: RequestContext) {
    const nodes = await this.models(page.edges.map((e) => e.node), ctx);
    return mapNodes(page, (_, i) => nodes[i]);
  }
}

@Resolver(() => WageClaimModel)
export class WageClaimsResolver {
  constructor(
    private readonly claims: WageClaimsService,
    private readonly present: WageClaimPresenter,
    private readonly unitsService: UnitsService,
    private readonly caseQueries: CaseQueriesService,
    private readonly clock: Clock,
    private readonly usersService: UsersService,
    private readonly phones: SupervisionPhoneService,
  ) {}

  @Roles(Role.WORKER)
  @Query(() => WageClaimConnection, { description: "The calling worker's own claims. WORKER, newest first." })
  async myWageClaims(
    @Context() ctx: RequestContext,
    @Args('first', { type: () => Int, nullable: true, description: '每页条数: 1 to 100, default 20.' }) first?: number,
    @Args('after', { nullable: true, description: '游标: endCursor of the previous page.' }) after?: string,
  ) {
    return this.present.connection(await this.claims.list(callerOf(ctx).ability, { first, after }), ctx);
  }

  @Authenticated()
  @Query(() => WageClaimModel, { nullable: true, description: "A worker's own claim, or a claim routed into the caller's jurisdiction. Any signed-in account; null (with a NOT_FOUND error) otherwise." })
  async wageClaim(@Args('id', { type: () => ID, description: '线索编号 (UUID).' }) id: string, @Context() ctx: RequestContext): Promise<WageClaimModel> {
    const [model] = await this.present.models([await this.claims.findVisible(callerOf(ctx).ability, id)], ctx);
    return model;
  }

  @Roles(...STAFF)
  @Query(() => WageClaimConnection, { description: "Staff: claims routed into the caller's jurisdiction. Newest first." })
  async wageClaims(
    @Context() ctx: RequestContext,
    @Args('first', { type: () => Int, nullable: true, description: '每页条数: 1 to 100, default 20.' }) first?: number,
    @Args('after', { nullable: true, description: '游标: endCursor of the previous page.' }) after?: string,
    @Args('filter', { type: () => WageClaimFilter, nullable: true, description: '筛选.' }) filter?: WageClaimFilter,
  ) {
    return this.present.connection(await this.claims.list(callerOf(ctx).ability, { first, after, filter }), ctx);
  }

  @Roles(Role.WORKER)
  @Mutation(() => WageClaimModel, {
    description: '提交欠薪线索: a WORKER submits a claim; it is routed to the workplace\'s township, which answers within 5 working days. Idempotent per idempotencyKey.',
  })
  async submitWageClaim(
    @Args('input', { description: '线索内容.' }) input: SubmitWageClaimInput,
    @Context() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<WageClaimModel> {
    const [model] = await this.present.models([await this.claims.submit(callerOf(ctx).user.id, input)], ctx, info);
    return model;
  }

  @Roles(Role.INSPECTOR, Role.SQUAD_LEADER)
  @Mutation(() => WageClaimModel, { description: 'Attaches the claim to the open case against the same employer in the routed unit, or opens one. By an INSPECTOR or SQUAD_LEADER of the routed township or a unit above it.' })
  async acceptWageClaim(@Args('claimId', { type: () => ID, description: '线索编号: a SUBMITTED claim; by an INSPECTOR or SQUAD_LEADER of the routed township or above it.' }) claimId: string, @Context() ctx: RequestContext): Promise<WageClaimModel> {
    const [model] = await this.present.models([await this.claims.accept(callerOf(ctx), claimId)], ctx);
    return model;
  }

  @Roles(Role.INSPECTOR, Role.SQUAD_LEADER)
  @Mutation(() => WageClaimModel, { description: '不予受理: refuses a SUBMITTED claim with a reason the worker reads; by an INSPECTOR or SQUAD_LEADER of the routed township or above it.' })
  async rejectWageClaim(
    @Args('claimId', { type: () => ID, description: '线索编号: a SUBMITTED claim.' }) claimId: string,
    @Args('reason', { description: '理由: required, at most 500 characters, in words the worker can read.' }) reason: string,
    @Context() ctx: RequestContext,
  ): Promise<WageClaimModel> {
    const [model] = await this.present.models([await this.claims.reject(callerOf(ctx), claimId, reason)], ctx);
    return model;
  }

  @Roles(Role.WORKER)
  @Mutation(() => WageClaimModel, { description: 'By the claimant, before acceptance. (WORKER)' })
  async withdrawWageClaim(@Args('claimId', { type: () => ID, description: '线索编号: the caller\'s own SUBMITTED claim.' }) claimId: string, @Context() ctx: RequestContext): Promise<WageClaimModel> {
    const [model] = await this.present.models([await this.claims.withdraw(callerOf(ctx), claimId)], ctx);
    return model;
  }

  @ResolveField(() => Unit, { description: '用工所在地: the TOWNSHIP or GRID the worker named.' })
  workplaceUnit(@Parent() w: WageClaimModel, @Context() ctx: RequestContext) {
    return this.unitsService.byCode(ctx.loaders).load(w.workplaceUnitCode);
  }

  @ResolveField(() => Unit, { description: 'The township (or county) that must answer it, found from the workplace.' })
  routedUnit(@Parent() w: WageClaimModel, @Context() ctx: RequestContext) {
    return this.unitsService.byCode(ctx.loaders).load(w.routedUnitCode);
  }

  @ResolveField(() => String, { nullable: true, description: '案号 of the case it was accepted into; null before.' })
  async caseNumber(@Parent() w: WageClaimModel, @Context() ctx: RequestContext): Promise<string | null> {
    return w.caseId ? ((await this.claims.caseFacts(ctx.loaders).load(w.caseId))?.number ?? null) : null;
  }

  @ResolveField(() => CaseStatus, { nullable: true, description: '案件状态 of that case, for the worker too; null before acceptance.' })
  async caseStatus(@Parent() w: WageClaimModel, @Context() ctx: RequestContext): Promise<CaseStatus | null> {
    return w.caseId ? ((await this.claims.caseFacts(ctx.loaders).load(w.caseId))?.status ?? null) : null;
  }

  @ResolveField(() => CaseModel, { nullable: true, description: 'Staff only; null for workers (and for staff who cannot see the case).' })
  async case(@Parent() w: WageClaimModel, @Context() ctx: RequestContext): Promise<CaseModel | null> {
    if (!w.caseId || !ctx.ability || ctx.ability.cannot('read', 'Case')) return null;
    const c = await this.caseQueries.visibleById(ctx.loaders, ctx.ability).load(w.caseId);
    return c ? toCaseModel(c, this.clock.now()) : null;
  }

  @ResolveField(() => ClaimHandlerModel, { description: '亮明身份 (who handles the claim and where to complain about slow or no action).' })
  async handler(@Parent() w: WageClaimModel, @Context() ctx: RequestContext): Promise<ClaimHandlerModel> {
    const handling = w.caseId ? await this.claims.caseHandlers(ctx.loaders).load(w.caseId) : null;
    const unit = (await this.unitsService.byCode(ctx.loaders).load(handling?.unitCode ?? w.routedUnitCode))!;
    let officer: { name: string; role: string; title: string } | null = null;
    if (handling?.lead) officer = { ...handling.lead, title: '主办监察员' };
    else if (w.caseId && w.decidedBy) {
      const acceptor = await this.usersService.byId(ctx.loaders).load(w.decidedBy);
      if (acceptor) officer = { name: acceptor.displayName, role: acceptor.role, title: '受理人（首问负责）' };
    }
    return {
      unit,
      officerName: officer?.name ?? null,
      officerTitle: officer?.title ?? null,
      officerRole: (officer?.role as Role) ?? null,
      supervisionPhone: await this.phones.forUnit(ctx.loaders).load(unit),
    };
  }

  @ListSize(20)
  @ResolveField(() => [ClaimUpdateModel], { description: 'What the claimant is told, oldest first.' })
  updates(@Parent() w: WageClaimModel, @Context() ctx: RequestContext) {
    return this.claims.updates(ctx.loaders).load(w.id);
  }
}

/** Staff on a case see its claims, claimant data masked. */
@Resolver(() => CaseModel)
export class CaseClaimsResolver {
  constructor(
    private readonly claimsService: WageClaimsService,
    private readonly present: WageClaimPresenter,
  ) {}

  @ListSize(100)
  @ResolveField(() => [WageClaimModel], { description: '线索: the wage claims accepted into this case (claimant data masked).' })
  async claims(@Parent() c: CaseModel, @Context() ctx: RequestContext): Promise<WageClaimModel[]> {
    return this.present.models(await this.claimsService.byCase(ctx.loaders).load(c.id), ctx);
  }
}
