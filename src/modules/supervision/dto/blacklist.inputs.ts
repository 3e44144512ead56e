import { Field, InputType } from '@nestjs/graphql';
import { IsEnum, IsString } from 'class-validator';
import { DateScalar } from '../../../common/scalars';
import { BlacklistPartyRole, IncidentKind } from '../blacklist.models';

@InputType({ description: '当事人: a person to list with the employer.' })
export class BlacklistPartyInput {
  @Field({ description: '姓名.' })
  @IsString()
  name: string;

  @Field(() => BlacklistPartyRole, { description: '身份.' })
  @IsEnum(BlacklistPartyRole)
  role: BlacklistPartyRole;

  @Field({ description: '身份证号码 (18 characters): stored encrypted, never returned in full.' })
  @IsString()
  idCardNumber: string;
}

@InputType({ description: '欠薪引发的群体性事件/极端事件, as recorded on the case.' })
export class ArrearsIncidentInput {
  @Field(() => IncidentKind, { description: '事件类型.' })
  @IsEnum(IncidentKind)
  kind: IncidentKind;

  @Field(() => DateScalar, { description: '发生日期: not in the future.' })
  @IsString()
  occurredOn: string;

  @Field({ description: '发生地点.' })
  @IsString()
  place: string;

  @Field({ description: '事件经过及造成的社会影响.' })
  @IsString()
  description: string;
}
