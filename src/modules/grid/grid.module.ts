import { Module } from '@nestjs/common';
import { EmployersService } from './employers.service';
import { EmployersResolver } from './employers.resolver';
import { UnitsResolver } from './units.resolver';
import { UnitsService } from './units.service';
import { SupervisionPhoneResolver } from './supervision-phone.resolver';
import { SupervisionPhoneService } from './supervision-phone.service';

@Module({
  providers: [UnitsService, UnitsResolver, EmployersService, EmployersResolver, SupervisionPhoneService, SupervisionPhoneResolver],
  exports: [UnitsService, EmployersService, SupervisionPhoneService],
})
export class GridModule {}
