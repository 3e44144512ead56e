import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { ListSize } from '../../common/graphql/cost';
import { DateScalar } from '../../common/scalars';
import { Roles } from '../access/access.decorator';
import { callerOf, RequestContext } from '../access/request-context';
import { Role } from '../access/role.enum';
import { MAX_CHILD_UNITS } from '../units/unit.entity';
import { UnitStatsModel } from './stats.models';
import { StatsService } from './stats.service';
import { ReadRouter } from '../../common/db/read-router';

const STAFF = [Role.GRID_ASSISTANT, Role.INSPECTOR, Role.SQUAD_LEADER, Role.SUPERVISOR, Role.ADMIN];

/** 统计: totals over a subtree and per child unit, counting what the caller may see. */
@Resolver(() => UnitStatsModel)
export class StatsResolver {
  constructor(
    private readonly stats: StatsService,
    private readonly reads: ReadRouter,
  ) {}

  @Roles(...STAFF)
  @Query(() => UnitStatsModel, { description: "Totals over the unit's subtree, counting only what the caller may see; dates bound openedAt. Staff." })
  unitStats(
    @Args('unitCode', { description: '单位代码 (any existing unit).' }) unitCode: string,
    @Args('from', { type: () => DateScalar, nullable: true, description: '起: cases opened (claims submitted) on or after this day, Asia/Shanghai.' }) from: string | null,
    @Args('to', { type: () => DateScalar, nullable: true, description: '止: on or before this day, Asia/Shanghai; not before from.' }) to: string | null,
    @Context() ctx: RequestContext,
  ) {
    const { ability } = callerOf(ctx);
    return this.reads.read(ctx, (db) => this.stats.unitStats(ability, unitCode, from, to, db));
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
    const { ability } = callerOf(ctx);
    return this.reads.read(ctx, (db) => this.stats.childUnitStats(ability, unitCode, from, to, db));
  }
}
