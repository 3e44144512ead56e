import { Logger as NestLogger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';

const log = new NestLogger('SQL');

/**
 * TypeORM's logging without parameters: a failed statement is logged with its SQL and the
 * database's message only, since parameters carry personal data (names, encrypted IDs).
 */
export class SqlLogger implements TypeOrmLogger {
  logQuery(): void {}

  logQueryError(error: string | Error, query: string): void {
    const message = error instanceof Error ? error.message : error;
    log.error(`${message} in: ${query.replace(/\s+/g, ' ').slice(0, 500)}`);
  }

  logQuerySlow(time: number, query: string): void {
    log.warn(`slow (${time} ms): ${query.replace(/\s+/g, ' ').slice(0, 300)}`);
  }

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    log.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') log.warn(String(message));
  }
}
