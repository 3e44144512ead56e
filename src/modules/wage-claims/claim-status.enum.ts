import { registerEnumType } from '@nestjs/graphql';

export enum ClaimStatus {
  SUBMITTED = 'SUBMITTED',
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
  WITHDRAWN = 'WITHDRAWN',
  RESOLVED = 'RESOLVED',
}
registerEnumType(ClaimStatus, {
  name: 'ClaimStatus',
  description: '线索状态: where a wage claim stands.',
  valuesMap: {
    SUBMITTED: { description: '已提交: waiting for the routed township to accept or refuse (5 working days).' },
    ACCEPTED: { description: '已受理: attached to a case; follows it.' },
    REJECTED: { description: '不予受理: refused with a reason (rejectWageClaim), or its case was not filed.' },
    WITHDRAWN: { description: '已撤回 by the claimant before acceptance.' },
    RESOLVED: { description: '已办结: its case was closed.' },
  },
});
