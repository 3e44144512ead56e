import { Global, Module } from '@nestjs/common';
import { AuditResolver } from './audit.resolver';
import { AuditLog } from './audit-log';
import { AuditService } from './audit.service';

/** The audit trail (等保 2.0): written around every root field (AuditLog) and in every command's transaction. */
@Global()
@Module({
  providers: [AuditService, AuditLog, AuditResolver],
  exports: [AuditService, AuditLog],
})
export class AuditModule {}
