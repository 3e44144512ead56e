import { Module } from '@nestjs/common';
import { UnitsModule } from '../units/units.module';
import { AuthResolver } from './auth.resolver';
import { SessionRevocations } from './session-revocations';
import { SessionService } from './session.service';
import { UsersService } from './users.service';

@Module({
  imports: [UnitsModule],
  providers: [SessionService, SessionRevocations, UsersService, AuthResolver],
  exports: [SessionService, SessionRevocations, UsersService],
})
export class AuthModule {}
