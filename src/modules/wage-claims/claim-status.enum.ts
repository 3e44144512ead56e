import { registerEnumType } from '@nestjs/graphql';

export enum ClaimStatus {
  SUBMITTED = 'SUBMITTED',
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
  WITHDRAWN = 'WITHDRAWN',
  RESOLVED = 'RESOLVED',
}
registerEnumType(ClaimStatus, { name: 'ClaimStatus' });
