import { Args, Context, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ListSize } from '../../common/graphql/cost';
import { RequestContext } from '../access/request-context';
import { Public } from '../access/access.decorator';
import { MAX_CHILD_UNITS, Unit, UNIT_LEVELS } from './unit.entity';
import { UnitsService } from './units.service';
import { pathCodes } from '../access/unit-level';

@Resolver(() => Unit)
export class UnitsResolver {
  constructor(private readonly unitsService: UnitsService) {}

  @Public()
  @Query(() => Unit, { nullable: true, description: 'Public. Rate-limited per client (TOO_MANY_REQUESTS).' })
  unit(@Args('code', { description: '区划代码 (e.g. 411329).' }) code: string): Promise<Unit | null> {
    return this.unitsService.findByCode(code);
  }

  @Public()
  @ListSize(MAX_CHILD_UNITS)
  @Query(() => [Unit], { description: 'Public. Provinces when parentCode is null. Rate-limited per client (TOO_MANY_REQUESTS).' })
  units(@Args('parentCode', { type: () => String, nullable: true, description: '上级单位代码; null for the provinces.' }) parentCode: string | null): Promise<Unit[]> {
    return this.unitsService.children(parentCode ?? null);
  }

  @Public()
  @ListSize(50)
  @Query(() => [Unit], {
    description: '按名称找乡镇（街道）和村（社区） (townships and villages whose name contains the text, shortest names first; at most `first`, default 20). Public: the claim form\'s workplace search.',
  })
  searchUnits(
    @Args('name', { description: '名称中的字 (part of the name, at least 2 characters).' }) name: string,
    @Args('first', { type: () => Int, nullable: true, description: '条数 (1 to 50, default 20).' }) first: number | null,
  ): Promise<Unit[]> {
    return this.unitsService.searchByName(name, first ?? 20);
  }

  @ResolveField(() => Unit, { nullable: true, description: '上级单位; null for a province.' })
  parent(@Parent() unit: Unit, @Context() ctx: RequestContext): Promise<Unit | null> | null {
    return unit.parentCode ? this.unitsService.byCode(ctx.loaders).load(unit.parentCode) : null;
  }

  @ListSize(UNIT_LEVELS)
  @ResolveField(() => [Unit], { description: 'From the province down to the parent.' })
  async ancestors(@Parent() unit: Unit, @Context() ctx: RequestContext): Promise<Unit[]> {
    const codes = pathCodes(unit.path).slice(0, -1);
    const found = await this.unitsService.byCode(ctx.loaders).loadMany(codes);
    return found.filter((u): u is Unit => u instanceof Unit);
  }

  @ListSize(MAX_CHILD_UNITS)
  @ResolveField(() => [Unit], { description: '下级单位, in code order.' })
  children(@Parent() unit: Unit, @Context() ctx: RequestContext): Promise<Unit[]> {
    return this.unitsService.childrenOf(ctx.loaders).load(unit.code);
  }
}
