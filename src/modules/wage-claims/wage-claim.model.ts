import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Role } from '../access/role.enum';
import { Unit } from '../units/unit.entity';
import { Connection } from '../../common/graphql/connection';
import { yuanFromDb } from '../../common/money';
import { DateScalar, MoneyScalar } from '../../common/scalars';
import { CaseStatus } from '../cases/case.enums';
import { ClaimStatus } from './claim-status.enum';
import { WageClaimEntity } from './wage-claim.entity';

@ObjectType('ClaimUpdate', { description: '线索进展: one message on the claimant\'s timeline.' })
export class ClaimUpdateModel {
  @Field({ description: '时间.' })
  at: Date;

  @Field({ description: '进展: in plain Chinese for the worker.' })
  message: string;
}

@ObjectType('WageClaim', { description: '欠薪线索: a worker\'s claim (全国根治欠薪线索反映平台), seen by the claimant and by staff of the routed township and above.' })
export class WageClaimModel {
  @Field(() => ID, { description: '线索编号 (UUID).' })
  id: string;

  @Field({ description: '线索号, e.g. WC-2026-00000123.' })
  number: string;

  @Field(() => ClaimStatus, { description: '状态.' })
  status: ClaimStatus;

  @Field({ description: '用人单位名称 as the worker wrote it.' })
  employerName: string;

  @Field(() => String, { nullable: true, description: '统一社会信用代码, when given.' })
  employerCreditCode: string | null;

  @Field(() => String, { nullable: true, description: '项目名称, when given.' })
  projectName: string | null;

  @Field(() => MoneyScalar, { description: '欠薪金额（元）.' })
  amountOwed: string;

  @Field(() => DateScalar, { description: '欠薪开始日期.' })
  periodFrom: string;

  @Field(() => DateScalar, { description: '欠薪结束日期.' })
  periodTo: string;

  @Field(() => Int, { description: '涉及人数.' })
  workersAffected: number;

  @Field({ description: '情况说明.' })
  description: string;

  @Field({ description: 'Masked (张*) unless the caller is the claimant.' })
  claimantName: string;

  @Field({ description: 'Masked (138****5678) unless the caller is the claimant.' })
  claimantPhone: string;

  @Field({ description: '提交时间.' })
  submittedAt: Date;

  @Field({ description: '5 working days after submission.' })
  responseDueAt: Date;

  @Field({ description: 'True while SUBMITTED and past responseDueAt.' })
  overdue: boolean;

  @Field(() => String, { nullable: true, description: '不予受理理由; null unless REJECTED.' })
  rejectReason: string | null;

  workplaceUnitCode: string;
  routedUnitCode: string;
  caseId: string | null;
  claimantId: string;
  decidedBy: string | null;
}

@ObjectType('ClaimHandler', {
  description: '亮明身份：谁在办理这条线索 (who handles the claim: the unit, once accepted the responsible officer, and the unit\'s supervision phone).',
})
export class ClaimHandlerModel {
  @Field(() => Unit, { description: '办理单位 (the routed township until acceptance; then the unit handling the case).' })
  unit: Unit;

  @Field(() => String, { nullable: true, description: '责任人姓名 (the responsible officer: the case\'s lead inspector once filed, before that the officer who accepted the claim); null before acceptance.' })
  officerName: string | null;

  @Field(() => String, { nullable: true, description: '责任人职责 (主办监察员 once the case is filed, 受理人（首问负责） before).' })
  officerTitle: string | null;

  @Field(() => Role, { nullable: true, description: '责任人角色 (the officer\'s role).' })
  officerRole: Role | null;

  @Field(() => String, { nullable: true, description: '监督电话 (the phone for complaints about slow or no action: the handling unit\'s, else its nearest ancestor\'s).' })
  supervisionPhone: string | null;
}

/** The API view of a claim; claimant name and phone are passed in already masked or not. */
export function toWageClaimModel(c: WageClaimEntity, claimant: { name: string; phone: string }, now: Date): WageClaimModel {
  return {
    id: c.id,
    number: c.number,
    status: c.status,
    employerName: c.employerName,
    employerCreditCode: c.employerCreditCode,
    projectName: c.projectName,
    amountOwed: yuanFromDb(String(c.amountOwed)),
    periodFrom: c.periodFrom,
    periodTo: c.periodTo,
    workersAffected: c.workersAffected,
    description: c.description,
    claimantName: claimant.name,
    claimantPhone: claimant.phone,
    submittedAt: c.submittedAt,
    responseDueAt: c.responseDueAt,
    overdue: c.status === ClaimStatus.SUBMITTED && c.responseDueAt.getTime() < now.getTime(),
    rejectReason: c.rejectReason,
    workplaceUnitCode: c.workplaceUnitCode,
    routedUnitCode: c.routedUnitCode,
    caseId: c.caseId,
    claimantId: c.claimantId,
    decidedBy: c.decidedBy,
  };
}

export const WageClaimConnection = Connection(WageClaimModel, 'WageClaim');

/** The case facts a worker may see on their claim. */
export interface ClaimCaseFacts {
  number: string;
  status: CaseStatus;
}
