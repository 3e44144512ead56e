import { Module, Provider } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { BusStatus } from '../../common/pubsub';
import { SessionCache } from './session-cache';
import { UnitsModule } from '../units/units.module';
import { AuthResolver } from './auth.resolver';
import { SessionRevocations } from './session-revocations';
import { SessionService } from './session.service';
import { UsersService } from './users.service';

/** The session cache, fed by the revocations' bus; SESSION_CACHE_SIZE=0 turns it off. */
const SessionCacheProvider: Provider = {
  provide: SessionCache,
  inject: [AppConfig, BusStatus],
  useFactory: (config: AppConfig, bus: BusStatus) =>
    new SessionCache(bus, { size: config.SESSION_CACHE_SIZE, ttlMs: Math.min(config.SESSION_CACHE_SECONDS, config.ACCESS_TOKEN_TTL_SECONDS) * 1000 }),
};

@Module({
  imports: [UnitsModule],
  providers: [SessionCacheProvider, SessionService, SessionRevocations, UsersService, AuthResolver],
  exports: [SessionService, SessionRevocations, UsersService],
})
export class AuthModule {}
