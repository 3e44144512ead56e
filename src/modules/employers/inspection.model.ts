import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('Inspection')
export class InspectionModel {
  @Field(() => ID)
  id: string;

  @Field()
  inspectedAt: Date;

  @Field()
  findings: string;

  @Field()
  violationFound: boolean;

  employerId: string;
  gridCode: string;
  inspectorId: string;
}
