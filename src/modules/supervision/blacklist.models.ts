import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '../../common/graphql/connection';
import { ListSize } from '../../common/graphql/cost';
import { DateScalar } from '../../common/scalars';
import { Unit } from '../units/unit.entity';

/** The most persons one listing names (法定代表人/主要负责人, 直接负责的主管人员, 其他直接责任人员): the service refuses more. */
export const MAX_BLACKLIST_PARTIES = 10;
/** The most early-removal applications one entry keeps: the service refuses another once this many were decided. */
export const MAX_BLACKLIST_REPAIRS = 10;

/** 列入依据: which condition of Art. 5 the listing rests on. */
export enum BlacklistBasis {
  THRESHOLD = 'THRESHOLD',
  INCIDENT = 'INCIDENT',
}
registerEnumType(BlacklistBasis, {
  name: 'BlacklistBasis',
  description: '列入情形: the condition of Art. 5 of 人社部令第45号 the listing rests on.',
  valuesMap: {
    THRESHOLD: { description: '第五条第（一）项: arrears reach the province’s amount for 拒不支付劳动报酬罪.' },
    INCIDENT: { description: '第五条第（二）项: the arrears caused a 群体性事件 or 极端事件 with a serious social impact.' },
  },
});

/** 当事人 other than the employer itself. */
export enum BlacklistPartyRole {
  LEGAL_REPRESENTATIVE = 'LEGAL_REPRESENTATIVE',
  PRINCIPAL = 'PRINCIPAL',
  RESPONSIBLE_MANAGER = 'RESPONSIBLE_MANAGER',
  OTHER_RESPONSIBLE = 'OTHER_RESPONSIBLE',
}
registerEnumType(BlacklistPartyRole, {
  name: 'BlacklistPartyRole',
  description: '当事人身份: the role for which a person is listed with the employer.',
  valuesMap: {
    LEGAL_REPRESENTATIVE: { description: '法定代表人.' },
    PRINCIPAL: { description: '主要负责人 (where the employer has no legal representative).' },
    RESPONSIBLE_MANAGER: { description: '直接负责的主管人员.' },
    OTHER_RESPONSIBLE: { description: '其他直接责任人员.' },
  },
});

export enum IncidentKind {
  MASS = 'MASS',
  EXTREME = 'EXTREME',
}
registerEnumType(IncidentKind, {
  name: 'ArrearsIncidentKind',
  description: '事件类型: the kind of incident the arrears caused.',
  valuesMap: { MASS: { description: '群体性事件.' }, EXTREME: { description: '极端事件.' } },
});

@ObjectType('BlacklistParty', { description: '当事人: a person listed with the employer. The ID number is never returned in full.' })
export class BlacklistPartyModel {
  @Field(() => ID, { description: '当事人编号.' })
  id: string;

  @Field(() => BlacklistPartyRole, { description: '身份: legal representative, principal, manager or other responsible person.' })
  role: BlacklistPartyRole;

  @Field({ description: '姓名 (as the listing decision names the person).' })
  name: string;

  @Field({ description: '身份证号码（脱敏）: e.g. 410***********1234.' })
  idCardMasked: string;

  @Field({ description: '列入时间起算: when the person was added to the proposal.' })
  addedAt: Date;

  entryId: string;
}

@ObjectType('ArrearsIncident', {
  description: '欠薪引发的群体性事件/极端事件: recorded on a case by a squad leader, confirmed by the county or a higher unit (Art. 5(2)).',
})
export class ArrearsIncidentModel {
  @Field(() => ID, { description: '事件编号.' })
  id: string;

  @Field(() => IncidentKind, { description: '事件类型.' })
  kind: IncidentKind;

  @Field(() => DateScalar, { description: '发生日期 (Asia/Shanghai calendar day).' })
  occurredOn: string;

  @Field({ description: '发生地点.' })
  place: string;

  @Field({ description: '事件经过及社会影响.' })
  description: string;

  @Field({ description: '记录时间.' })
  recordedAt: Date;

  @Field(() => Date, { nullable: true, description: '县级以上认定时间: null until the county or a higher unit confirms it.' })
  confirmedAt: Date | null;

  @Field(() => Unit, { nullable: true, description: '认定单位: the county-level or higher unit that confirmed it.' })
  confirmedUnit?: Unit | null;

  caseId: string;
  recordedBy: string;
  confirmedUnitCode: string | null;
}

@ObjectType('BlacklistNotice', { description: '列入前书面告知: the written prior notice to the parties (facts, reasons, legal basis, right to state their case).' })
export class BlacklistNoticeModel {
  @Field({ description: '告知时间.' })
  servedAt: Date;

  @Field({ description: '事实: the facts found.' })
  facts: string;

  @Field({ description: '理由.' })
  reasons: string;

  @Field({ description: '依据: the provision the proposal rests on.' })
  legalBasis: string;

  @Field({ description: '陈述申辩权利: the right to state their case, and until when.' })
  rights: string;

  @Field({ description: '陈述申辩期限: end of the statement window (10 working days after the notice).' })
  statementDueAt: Date;
}

@ObjectType('BlacklistStatement', { description: '陈述申辩: what the parties stated, and the bureau’s answer, recorded before the decision.' })
export class BlacklistStatementModel {
  @Field({ description: '陈述申辩内容.' })
  text: string;

  @Field({ description: '收到时间: within the statement window.' })
  receivedAt: Date;

  @Field(() => String, { nullable: true, description: '复核意见: the answer; null until answered.' })
  answer: string | null;

  @Field(() => Boolean, { nullable: true, description: '是否采纳: true when the statement was accepted (the proposal is then dropped).' })
  accepted: boolean | null;

  @Field(() => Date, { nullable: true, description: '答复时间.' })
  answeredAt: Date | null;
}

