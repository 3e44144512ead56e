import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CalendarModule } from '../calendar/calendar.module';
import { EmployersModule } from '../employers/employers.module';
import { UnitsModule } from '../units/units.module';
import { AssistanceRequestResolver, CaseEventResolver, CaseLinkResolver, SupervisionOrderResolver } from './case-parts.resolver';
import { CaseEventsBus } from './case-events.bus';
import { CaseHooks } from './case-hooks';
import { CaseQueriesService } from './case-queries.service';
import { CasesResolver } from './cases.resolver';
import { CasesService } from './cases.service';
import { SupervisionService } from './supervision.service';

@Module({
  imports: [AuthModule, UnitsModule, EmployersModule, CalendarModule],
  providers: [
    CaseEventsBus,
    CaseHooks,
    CaseQueriesService,
    CasesService,
    SupervisionService,
    CasesResolver,
    CaseLinkResolver,
    CaseEventResolver,
    SupervisionOrderResolver,
    AssistanceRequestResolver,
  ],
  exports: [CasesService, CaseQueriesService, CaseEventsBus, CaseHooks],
})
export class CasesModule {}
