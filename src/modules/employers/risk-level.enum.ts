import { registerEnumType } from '@nestjs/graphql';

export enum RiskLevel {
  NONE = 'NONE',
  YELLOW = 'YELLOW',
  ORANGE = 'ORANGE',
  RED = 'RED',
}
registerEnumType(RiskLevel, { name: 'RiskLevel' });
