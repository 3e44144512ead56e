import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CalendarModule } from '../calendar/calendar.module';
import { CasesModule } from '../cases/cases.module';
import { EmployersModule } from '../employers/employers.module';
import { UnitsModule } from '../units/units.module';
import { BlacklistEntriesResolver, BlacklistEntryResolver, EmployerBlacklistedResolver } from './blacklist-entries.resolver';
import { BlacklistStepsResolver } from './blacklist.resolver';
import { BlacklistService } from './blacklist.service';
import { PublishedBlacklistResolver } from './published-blacklist.resolver';
import { PublishedBlacklistService } from './published-blacklist.service';
import { RiskService } from './risk.service';
import { WarningsResolver } from './warnings.resolver';
import { WarningsService } from './warnings.service';

/** Supervision of employers: the risk rating and early warnings (预警), and the blacklist (失信名单). */
@Module({
  imports: [AuthModule, UnitsModule, EmployersModule, CasesModule, CalendarModule],
  providers: [
    RiskService,
    WarningsService,
    WarningsResolver,
    BlacklistService,
    BlacklistEntriesResolver,
    BlacklistEntryResolver,
    EmployerBlacklistedResolver,
    BlacklistStepsResolver,
    PublishedBlacklistService,
    PublishedBlacklistResolver,
  ],
  exports: [RiskService],
})
export class SupervisionModule {}
