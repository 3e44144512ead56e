import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from './config/app-config';
import { Clock } from './common/clock';
import { PiiCipherProvider } from './modules/auth/pii.provider';
import { PiiCipher } from './common/pii';

/** Process-wide services every module may inject: config, clock, PII cipher. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      providers: [{ provide: AppConfig, useValue: config }, Clock, PiiCipherProvider],
      exports: [AppConfig, Clock, PiiCipher],
    };
  }
}
