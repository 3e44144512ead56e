import { ListSize } from '../../common/graphql/cost';
import { Args, Context, Field, Int, Mutation, ObjectType, Query, registerEnumType, Resolver } from '@nestjs/graphql';
import { Clock } from '../../common/clock';
import { DataSource } from 'typeorm';
import { forbidden, badInput } from '../../common/errors';
import { callerOf, RequestContext } from '../access/request-context';
import { isRealDay } from '../../common/time';
import { Authenticated, Roles } from '../access/access.decorator';
import { Role } from '../access/role.enum';
import { CaseModel, toCaseModel } from '../cases/case.model';
import { CaseQueriesService } from '../cases/case-queries.service';
import { CasesService, DeadlineKind } from '../cases/cases.service';
import { HolidayScheduleInput } from '../cases/dto/case.inputs';
import { CalendarService } from '../calendar/calendar.service';
import { transaction } from '../../common/audit/audit-scope';

registerEnumType(DeadlineKind, {
  name: 'DeadlineKind',
  description: '期限种类: which statutory clock a deadline belongs to.',
  valuesMap: {
    ACCEPTANCE: { description: '受理期限: the filing decision, 5 working days after opening.' },
    HANDLING: { description: '办案期限: the investigation, 60 (extended: 90) working days after filing.' },
    ASSISTANCE: { description: '协查期限: the answer to an assistance request, 10 working days after it was sent.' },
  },
});

/** The most deadline changes one load lists. */
export const CHANGES_LISTED = 200;

@ObjectType({ description: '期限变动: an open deadline that moved, or stopped being provisional, when a holiday schedule was loaded.' })
export class DeadlineChange {
  @Field(() => DeadlineKind, { description: '期限种类.' })
  kind: DeadlineKind;

  @Field(() => CaseModel, { description: '案件: the case the deadline belongs to.' })
  case: CaseModel;

  @Field({ description: '原期限: the due date before the schedule was loaded.' })
  previousDueAt: Date;

  @Field({ description: '新期限: the due date counted on the loaded schedule.' })
  dueAt: Date;

  @Field({ description: '原期限是否暂定: whether the old due date was provisional (counted on plain weekdays).' })
  previousProvisional: boolean;

  @Field({ description: '新期限是否暂定: still provisional when it runs into another year without a schedule.' })
  provisional: boolean;
}

@ObjectType({ description: '节假日安排: a year\'s official schedule of days off and make-up workdays, as loaded, and what it changed.' })
export class HolidaySchedule {
  @Field(() => Int, { description: '年度.' })
  year: number;

  @Field({ description: '来源: admin when loaded by loadHolidaySchedule.' })
  source: string;

  @Field(() => [String], { description: 'Days off, YYYY-MM-DD.' })
  holidays: string[];

  @Field(() => [String], { description: 'Make-up workdays (调休), YYYY-MM-DD.' })
  workdays: string[];

  @Field(() => Int, { description: 'Open deadlines counted again when this schedule was loaded.' })
  deadlinesRecomputed: number;

  @Field(() => Int, { description: '期限变动数: deadlines in the caller\'s jurisdiction whose due date or provisional flag changed.' })
  deadlinesChanged: number;

  @ListSize(CHANGES_LISTED)
  @Field(() => [DeadlineChange], {
    description: `变动明细: those changed deadlines, earliest new due date first, at most ${CHANGES_LISTED}.`,
  })
  changes: DeadlineChange[];
}

/** The official working-day calendar behind every statutory clock. */
@Resolver(() => HolidaySchedule)
export class HolidayScheduleResolver {
  constructor(
    private readonly ds: DataSource,
    private readonly calendar: CalendarService,
    private readonly cases: CasesService,
    private readonly queries: CaseQueriesService,
    private readonly clock: Clock,
  ) {}

  @Authenticated()
  @Query(() => [Int], { description: 'Years whose official holiday schedule is loaded; deadlines in other years are provisional. Any signed-in account.' })
  async holidayScheduleYears(): Promise<number[]> {
    return (await this.calendar.calendar()).years;
  }

  @Roles(Role.ADMIN)
  @Mutation(() => HolidaySchedule, {
    description: "ADMIN at province level: load a year's official schedule (国务院办公厅 holiday notice); open deadlines are recomputed.",
  })
  async loadHolidaySchedule(@Args('input', { description: '该年的节假日安排.' }) input: HolidayScheduleInput, @Context() ctx: RequestContext): Promise<HolidaySchedule> {
    const { user, ability } = callerOf(ctx);
    if (ability.cannot('load', 'HolidaySchedule')) throw forbidden('only a province-level ADMIN loads holiday schedules');
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
    const { recomputed, changes } = await transaction(this.ds, async (m) => {
      await this.calendar.writeYear(m, input.year, input.holidays, input.workdays, `admin:${user.id}`);
      this.calendar.invalidate();
      return this.cases.recomputeOpenDeadlines(m);
    });
    this.calendar.invalidate();
    // Only the changes on cases the caller may see are told (the calendar itself is national).
    const visible = await this.queries.visibleAmong(callerOf(ctx).ability, [...new Set(changes.map((c) => c.caseId))]);
    const byId = new Map(visible.map((c) => [c.id, toCaseModel(c, this.clock.now())]));
    const seen = changes.filter((c) => byId.has(c.caseId)).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
    return {
      year: input.year,
      source: 'admin',
      holidays: input.holidays.map((d) => d.day).sort(),
      workdays: input.workdays.map((d) => d.day).sort(),
      deadlinesRecomputed: recomputed,
      deadlinesChanged: seen.length,
      changes: seen.slice(0, CHANGES_LISTED).map(({ caseId, ...change }) => ({ ...change, case: byId.get(caseId)! })),
    };
  }
}
