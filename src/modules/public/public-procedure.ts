import { Field, Int, ObjectType } from '@nestjs/graphql';
import {
  ACCEPTANCE_DAYS,
  ASSISTANCE_DAYS,
  CLAIM_BOUNDS,
  EXTENSION_DAYS,
  HANDLING_DAYS,
  LAWS,
  LISTING_YEARS,
  OBJECTION_WORKING_DAYS,
  REMOVAL_AFTER_MONTHS,
  TIME_BAR_YEARS,
} from '../cases/statutory';
import { ListSize } from '../../common/graphql/cost';

/** Bounds of the published procedures for the query cost (a test checks them against what is published). */
export const PUBLISHED_PROCEDURES = 3;
export const MAX_PROCEDURE_STEPS = 10;

@ObjectType('ProcedureStep', { description: '办事程序的一步：做什么、时限、依据 (one step of a public procedure: what happens, its time limit, its legal basis).' })
export class ProcedureStepModel {
  @Field({ description: '步骤 (step name).' })
  title: string;

  @Field({ description: '说明 (what happens, in plain words).' })
  description: string;

  @Field(() => String, { nullable: true, description: '时限 (the time limit in words); null when the step has none.' })
  timeLimit: string | null;

  @Field(() => Int, { nullable: true, description: '时限（工作日） (the time limit in working days, as the server counts it); null when not counted in working days.' })
  workingDays: number | null;

  @Field(() => [String], { description: '依据 (the laws and rules the step rests on).' })
  basis: string[];
}

@ObjectType('PublicProcedure', { description: '四公开 · 办事程序、依据、时限 (a published procedure: its steps, basis and time limits).' })
export class PublicProcedureModel {
  @Field({ description: '事项代码 (WAGE_CLAIM, CASE, BLACKLIST).' })
  key: string;

  @Field({ description: '事项名称 (name of the procedure).' })
  title: string;

  @Field({ description: '简介 (what it is for, in plain words).' })
  summary: string;

  @ListSize(MAX_PROCEDURE_STEPS)
  @Field(() => [ProcedureStepModel], { description: '步骤，按先后 (steps in order).' })
  steps: ProcedureStepModel[];
}

@ObjectType('ClaimBounds', { description: '提交欠薪线索时服务器检查的范围 (the bounds a wage claim is checked against, so a form can explain them beforehand).' })
export class ClaimBoundsModel {
  @Field(() => Int, { description: '用人单位名称最少字数 (minimum length of the employer name).' })
  employerNameMin: number;

  @Field(() => Int, { description: '用人单位名称最多字数 (maximum length of the employer name).' })
  employerNameMax: number;

  @Field(() => Int, { description: '项目名称最多字数 (maximum length of the project name).' })
  projectNameMax: number;

  @Field(() => Int, { description: '欠薪金额上限（元） (the largest amount, in yuan).' })
  amountMaxYuan: number;

  @Field(() => Int, { description: '涉及人数下限 (fewest workers).' })
  workersMin: number;

  @Field(() => Int, { description: '涉及人数上限 (most workers).' })
  workersMax: number;

  @Field(() => Int, { description: '情况说明最少字数 (minimum length of the description).' })
  descriptionMin: number;

  @Field(() => Int, { description: '情况说明最多字数 (maximum length of the description).' })
  descriptionMax: number;

  @Field(() => Int, { description: '时效（年）：欠薪结束超过这么多年不再查处 (the time bar in years).' })
  timeBarYears: number;

  @Field(() => Int, { description: '答复时限（工作日） (working days within which a claim is answered).' })
  answerWorkingDays: number;
}

const step = (title: string, description: string, basis: string[], workingDays: number | null = null, timeLimit: string | null = null): ProcedureStepModel => ({
  title,
  description,
  basis,
  workingDays,
  timeLimit: timeLimit ?? (workingDays === null ? null : `${workingDays}个工作日`),
});

/**
 * The published procedures, written from the constants the clocks count with (statutory.ts):
 * change a period there and the page changes with it.
 */
