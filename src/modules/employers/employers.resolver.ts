import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { RequestContext } from '../access/request-context';
import { EmployerModel } from './employer.model';
import { Unit } from '../units/unit.entity';
import { UnitsService } from '../units/units.service';

@Resolver(() => EmployerModel)
export class EmployersResolver {
  constructor(private readonly units: UnitsService) {}

  @ResolveField(() => Unit, { nullable: true, description: '注册地: the unit whose register holds it; null when known only from a case or claim.' })
  registeredUnit(@Parent() e: EmployerModel, @Context() ctx: RequestContext) {
    return e.registeredUnitCode ? this.units.byCode(ctx.loaders).load(e.registeredUnitCode) : null;
  }

  @ResolveField(() => Unit, { nullable: true, description: '所属网格 (a GRID unit); null until assignEmployerToGrid.' })
  grid(@Parent() e: EmployerModel, @Context() ctx: RequestContext) {
    return e.gridCode ? this.units.byCode(ctx.loaders).load(e.gridCode) : null;
  }
}
