import { Module } from '@nestjs/common';
import { PublicResolver } from './public.resolver';
import { PublicResultsService } from './public-results.service';

/** 四公开: the published procedures and time limits, and the results per unit. */
@Module({
  providers: [PublicResultsService, PublicResolver],
})
export class PublicModule {}
