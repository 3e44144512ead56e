import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { Public } from '../access/access.decorator';
import { FieldCost, ListSize } from '../../common/graphql/cost';
import { ClaimBoundsModel, claimBounds, PUBLISHED_PROCEDURES, PublicProcedureModel, publicProcedures } from './public-procedure';
import { PublicResultsModel } from './public-results.models';
import { PublicResultsService } from './public-results.service';

/**
 * What one publicResults costs besides its fields (two aggregates of the yearly sums: the unit's
 * and its children's). Every operation that reads it is held to the anonymous budget
 * (GRAPHQL_MAX_COST_ANONYMOUS, 1000), so that no caller fans one request out into many
 * aggregates: the results page's query (with its 200 possible children, about 800) fits, two
 * bare aliases fit, a third does not.
 */
export const PUBLIC_RESULTS_COST = 400;

/** 四公开: what the bureaus publish to anyone, signed in or not. */
@Resolver()
export class PublicResolver {
  constructor(private readonly results: PublicResultsService) {}

  @Public()
  @ListSize(PUBLISHED_PROCEDURES)
  @Query(() => [PublicProcedureModel], {
    description: '四公开 · 办事程序、依据、时限 (the procedures of a wage claim, a case and the blacklist, with their legal basis and the statutory time limits the server counts with). Public.',
  })
  publicProcedures(): PublicProcedureModel[] {
    return publicProcedures();
  }

  @Public()
  @Query(() => ClaimBoundsModel, { description: '欠薪线索填写要求 (the bounds submitWageClaim checks, for forms to explain beforehand). Public.' })
  claimBounds(): ClaimBoundsModel {
    return claimBounds();
  }

  @Public()
  @FieldCost(PUBLIC_RESULTS_COST, { anonymousBudget: true })
  @Query(() => PublicResultsModel, {
    description:
      '四公开 · 结果 (a unit\'s results for a year and its child units\', for drill-down from the country to townships; no personal data, small figures withheld). Public, held to the anonymous cost budget whoever asks, served from a short cache.',
  })
  publicResults(
    @Args('unitCode', { type: () => String, nullable: true, description: '单位代码 (a province, city, county or township); null for the whole country, whose children are the provinces.' })
    unitCode: string | null,
    @Args('year', { type: () => Int, nullable: true, description: '年度 (default: this year in Asia/Shanghai).' }) year: number | null,
  ): Promise<PublicResultsModel> {
    return this.results.results(unitCode ?? null, year ?? null);
  }
}
