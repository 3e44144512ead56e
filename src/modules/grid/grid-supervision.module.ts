import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CasesModule } from '../cases/cases.module';
import { BlacklistService } from './blacklist.service';
import { EmployerRegistryService } from './employer-registry.service';
import { GridModule } from './grid.module';
import {
  BlacklistEntryResolver,
  GridSupervisionResolver,
  InspectionResolver,
  UnitStatsResolver,
  WarningResolver,
} from './grid-supervision.resolver';
import { OverdueSweepService } from './overdue-sweep.service';
import { PublishedBlacklistResolver } from './published-blacklist.resolver';
import { PublishedBlacklistService } from './published-blacklist.service';
import { RiskService } from './risk.service';
import { StatsService } from './stats.service';
import { WarningsService } from './warnings.service';

/**
 * The supervision side of the grid module: employer register, inspections, early warnings,
 * blacklist, statistics and the overdue sweep. Separate from GridModule (units, employers as
 * cases need them) because it follows cases, which themselves stand on GridModule.
 */
@Module({
  imports: [AuthModule, GridModule, CasesModule],
  providers: [
    RiskService,
    EmployerRegistryService,
    WarningsService,
    BlacklistService,
    PublishedBlacklistService,
    PublishedBlacklistResolver,
    StatsService,
    OverdueSweepService,
    GridSupervisionResolver,
    InspectionResolver,
    WarningResolver,
    BlacklistEntryResolver,
    UnitStatsResolver,
  ],
  exports: [RiskService, OverdueSweepService],
})
export class GridSupervisionModule {}
