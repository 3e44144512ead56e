import { Module } from '@nestjs/common';
import { EmployersService } from './employers.service';
import { EmployersResolver } from './employers.resolver';
import { UnitsResolver } from './units.resolver';
import { UnitsService } from './units.service';

@Module({
  providers: [UnitsService, UnitsResolver, EmployersService, EmployersResolver],
  exports: [UnitsService, EmployersService],
})
export class GridModule {}
