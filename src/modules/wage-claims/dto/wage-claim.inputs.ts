import { Field, InputType, Int } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsInt, IsOptional, IsString, Matches } from 'class-validator';
import { DateScalar, MoneyScalar } from '../../../common/scalars';
import { ClaimStatus } from '../claim-status.enum';

/**
 * Field rules live in WageClaimsService.validate, where each failure gets a plain message for
 * a worker; here only the types.
 */
@InputType()
export class SubmitWageClaimInput {
  @Field()
  @IsString()
  employerName: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  employerCreditCode?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  projectName?: string | null;

  @Field({ description: 'A TOWNSHIP or GRID code.' })
  @IsString()
  workplaceUnitCode: string;

  @Field(() => MoneyScalar)
  @IsString()
  amountOwed: string;

  @Field(() => DateScalar)
  @IsString()
  periodFrom: string;

  @Field(() => DateScalar)
  @IsString()
  periodTo: string;

  @Field(() => Int)
  @IsInt()
  workersAffected: number;

  @Field()
  @IsString()
  description: string;

  @Field({ description: 'The same key from the same worker returns the first claim and creates nothing.' })
  @IsString()
  idempotencyKey: string;
}

@InputType()
export class WageClaimFilter {
  @Field(() => [ClaimStatus], { nullable: true })
  @IsOptional()
  @IsEnum(ClaimStatus, { each: true })
  status?: ClaimStatus[] | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^\d{2,12}$/, { message: 'unitCode must be a division code' })
  unitCode?: string | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  overdue?: boolean | null;
}
