import { Field, InputType, Int } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsInt, IsOptional, IsString, Matches } from 'class-validator';
import { DateScalar, MoneyScalar } from '../../../common/scalars';
import { ClaimStatus } from '../claim-status.enum';

/**
 * Field rules live in WageClaimsService.validate, where each failure gets a plain message for
 * a worker; here only the types.
 */
@InputType({ description: '欠薪线索: what a worker submits (the bounds are also published by claimBounds).' })
export class SubmitWageClaimInput {
  @Field({ description: '用人单位名称: 2 to 100 characters.' })
  @IsString()
  employerName: string;

  @Field(() => String, { nullable: true, description: '统一社会信用代码 (optional): 18 characters, check character verified (GB 32100).' })
  @IsOptional()
  @IsString()
  employerCreditCode?: string | null;

  @Field(() => String, { nullable: true, description: '项目名称 (optional): at most 100 characters.' })
  @IsOptional()
  @IsString()
  projectName?: string | null;

  @Field({ description: 'A TOWNSHIP or GRID code.' })
  @IsString()
  workplaceUnitCode: string;

  @Field(() => MoneyScalar, { description: '欠薪金额（元）: more than 0, at most 100,000,000.' })
  @IsString()
  amountOwed: string;

  @Field(() => DateScalar, { description: '欠薪开始日期: not after periodTo.' })
  @IsString()
  periodFrom: string;

  @Field(() => DateScalar, { description: '欠薪结束日期: not after today (Asia/Shanghai), and not more than 2 years ago (the time bar).' })
  @IsString()
  periodTo: string;

  @Field(() => Int, { description: '涉及人数: 1 to 10000.' })
  @IsInt()
  workersAffected: number;

  @Field({ description: '情况说明: 10 to 2000 characters.' })
  @IsString()
  description: string;

  @Field({ description: 'The same key from the same worker returns the first claim and creates nothing. (1 to 100 characters; reused with different content: CONFLICT)' })
  @IsString()
  idempotencyKey: string;
}

@InputType({ description: '线索筛选: conditions on wageClaims() (all given ones apply).' })
export class WageClaimFilter {
  @Field(() => [ClaimStatus], { nullable: true, description: '状态: only claims in one of these statuses.' })
  @IsOptional()
  @IsEnum(ClaimStatus, { each: true })
  status?: ClaimStatus[] | null;

  @Field(() => String, { nullable: true, description: '单位代码: only claims routed into this unit\'s subtree.' })
  @IsOptional()
  @Matches(/^\d{2,12}$/, { message: 'unitCode must be a division code' })
  unitCode?: string | null;

  @Field(() => Boolean, { nullable: true, description: '逾期: true for SUBMITTED claims past responseDueAt, false for the others.' })
  @IsOptional()
  @IsBoolean()
  overdue?: boolean | null;
}
