import { Module } from '@nestjs/common';
import { SupervisionPhoneResolver } from './supervision-phone.resolver';
import { SupervisionPhoneService } from './supervision-phone.service';
import { UnitsResolver } from './units.resolver';
import { UnitsService } from './units.service';

/** The unit tree (NBS codes, grids) and each unit's supervision phone. */
@Module({
  providers: [UnitsService, UnitsResolver, SupervisionPhoneService, SupervisionPhoneResolver],
  exports: [UnitsService, SupervisionPhoneService],
})
export class UnitsModule {}
