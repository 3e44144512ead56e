import { assistanceSubject } from '../access/ability.factory';
import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Clock } from '../../common/clock';
import { RequestContext } from '../access/request-context';
import { PiiCipher } from '../../common/pii';
import { toUserModel, UserModel } from '../auth/user.model';
import { UsersService } from '../auth/users.service';
import { Unit } from '../units/unit.entity';
import { UnitsService } from '../units/units.service';
import { AssistanceRequestModel, CaseEventModel, CaseLinkModel, CaseModel, SupervisionOrderModel, toCaseModel } from './case.model';
import { CaseQueriesService } from './case-queries.service';
import { caseNotFound } from './case.errors';

/** Relations of the records that hang off a case, each through a per-request loader. */
@Resolver(() => CaseLinkModel)
export class CaseLinkResolver {
  constructor(private readonly units: UnitsService) {}

  @ResolveField(() => Unit, { description: '关联的单位.' })
  unit(@Parent() link: CaseLinkModel, @Context() ctx: RequestContext) {
    return this.units.byCode(ctx.loaders).load(link.unitCode);
  }
}

@Resolver(() => CaseEventModel)
export class CaseEventResolver {
  constructor(
    private readonly users: UsersService,
    private readonly pii: PiiCipher,
  ) {}

  @ResolveField(() => UserModel, { nullable: true, description: '操作人; null for what the server did itself (e.g. the overdue sweep).' })
  async actor(@Parent() e: CaseEventModel, @Context() ctx: RequestContext): Promise<UserModel | null> {
    if (!e.actorId) return null;
    const user = await this.users.byId(ctx.loaders).load(e.actorId);
    return user ? toUserModel(user, this.pii, ctx.user?.id) : null;
  }
}

@Resolver(() => SupervisionOrderModel)
export class SupervisionOrderResolver {
  constructor(
    private readonly units: UnitsService,
    private readonly queries: CaseQueriesService,
    private readonly clock: Clock,
  ) {}

  @ResolveField(() => CaseModel, { description: '督办的案件.' })
  async case(@Parent() o: SupervisionOrderModel, @Context() ctx: RequestContext) {
    const c = await this.queries.visibleById(ctx.loaders, ctx.ability!).load(o.caseId);
    if (!c) throw caseNotFound();
    return toCaseModel(c, this.clock.now());
  }

  @ResolveField(() => Unit, { description: '督办单位: a unit above the handling unit.' })
  issuingUnit(@Parent() o: SupervisionOrderModel, @Context() ctx: RequestContext) {
    return this.units.byCode(ctx.loaders).load(o.issuingUnitCode);
  }
}

@Resolver(() => AssistanceRequestModel)
export class AssistanceRequestResolver {
  constructor(
    private readonly units: UnitsService,
    private readonly queries: CaseQueriesService,
    private readonly clock: Clock,
  ) {}

  @ResolveField(() => CaseModel, { description: '协查的案件.' })
  async case(@Parent() r: AssistanceRequestModel, @Context() ctx: RequestContext) {
    const c = await this.queries.visibleById(ctx.loaders, ctx.ability!).load(r.caseId);
    if (!c) throw caseNotFound();
    return toCaseModel(c, this.clock.now());
  }

  @ResolveField(() => Unit, { description: '被请求协查的单位.' })
  toUnit(@Parent() r: AssistanceRequestModel, @Context() ctx: RequestContext) {
    return this.units.byCode(ctx.loaders).load(r.toUnitCode);
  }

  @ResolveField(() => Boolean, {
    description: '可答复: true while unanswered when the caller may answer it (answerAssistance), by the rule the mutation enforces.',
  })
  async canAnswer(@Parent() r: AssistanceRequestModel, @Context() ctx: RequestContext): Promise<boolean> {
    if (r.answer !== null || !ctx.ability) return false;
    const unit = await this.units.byCode(ctx.loaders).load(r.toUnitCode);
    return !!unit && ctx.ability.can('answer', assistanceSubject(unit.path));
  }
}
