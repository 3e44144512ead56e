import { Foundation1764200000000 } from './1764200000000-Foundation';
import { Cases1764300000000 } from './1764300000000-Cases';
import { WageClaims1764400000000 } from './1764400000000-WageClaims';
import { GridSupervision1764500000000 } from './1764500000000-GridSupervision';
import { SweepIndexes1764600000000 } from './1764600000000-SweepIndexes';
import { StatsIndexes1764700000000 } from './1764700000000-StatsIndexes';
import { BlacklistParties1765000000000 } from './1765000000000-BlacklistParties';
import { PublicResults1765300000000 } from './1765300000000-PublicResults';

/** Every migration, oldest first: listed here so that ts-node, jest and the build all find them. */
export const MIGRATIONS = [
  Foundation1764200000000,
  Cases1764300000000,
  WageClaims1764400000000,
  GridSupervision1764500000000,
  SweepIndexes1764600000000,
  StatsIndexes1764700000000,
  BlacklistParties1765000000000,
  PublicResults1765300000000,
];
