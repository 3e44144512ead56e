/**
 * Every statutory period the server counts with, in one place: the clocks (cases, claims,
 * assistance, the blacklist) import these, and the public page of procedures and time limits
 * (四公开: 办事程序、依据、时限) is generated from them, so that the page cannot say one thing while
 * the clocks count another.
 */

/** 受理: a complaint or claim is answered (accepted or refused) within 5 working days. */
export const ACCEPTANCE_DAYS = 5;
/** 调查: an investigation ends within 60 working days of filing (劳动保障监察条例 第十七条). */
export const HANDLING_DAYS = 60;
/** 延长: once, by up to 30 working days, approved by the bureau head (same article). */
export const EXTENSION_DAYS = 30;
/** 协查: an assistance request is answered within 10 working days (local agreements). */
export const ASSISTANCE_DAYS = 10;
/** 时效: arrears ended more than 2 years ago are not pursued (劳动保障监察条例 第二十条). */
export const TIME_BAR_YEARS = 2;
/** 失信名单: the objection window before listing, in working days. */
export const OBJECTION_WORKING_DAYS = 10;
/** 失信名单: how long an employer stays listed. */
export const LISTING_YEARS = 3;
/** 失信名单: early removal no sooner than this many months after full payment. */
export const REMOVAL_AFTER_MONTHS = 6;
/** 提前移出申请的办理期限 (信用修复), working days (docs/RULES.md). */
export const REPAIR_DECISION_WORKING_DAYS = 15;

/** The laws the procedures rest on, as the public page cites them. */
export const LAWS = {
  wagePayment: '《保障农民工工资支付条例》（国务院令第724号）',
  inspection: '《劳动保障监察条例》（国务院令第423号）',
  inspectionRules: '《关于实施〈劳动保障监察条例〉若干规定》（劳动和社会保障部令第25号）',
  blacklist: '《拖欠农民工工资失信联合惩戒对象名单管理暂行办法》（人力资源社会保障部令第45号）',
} as const;

/** The bounds a wage claim is checked against (WageClaimsService.validate); the worker's form explains them. */
export const CLAIM_BOUNDS = {
  employerNameMin: 2,
  employerNameMax: 100,
  projectNameMax: 100,
  /** Yuan. */
  amountMax: 100_000_000,
  workersMin: 1,
  workersMax: 10_000,
  descriptionMin: 10,
  descriptionMax: 2000,
} as const;
