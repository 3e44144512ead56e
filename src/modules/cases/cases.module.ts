import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { GridModule } from '../grid/grid.module';
import { CalendarResolver } from './calendar/calendar.resolver';
import { CalendarService } from './calendar/calendar.service';
import { AssistanceRequestResolver, CaseEventResolver, CaseLinkResolver, SupervisionOrderResolver } from './case-parts.resolver';
import { CaseEventsBus } from './case-events.bus';
import { CaseHooks } from './case-hooks';
import { CaseQueriesService } from './case-queries.service';
import { CasesResolver } from './cases.resolver';
import { CasesService } from './cases.service';
import { SupervisionService } from './supervision.service';

@Module({
  imports: [AuthModule, GridModule],
  providers: [
    CaseEventsBus,
    CaseHooks,
    CalendarService,
    CaseQueriesService,
    CasesService,
    SupervisionService,
    CasesResolver,
    CaseLinkResolver,
    CaseEventResolver,
    SupervisionOrderResolver,
    AssistanceRequestResolver,
    CalendarResolver,
  ],
  exports: [CasesService, CaseQueriesService, CalendarService, CaseEventsBus, CaseHooks],
})
export class CasesModule {}
