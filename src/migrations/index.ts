import { Foundation1764200000000 } from './1764200000000-Foundation';
import { Cases1764300000000 } from './1764300000000-Cases';
import { WageClaims1764400000000 } from './1764400000000-WageClaims';
import { GridSupervision1764500000000 } from './1764500000000-GridSupervision';
import { SweepIndexes1764600000000 } from './1764600000000-SweepIndexes';
import { StatsIndexes1764700000000 } from './1764700000000-StatsIndexes';
import { AuditChain1764900000000 } from './1764900000000-AuditChain';
import { AccountDeactivation1764910000000 } from './1764910000000-AccountDeactivation';
import { BlacklistParties1765000000000 } from './1765000000000-BlacklistParties';
import { PublishedBlacklistCount1765000000001 } from './1765000000001-PublishedBlacklistCount';
import { BlacklistClocks1765000000002 } from './1765000000002-BlacklistClocks';
import { SupervisionOrderList1765200000000 } from './1765200000000-SupervisionOrderList';
import { PublicResults1765300000000 } from './1765300000000-PublicResults';
import { CaseUrgencyOrder1765400000000 } from './1765400000000-CaseUrgencyOrder';
import { AuditChainAfterCommit1765500000000 } from './1765500000000-AuditChainAfterCommit';
import { ClaimVisibilityByCode1765500000001 } from './1765500000001-ClaimVisibilityByCode';
import { CaseUnitStats1765510000000 } from './1765510000000-CaseUnitStats';

/** Every migration, oldest first: listed here so that ts-node, jest and the build all find them. */
export const MIGRATIONS = [
  Foundation1764200000000,
  Cases1764300000000,
  WageClaims1764400000000,
  GridSupervision1764500000000,
  SweepIndexes1764600000000,
  StatsIndexes1764700000000,
  AuditChain1764900000000,
  AccountDeactivation1764910000000,
  BlacklistParties1765000000000,
  PublishedBlacklistCount1765000000001,
  BlacklistClocks1765000000002,
  SupervisionOrderList1765200000000,
  PublicResults1765300000000,
  CaseUrgencyOrder1765400000000,
  AuditChainAfterCommit1765500000000,
  ClaimVisibilityByCode1765500000001,
  CaseUnitStats1765510000000,
];
