import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from './config/app-config';
import { Clock } from './common/clock';
import { PiiCipherProvider } from './modules/auth/pii.provider';
import { PiiCipher } from './common/pii';
import { BusStatus, PUB_SUB, PubSubProvider, PubSubShutdown } from './common/pubsub';
import { ReadRouter } from './common/db/read-router';

/**
 * Process-wide services every module may inject: config, clock, PII cipher, the event bus
 * (subscriptions, session revocations), and where supervision reads run (ReadRouter).
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      providers: [{ provide: AppConfig, useValue: config }, Clock, PiiCipherProvider, PubSubProvider, PubSubShutdown, BusStatus, ReadRouter],
      exports: [AppConfig, Clock, PiiCipher, PUB_SUB, BusStatus, ReadRouter],
    };
  }
}
