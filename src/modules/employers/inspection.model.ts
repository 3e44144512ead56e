import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('Inspection', { description: '巡查记录: a grid assistant\'s or township inspector\'s visit to an employer of the grid; a violation found raises a YELLOW warning.' })
export class InspectionModel {
  @Field(() => ID, { description: '巡查编号 (UUID).' })
  id: string;

  @Field({ description: '巡查时间: when it was recorded.' })
  inspectedAt: Date;

  @Field({ description: '巡查情况: what was found (2 to 5000 characters).' })
  findings: string;

  @Field({ description: '是否发现违法.' })
  violationFound: boolean;

  employerId: string;
  gridCode: string;
  inspectorId: string;
}
