import { Args, Context, Field, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { DataSource } from 'typeorm';
import { forbidden, badInput } from '../../../common/errors';
import { callerOf, RequestContext } from '../../../common/graphql/request-context';
import { isRealDay } from '../../../common/time';
import { Authenticated, Roles } from '../../auth/access/access.decorator';
import { Role } from '../../auth/role.enum';
import { UnitLevel } from '../../grid/unit.entity';
import { CasesService } from '../cases.service';
import { HolidayScheduleInput } from '../dto/case.inputs';
import { CalendarService } from './calendar.service';
import { transaction } from '../../../common/audit/audit-scope';

@ObjectType()
export class HolidaySchedule {
  @Field(() => Int)
  year: number;

  @Field()
  source: string;

  @Field(() => [String], { description: 'Days off, YYYY-MM-DD.' })
  holidays: string[];

  @Field(() => [String], { description: 'Make-up workdays (调休), YYYY-MM-DD.' })
  workdays: string[];

  @Field(() => Int, { description: 'Open deadlines counted again when this schedule was loaded.' })
  deadlinesRecomputed: number;
}

/** The official working-day calendar behind every statutory clock. */
@Resolver(() => HolidaySchedule)
export class CalendarResolver {
  constructor(
    private readonly ds: DataSource,
    private readonly calendar: CalendarService,
    private readonly cases: CasesService,
  ) {}

  @Authenticated()
  @Query(() => [Int], { description: 'Years whose official holiday schedule is loaded; deadlines in other years are provisional.' })
  async holidayScheduleYears(): Promise<number[]> {
    return (await this.calendar.calendar()).years;
  }

  @Roles(Role.ADMIN)
  @Mutation(() => HolidaySchedule, {
    description: "ADMIN at province level: load a year's official schedule (国务院办公厅 holiday notice); open deadlines are recomputed.",
  })
  async loadHolidaySchedule(@Args('input') input: HolidayScheduleInput, @Context() ctx: RequestContext): Promise<HolidaySchedule> {
    const { user } = callerOf(ctx);
    if (user.unitLevel !== UnitLevel.PROVINCE) throw forbidden('only a province-level ADMIN loads holiday schedules');
    const check = (list: { day: string }[], field: string) => {
      for (const d of list) {
        const [y, mo, da] = d.day.split('-').map(Number);
        if (y !== input.year || !isRealDay(y, mo, da)) throw badInput(field, `${d.day} is not a day of ${input.year}`);
      }
    };
    check(input.holidays, 'holidays');
    check(input.workdays, 'workdays');
    const overlap = input.holidays.find((h) => input.workdays.some((w) => w.day === h.day));
    if (overlap) throw badInput('workdays', `${overlap.day} cannot be both a holiday and a workday`);
    const deadlinesRecomputed = await transaction(this.ds, async (m) => {
      await this.calendar.writeYear(m, input.year, input.holidays, input.workdays, `admin:${user.id}`);
      this.calendar.invalidate();
      return this.cases.recomputeOpenDeadlines(m);
    });
    this.calendar.invalidate();
    return {
      year: input.year,
      source: 'admin',
      holidays: input.holidays.map((d) => d.day).sort(),
      workdays: input.workdays.map((d) => d.day).sort(),
      deadlinesRecomputed,
    };
  }
}
