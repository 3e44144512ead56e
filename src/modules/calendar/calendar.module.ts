import { Module } from '@nestjs/common';
import { CalendarService } from './calendar.service';

/** The working-day calendar (China's holiday schedules) every statutory clock counts in. */
@Module({
  providers: [CalendarService],
  exports: [CalendarService],
})
export class CalendarModule {}
