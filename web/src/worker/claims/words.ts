import type { CaseStatus, ClaimStatus } from '../../gql/graphql';

/** A claim's status as the worker reads it. */
export const CLAIM_STATUS: Record<ClaimStatus, string> = {
  SUBMITTED: '等待答复',
  ACCEPTED: '已受理，正在办理',
  REJECTED: '不予受理',
  WITHDRAWN: '已撤回',
  RESOLVED: '已办结',
};

export const CASE_STATUS: Record<CaseStatus, string> = {
  RECEIVED: '已受理',
  FILED: '立案调查中',
  RECTIFICATION_ORDERED: '已责令用人单位支付',
  PENALTY_DECIDED: '已作出处罚',
  TRANSFERRED_TO_POLICE: '已移送公安机关',
  CLOSED: '已结案',
  REJECTED: '不予立案',
};
