import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from './config/app-config';
import { CoreModule } from './core.module';
import { validationPipe } from './common/validation.pipe';
import { GraphqlPassthroughFilter } from './modules/audit/passthrough.filter';
import { AuditLog } from './modules/audit/audit-log';
import { DatabaseInitializer } from './database/database-initializer';
import { databaseSetup, DatabaseSetup } from './database/data-source-options';
import { newDataSource } from './common/db/replica-pools';
import { ReadYourWritesInterceptor } from './common/db/read-your-writes.interceptor';
import { graphqlOptions } from './graphql.options';
import { HealthController } from './health.controller';
import { AccessGuard } from './modules/auth/access.guard';
import { isSignedIn } from './modules/auth/identify';
import { SessionService } from './modules/auth/session.service';
import { GqlThrottlerGuard, throttlerOptions } from './modules/auth/throttle';
import { AuthModule } from './modules/auth/auth.module';
import { CalendarModule } from './modules/calendar/calendar.module';
import { DeadlinesModule } from './modules/deadlines/deadlines.module';
import { EmployersModule } from './modules/employers/employers.module';
import { StatsModule } from './modules/stats/stats.module';
import { SupervisionModule } from './modules/supervision/supervision.module';
import { UnitsModule } from './modules/units/units.module';
import { CasesModule } from './modules/cases/cases.module';
import { WageClaimsModule } from './modules/wage-claims/wage-claims.module';
import { AuditModule } from './modules/audit/audit.module';
import { PublicModule } from './modules/public/public.module';

const DATABASE_SETUP = 'DATABASE_SETUP';

/** Closes the embedded engine after the DataSource, so that the process can exit. */
class EngineShutdown implements OnApplicationShutdown {
  constructor(
    private readonly ds: DataSource,
    @Inject(DATABASE_SETUP) private readonly setup: DatabaseSetup,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.ds.isInitialized) await this.ds.destroy();
    await this.setup.closeEngine();
  }
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    const setup = databaseSetup(config);
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config),
        // newDataSource: a server with replicas starts while one of them is down (common/db/replica-pools.ts).
        TypeOrmModule.forRootAsync({ useFactory: () => setup.options, dataSourceFactory: async (options) => newDataSource(options!) }),
        ThrottlerModule.forRoot(throttlerOptions(config)),
        AuditModule,
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [AuthModule, AuditModule],
          inject: [SessionService, AuditLog],
          useFactory: (sessions: SessionService, audit: AuditLog) =>
            graphqlOptions(config, { signedIn: (ctx) => isSignedIn(sessions, ctx), auditRootFields: (schema) => audit.auditRootFields(schema) }),
        }),
        AuthModule,
        UnitsModule,
        EmployersModule,
        CalendarModule,
        CasesModule,
        WageClaimsModule,
        SupervisionModule,
        StatsModule,
        DeadlinesModule,
        PublicModule,
      ],
      controllers: [HealthController],
      providers: [
        // Rate limits first: a client over its limit is refused before its token is looked up.
        { provide: APP_GUARD, useClass: GqlThrottlerGuard },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_PIPE, useFactory: validationPipe },
        { provide: APP_FILTER, useClass: GraphqlPassthroughFilter },
        // Only with replicas: without them every read is the primary's, and a hop less per operation.
        ...(config.replicaUrls.length ? [{ provide: APP_INTERCEPTOR, useClass: ReadYourWritesInterceptor }] : []),
        { provide: DATABASE_SETUP, useValue: setup },
        { provide: EngineShutdown, useFactory: (ds: DataSource, s: DatabaseSetup) => new EngineShutdown(ds, s), inject: [DataSource, DATABASE_SETUP] },
        DatabaseInitializer,
      ],
    };
  }
}
