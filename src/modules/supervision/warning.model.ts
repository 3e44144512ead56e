import { Field, ID, ObjectType } from '@nestjs/graphql';
import { RiskLevel } from '../employers/risk-level.enum';

@ObjectType('Warning')
export class WarningModel {
  @Field(() => ID)
  id: string;

  @Field(() => RiskLevel)
  level: RiskLevel;

  @Field(() => [String])
  reasons: string[];

  @Field()
  raisedAt: Date;

  @Field(() => Date, { nullable: true })
  resolvedAt: Date | null;

  employerId: string;
  unitCode: string;
}
