import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CasesModule } from '../cases/cases.module';
import { GridModule } from '../grid/grid.module';
import { GridSupervisionModule } from '../grid/grid-supervision.module';
import { PublicModule } from '../public/public.module';
import { CaseClaimsResolver, WageClaimPresenter, WageClaimsResolver } from './wage-claims.resolver';
import { WageClaimsService } from './wage-claims.service';

@Module({
  imports: [AuthModule, GridModule, CasesModule, GridSupervisionModule, PublicModule],
  providers: [WageClaimsService, WageClaimPresenter, WageClaimsResolver, CaseClaimsResolver],
  exports: [WageClaimsService],
})
export class WageClaimsModule {}
