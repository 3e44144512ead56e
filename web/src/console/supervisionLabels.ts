/** Chinese names for the supervision side of the contract (warnings, blacklist, supervision, clocks). */

export const riskLevelLabel: Record<string, string> = { NONE: '无', YELLOW: '黄色预警', ORANGE: '橙色预警', RED: '红色预警' };
export const riskLevelColor: Record<string, string> = { NONE: 'default', YELLOW: 'gold', ORANGE: 'orange', RED: 'red' };
/** Worst first, for sorting. */
export const riskRank: Record<string, number> = { RED: 0, ORANGE: 1, YELLOW: 2, NONE: 3 };

export const blacklistStatusLabel: Record<string, string> = { PROPOSED: '拟列入（异议期）', LISTED: '已列入', REMOVED: '已移出' };
export const blacklistStatusColor: Record<string, string> = { PROPOSED: 'orange', LISTED: 'red', REMOVED: 'default' };

export const supervisionStatusLabel: Record<string, string> = { OPEN: '待报告', REPORTED: '已报告' };

export const deadlineKindLabel: Record<string, string> = { ACCEPTANCE: '受理期限', HANDLING: '办案期限', ASSISTANCE: '协查答复期限' };
