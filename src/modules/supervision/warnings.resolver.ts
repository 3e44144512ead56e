import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ListSize } from '../../common/graphql/cost';
import { Roles } from '../access/access.decorator';
import { callerOf, RequestContext } from '../access/request-context';
import { Role } from '../access/role.enum';
import { EmployerModel } from '../employers/employer.model';
import { EmployersService } from '../employers/employers.service';
import { Unit } from '../units/unit.entity';
import { UnitsService } from '../units/units.service';
import { WarningModel } from './warning.model';
import { WARNINGS_LIST_LIMIT, WarningsService } from './warnings.service';
import { ReadRouter } from '../../common/db/read-router';

const STAFF = [Role.GRID_ASSISTANT, Role.INSPECTOR, Role.SQUAD_LEADER, Role.SUPERVISOR, Role.ADMIN];

/** 预警: open warnings, worst first. */
@Resolver(() => WarningModel)
export class WarningsResolver {
  constructor(
    private readonly warningsService: WarningsService,
    private readonly reads: ReadRouter,
  ) {}

  @Roles(...STAFF)
  @ListSize(WARNINGS_LIST_LIMIT)
  @Query(() => [WarningModel], { description: 'Open warnings of a subtree that the caller may see, worst first. Staff.' })
  warnings(@Args('unitCode', { description: '单位代码: warnings shown in this unit\'s subtree (at most 1000).' }) unitCode: string, @Context() ctx: RequestContext) {
    const { ability } = callerOf(ctx);
    return this.reads.read(ctx, (db) => this.warningsService.open(ability, unitCode, db));
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
    return (await this.employers.modelById(ctx.loaders).load(w.employerId))!;
  }

  @ResolveField(() => Unit, { description: '预警所在单位: the employer\'s grid, else registered unit, else the unit that last had a claim or case of it.' })
  unit(@Parent() w: WarningModel, @Context() ctx: RequestContext) {
    return this.units.byCode(ctx.loaders).load(w.unitCode);
  }
}