export function publicProcedures(): PublicProcedureModel[] {
  return [
    {
      key: 'WAGE_CLAIM',
      title: '欠薪线索（投诉举报）',
      summary: '被拖欠工资的劳动者（或其代表）向用工所在地的劳动保障监察机构反映欠薪，由所在乡镇（街道）监察中队答复并办理。',
      steps: [
        step(
          '提交',
          `用手机号实名登记后填写：用人单位名称（知道统一社会信用代码更好）、干活的村（社区）或乡镇（街道）、项目名称、欠薪期间、金额、涉及人数和情况说明。欠薪结束超过${TIME_BAR_YEARS}年的，劳动保障监察不再查处，可申请劳动仲裁或向法院起诉。`,
          [LAWS.wagePayment, `${LAWS.inspection}第二十条`],
          null,
          `欠薪结束后${TIME_BAR_YEARS}年内`,
        ),
        step('分派', '系统按干活所在地自动分给所在乡镇（街道）的劳动保障监察中队，并告知您由谁办理、监督电话。', [`${LAWS.inspection}第十三条`]),
        step(
          '答复（受理或不予受理）',
          `监察中队在${ACCEPTANCE_DAYS}个工作日内答复：受理的，并入对同一用人单位的在办案件或新立案件；不予受理的，写明理由。提交后、答复前可以撤回。`,
          [LAWS.inspectionRules],
          ACCEPTANCE_DAYS,
        ),
        step('跟进', '案件每一步（立案、责令支付、追回工资、结案）都会写进您的线索记录，您随时可以查看。', [LAWS.wagePayment]),
      ],
    },
    {
      key: 'CASE',
      title: '劳动保障监察案件（欠薪案件）',
      summary: '监察机构对用人单位拖欠工资的行为立案调查，责令支付，必要时作出行政处理、处罚或移送公安机关。一地办案，多地监管。',
      steps: [
        step('受理', `收到投诉举报或发现线索后，${ACCEPTANCE_DAYS}个工作日内决定是否立案。`, [LAWS.inspectionRules], ACCEPTANCE_DAYS),
        step('立案', '决定立案的，指派至少两名监察员（主办、协办）办理。', [`${LAWS.inspection}第十四条、第十六条`]),
        step(
          '调查',
          `自立案之日起${HANDLING_DAYS}个工作日内调查完毕；情况复杂的，经负责人批准可延长一次，最多${EXTENSION_DAYS}个工作日。需要外地协助调查的，受托方${ASSISTANCE_DAYS}个工作日内答复。`,
          [`${LAWS.inspection}第十七条`],
          HANDLING_DAYS,
          `${HANDLING_DAYS}个工作日，可延长${EXTENSION_DAYS}个工作日`,
        ),
        step('责令支付', '查实欠薪的，责令用人单位限期支付；逾期不支付的，可责令加付赔偿金，作出行政处理或处罚，涉嫌犯罪的移送公安机关。', [LAWS.wagePayment, LAWS.inspection]),
        step('结案', '记录处理结果、追回金额和拿到工资的人数；结果按单位汇总公开。', [LAWS.inspection]),
      ],
    },
    {
      key: 'BLACKLIST',
      title: '拖欠农民工工资失信联合惩戒对象名单',
      summary: '拖欠农民工工资数额达到刑事立案标准或引发群体性事件、且拒不执行责令支付的用人单位，列入失信名单并向社会公布。',
      steps: [
        step('事先告知', `列入前告知用人单位，${OBJECTION_WORKING_DAYS}个工作日内可以陈述、申辩。`, [LAWS.blacklist], OBJECTION_WORKING_DAYS),
        step('列入并公布', `列入名单的期限为${LISTING_YEARS}年，公布用人单位名称、统一社会信用代码、列入单位、日期和事由。`, [LAWS.blacklist], null, `${LISTING_YEARS}年`),
        step('提前移出', `足额支付工资并书面承诺后满${REMOVAL_AFTER_MONTHS}个月，可申请提前移出名单。`, [LAWS.blacklist], null, `足额支付后满${REMOVAL_AFTER_MONTHS}个月`),
      ],
    },
  ];
}

export function claimBounds(): ClaimBoundsModel {
  return {
    employerNameMin: CLAIM_BOUNDS.employerNameMin,
    employerNameMax: CLAIM_BOUNDS.employerNameMax,
    projectNameMax: CLAIM_BOUNDS.projectNameMax,
    amountMaxYuan: CLAIM_BOUNDS.amountMax,
    workersMin: CLAIM_BOUNDS.workersMin,
    workersMax: CLAIM_BOUNDS.workersMax,
    descriptionMin: CLAIM_BOUNDS.descriptionMin,
    descriptionMax: CLAIM_BOUNDS.descriptionMax,
    timeBarYears: TIME_BAR_YEARS,
    answerWorkingDays: ACCEPTANCE_DAYS,
  };
}
