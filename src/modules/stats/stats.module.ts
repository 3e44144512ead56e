import { Module } from '@nestjs/common';
import { UnitsModule } from '../units/units.module';
import { StatsResolver } from './stats.resolver';
import { StatsService } from './stats.service';

/** 统计: totals of cases and claims per unit subtree, as the caller may see them. */
@Module({
  imports: [UnitsModule],
  providers: [StatsService, StatsResolver],
})
export class StatsModule {}
