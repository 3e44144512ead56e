/** Chinese names of the contract's enums, as the bureaus say them. */
export const roleLabel: Record<string, string> = {
  WORKER: '劳动者',
  GRID_ASSISTANT: '网格员',
  INSPECTOR: '监察员',
  SQUAD_LEADER: '中队长',
  SUPERVISOR: '监管人员',
  ADMIN: '系统管理员',
};

export const caseStatusLabel: Record<string, string> = {
  RECEIVED: '待立案',
  FILED: '已立案',
  RECTIFICATION_ORDERED: '已责令整改',
  PENALTY_DECIDED: '已作出处罚',
  TRANSFERRED_TO_POLICE: '已移送公安',
  CLOSED: '已结案',
  REJECTED: '不予立案',
};

export const caseStatusColor: Record<string, string> = {
  RECEIVED: 'gold',
  FILED: 'blue',
  RECTIFICATION_ORDERED: 'geekblue',
  PENALTY_DECIDED: 'purple',
  TRANSFERRED_TO_POLICE: 'magenta',
  CLOSED: 'green',
  REJECTED: 'default',
};

export const caseSourceLabel: Record<string, string> = {
  COMPLAINT: '投诉',
  REPORT: '举报',
  INSPECTION: '日常巡查',
  WAGE_CLAIM: '欠薪求助',
  SUPERVISION: '上级督办',
};

export const caseOutcomeLabel: Record<string, string> = {
  PAID_IN_FULL: '工资已全额支付',
  PARTIALLY_PAID: '部分支付',
  NO_VIOLATION: '经查无违法行为',
  TRANSFERRED: '已移送处理',
  WITHDRAWN: '投诉人撤回',
};

export const linkReasonLabel: Record<string, string> = {
  EMPLOYER_REGISTERED: '用人单位注册地',
  PROJECT_SITE: '项目所在地',
  WORKER_ORIGIN: '劳动者户籍地',
  ASSISTANCE: '协查',
  TRANSFERRED_FROM: '原办理单位（移送）',
};

export const claimStatusLabel: Record<string, string> = {
  SUBMITTED: '待受理',
  ACCEPTED: '已受理',
  REJECTED: '不予受理',
  WITHDRAWN: '已撤回',
  RESOLVED: '已办结',
};

export const unitLevelLabel: Record<string, string> = {
  PROVINCE: '省',
  CITY: '市',
  COUNTY: '县区',
  TOWNSHIP: '乡镇街道',
  GRID: '村社区',
};

export const eventTypeLabel: Record<string, string> = {
  OPENED: '登记',
  FILED: '立案',
  REJECTED: '不予立案',
  TRANSFERRED: '移送',
  LINKED: '关联单位',
  UNLINKED: '取消关联',
  RECTIFICATION_ORDERED: '责令整改',
  PAYMENT_RECORDED: '支付到账',
  PENALTY_DECIDED: '行政处罚',
  TRANSFERRED_TO_POLICE: '移送公安',
  EXTENDED: '延长办案期限',
  CLOSED: '结案',
  NOTE: '备注',
  SUPERVISION_ORDERED: '上级督办',
  SUPERVISION_REPORTED: '督办回复',
  ASSISTANCE_REQUESTED: '发起协查',
  ASSISTANCE_ANSWERED: '协查回复',
  CLAIM_ATTACHED: '并入求助',
  OVERDUE: '超期',
  BLACKLIST_PROPOSED: '提请列入失信名单',
  BLACKLISTED: '列入失信名单',
  BLACKLIST_REMOVED: '移出失信名单',
};

/**
 * An event's note as a person reads it: the server writes the enum codes it was given (a closing
 * outcome, "410102 WORKER_ORIGIN" for a link), shown here by their Chinese names.
 */
export function eventNoteText(type: string, note: string): string {
  if (type === 'CLOSED') return note.replace(/^([A-Z_]+)：/, (m, code: string) => (caseOutcomeLabel[code] ? `${caseOutcomeLabel[code]}：` : m));
  if (type === 'LINKED') return note.replace(/\b([A-Z_]{5,})\b/g, (m, code: string) => linkReasonLabel[code] ?? m);
  return note;
}
