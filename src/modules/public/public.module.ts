import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { PublicResolver } from './public.resolver';
import { PublicResultsService } from './public-results.service';
import { PublicResultsWriter } from './public-results.writer';

/** 四公开: the published procedures and time limits, and the results per unit (and their only writer). */
@Module({
  imports: [CasesModule],
  providers: [PublicResultsService, PublicResultsWriter, PublicResolver],
  exports: [PublicResultsWriter],
})
export class PublicModule {}
