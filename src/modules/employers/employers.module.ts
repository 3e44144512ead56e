import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { UnitsModule } from '../units/units.module';
import { EmployerHooks } from './employer-hooks';
import { EmployerRegisterResolver, InspectionResolver } from './employer-register.resolver';
import { EmployerRegistryService } from './employer-registry.service';
import { EmployersResolver } from './employers.resolver';
import { EmployersService } from './employers.service';

/** Employers: the records cases and claims name, the register (两网化) and its inspections. */
@Module({
  imports: [AuthModule, UnitsModule],
  providers: [EmployersService, EmployersResolver, EmployerRegistryService, EmployerRegisterResolver, InspectionResolver, EmployerHooks],
  exports: [EmployersService, EmployerHooks],
})
export class EmployersModule {}
