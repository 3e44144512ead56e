import { Args, Context, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { RequestContext } from '../access/request-context';
import { Public } from '../access/access.decorator';
import { PublishedBlacklistConnection, PublishedBlacklistEntryModel } from './blacklist.models';
import { PublishedBlacklistService } from './published-blacklist.service';
import { Unit } from '../units/unit.entity';
import { UnitsService } from '../units/units.service';

/** 四公开: the published 失信联合惩戒对象名单, for anyone (the public pages render it). */
@Resolver(() => PublishedBlacklistEntryModel)
export class PublishedBlacklistResolver {
  constructor(
    private readonly published: PublishedBlacklistService,
    private readonly units: UnitsService,
  ) {}

  @Public()
  @Query(() => PublishedBlacklistConnection, {
    description:
      '公开的拖欠农民工工资失信联合惩戒对象名单: LISTED entries whose 3 years have not run out, newest listing first. ' +
      'Employer, credit code, listing unit, dates, reasons and facts, and the persons’ names and roles; never an ID number or phone. Public.',
  })
  publishedBlacklist(
    @Args('search', { type: () => String, nullable: true, description: '按用人单位名称（部分）或统一社会信用代码（完整）查询.' }) search: string | null,
    @Args('first', { type: () => Int, nullable: true, description: '每页条数: 1 to 50, default 20.' }) first: number | null,
    @Args('after', { type: () => String, nullable: true, description: '游标: endCursor of the previous page.' }) after: string | null,
  ) {
    return this.published.page({ search, first, after });
  }

  @ResolveField(() => Unit, { nullable: true, description: '作出列入决定的部门.' })
  listingUnit(@Parent() e: { listingUnitCode: string | null }, @Context() ctx: RequestContext) {
    return e.listingUnitCode ? this.units.byCode(ctx.loaders).load(e.listingUnitCode) : null;
  }
}
