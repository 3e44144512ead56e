import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { ListSize } from '../../common/graphql/cost';
import { Roles } from '../access/access.decorator';
import { callerOf, RequestContext } from '../access/request-context';
import { Role } from '../access/role.enum';
import { UnitsService } from '../units/units.service';
import { WarningModel } from './warning.model';
import { WARNINGS_LIST_LIMIT, WarningsService } from './warnings.service';
import { ReadRouter } from '../../common/db/read-router';

const STAFF = [Role.GRID_ASSISTANT, Role.INSPECTOR, Role.SQUAD_LEADER, Role.SUPERVISOR, Role.ADMIN];

/** 预警: open warnings, worst first, each with its employer and unit (read with the list). */
@Resolver(() => WarningModel)
export class WarningsResolver {
  constructor(
    private readonly warningsService: WarningsService,
    private readonly units: UnitsService,
    private readonly reads: ReadRouter,
  ) {}

  @Roles(...STAFF)
  @ListSize(WARNINGS_LIST_LIMIT)
  @Query(() => [WarningModel], { description: 'Open warnings of a subtree that the caller may see, worst first. Staff.' })
  warnings(@Args('unitCode', { description: '单位代码: warnings shown in this unit\'s subtree (at most 1000).' }) unitCode: string, @Context() ctx: RequestContext) {
    const { ability } = callerOf(ctx);
    return this.reads.read(ctx, (db) => this.warningsService.open(ability, unitCode, this.units.byCode(ctx.loaders), db));
  }
}
