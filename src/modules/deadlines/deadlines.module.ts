import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { CasesModule } from '../cases/cases.module';
import { SupervisionModule } from '../supervision/supervision.module';
import { HolidayScheduleResolver } from './holiday-schedule.resolver';
import { OverdueSweepService } from './overdue-sweep.service';

/**
 * The clocks' events: the overdue sweep (marks what passed its statutory deadline and tells whoever
 * follows it) and a loaded holiday schedule (recomputes every open deadline).
 */
@Module({
  imports: [CalendarModule, CasesModule, SupervisionModule],
  providers: [OverdueSweepService, HolidayScheduleResolver],
  exports: [OverdueSweepService],
})
export class DeadlinesModule {}
