import { Module } from '@nestjs/common';
import { UnitsResolver } from './units.resolver';
import { UnitsService } from './units.service';

@Module({
  providers: [UnitsService, UnitsResolver],
  exports: [UnitsService],
})
export class GridModule {}
