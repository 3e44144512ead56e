import { registerEnumType } from '@nestjs/graphql';

export enum RiskLevel {
  NONE = 'NONE',
  YELLOW = 'YELLOW',
  ORANGE = 'ORANGE',
  RED = 'RED',
}
registerEnumType(RiskLevel, {
  name: 'RiskLevel',
  description: '欠薪预警等级: an employer\'s risk from its signals, recomputed after each claim, case step and inspection (thresholds are server settings).',
  valuesMap: {
    NONE: { description: '无预警: no signal.' },
    YELLOW: { description: '黄色: RISK_CLAIMS_YELLOW (default 3) or more claims in RISK_CLAIMS_WINDOW_DAYS (default 90) days, or the latest inspection found a violation.' },
    ORANGE: { description: '橙色: RISK_CLAIMS_ORANGE (default 10) or more claims, or RISK_AMOUNT_ORANGE 元 (default 1,000,000) or more claimed, in the window.' },
    RED: { description: '红色: a payment order past its due date and not paid, or the employer is blacklisted.' },
  },
});