@ObjectType('BlacklistRepairApplication', {
  description: '信用修复（提前移出）申请: the party’s application for early removal, with the integrity commitment, and its decision.',
})
export class BlacklistRepairModel {
  @Field(() => ID, { description: '申请编号.' })
  id: string;

  @Field({ description: '申请人: the employer or party who applied.' })
  applicant: string;

  @Field({ description: '守信承诺: the written integrity commitment.' })
  commitment: string;

  @Field({ description: '改正之日: when the arrears were paid in full.' })
  correctedAt: Date;

  @Field({ description: '申请时间.' })
  appliedAt: Date;

  @Field({ description: '办理期限: the decision is due 15 working days after the application.' })
  decisionDueAt: Date;

  @Field(() => Date, { nullable: true, description: '决定时间; null while pending.' })
  decidedAt: Date | null;

  @Field(() => Boolean, { nullable: true, description: '是否准予提前移出; null while pending.' })
  granted: boolean | null;

  @Field(() => String, { nullable: true, description: '决定理由.' })
  decisionReason: string | null;

  entryId: string;
}

// ------------------------------------------------------------------ the published list

@ObjectType('PublishedBlacklistParty', { description: '公布的当事人: name and role only, never an ID number or phone.' })
export class PublishedBlacklistPartyModel {
  @Field({ description: '姓名.' })
  name: string;

  @Field(() => BlacklistPartyRole, { description: '身份.' })
  role: BlacklistPartyRole;
}

@ObjectType('PublishedBlacklistEntry', {
  description: '向社会公布的失信联合惩戒对象: a LISTED, unexpired entry as the 2022 rules publish it.',
})
export class PublishedBlacklistEntryModel {
  @Field(() => ID, { description: '名单编号.' })
  id: string;

  @Field({ description: '用人单位名称 (as the listing decision names it).' })
  employerName: string;

  @Field(() => String, { nullable: true, description: '统一社会信用代码.' })
  creditCode: string | null;

  @Field(() => Unit, { nullable: true, description: '作出列入决定的部门: the unit that decided the listing.' })
  listingUnit: Unit | null;

  @Field(() => String, { nullable: true, description: '列入决定书文号.' })
  decisionNumber: string | null;

  @Field(() => BlacklistBasis, { description: '列入情形.' })
  basis: BlacklistBasis;

  @Field({ description: '列入事由: the reasons stated in the decision.' })
  reason: string;

  @Field({ description: '违法事实: summary of the facts found.' })
  facts: string;

  @Field({ description: '列入时间.' })
  listedAt: Date;

  @Field({ description: '列入期限届满: 3 years after listing; the entry disappears then or on early removal.' })
  expiresAt: Date;

  @ListSize(MAX_BLACKLIST_PARTIES)
  @Field(() => [PublishedBlacklistPartyModel], { description: '当事人: the persons listed with the employer, names and roles.' })
  parties: PublishedBlacklistPartyModel[];
}

export const PublishedBlacklistConnection = Connection(PublishedBlacklistEntryModel, 'PublishedBlacklistEntry');

export enum BlacklistStatus {
  PROPOSED = 'PROPOSED',
  LISTED = 'LISTED',
  REMOVED = 'REMOVED',
}
registerEnumType(BlacklistStatus, {
  name: 'BlacklistStatus',
  description: '名单条目状态: where an entry stands in the listing procedure.',
  valuesMap: {
    PROPOSED: { description: 'Notice given; the employer may object. (拟列入: 已书面告知)' },
    LISTED: { description: '已列入: the listing decision was made; listed for 3 years unless removed early.' },
    REMOVED: { description: '已移出/不予列入: withdrawn before the decision, removed early (信用修复), or closed after expiry.' },
  },
});

@ObjectType('BlacklistEntry', { description: '失信联合惩戒名单条目: one proposal or listing of an employer (and its parties) for one case.' })
export class BlacklistEntryModel {
  @Field(() => ID, { description: '条目编号.' })
  id: string;

  @Field(() => BlacklistStatus, { description: '状态.' })
  status: BlacklistStatus;

  @Field({ description: '列入理由: the reasons stated in the notice and the decision.' })
  reason: string;

  @Field({ description: '告知时间: when the written notice was served (again, when a party was added).' })
  proposedAt: Date;

  @Field({ description: 'End of the objection window (10 working days after the notice).' })
  objectionDueAt: Date;

  @Field(() => Date, { nullable: true, description: '列入决定时间.' })
  listedAt: Date | null;

  @Field(() => Date, { nullable: true, description: '3 years after listing.' })
  expiresAt: Date | null;

  @Field(() => Date, { nullable: true, description: '移出时间 (or when the proposal was dropped).' })
  removedAt: Date | null;

  @Field(() => String, { nullable: true, description: '移出理由.' })
  removalReason: string | null;

  @Field(() => BlacklistBasis, { description: '列入情形: the condition of Art. 5 the proposal rests on.' })
  basis: BlacklistBasis;

  @Field({ description: '违法事实: the facts found, as the notice and the decision state them.' })
  facts: string;

  @Field({ description: '法律依据.' })
  legalBasis: string;

  @Field(() => BlacklistNoticeModel, { description: '列入前书面告知: the written notice served on the parties.' })
  notice: BlacklistNoticeModel;

  @Field(() => BlacklistStatementModel, { nullable: true, description: '陈述申辩: the parties’ statement and its answer; null when none was made.' })
  statement: BlacklistStatementModel | null;

  @Field(() => String, { nullable: true, description: '列入决定书文号.' })
  decisionNumber: string | null;

  employerId: string;
  caseId: string;
  incidentId: string | null;
  listingUnitCode: string | null;
}
