import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CasesModule } from '../cases/cases.module';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { CalendarModule } from '../calendar/calendar.module';
import { EmployersModule } from '../employers/employers.module';
import { SupervisionModule } from '../supervision/supervision.module';
import { UnitsModule } from '../units/units.module';
import { PublicModule } from '../public/public.module';
import { CaseClaimsResolver, WageClaimPresenter, WageClaimsResolver } from './wage-claims.resolver';
import { WageClaimsService } from './wage-claims.service';

@Module({
  imports: [AuthModule, UnitsModule, EmployersModule, CalendarModule, CasesModule, SupervisionModule, DeadlinesModule, PublicModule],
  providers: [WageClaimsService, WageClaimPresenter, WageClaimsResolver, CaseClaimsResolver],
  exports: [WageClaimsService],
})
export class WageClaimsModule {}
