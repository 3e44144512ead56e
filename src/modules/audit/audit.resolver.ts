import { Args, Context, Int, Query, Resolver } from '@nestjs/graphql';
import { forbidden } from '../../common/errors';
import { callerOf, RequestContext } from '../access/request-context';
import { Roles } from '../access/access.decorator';
import { Role } from '../access/role.enum';
import { AuditChainReport, AuditEntryConnection, AuditLogFilter } from './audit.model';
import { AuditService } from './audit.service';

@Resolver()
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Roles(Role.ADMIN)
  @Query(() => AuditEntryConnection, {
    description: '审计日志 (ADMIN: what the accounts of its subtree did, newest first; a province ADMIN also sees workers and anonymous callers)',
  })
  auditLog(
    @Context() ctx: RequestContext,
    @Args('filter', { type: () => AuditLogFilter, nullable: true, description: '筛选 (filters)' }) filter?: AuditLogFilter,
    @Args('first', { type: () => Int, nullable: true, description: '每页条数 (page size, 1 to 100, default 20)' }) first?: number,
    @Args('after', { nullable: true, description: '游标 (endCursor of the previous page)' }) after?: string,
  ): Promise<AuditEntryConnection> {
    return this.audit.list(callerOf(ctx).ability, filter, first, after);
  }

  @Roles(Role.ADMIN)
  @Query(() => AuditChainReport, {
    description: '校验审计链 (province ADMIN: recomputes the HMAC chain over the rows written in [from, to), all when omitted, and reports the first row where it breaks)',
  })
  verifyAuditChain(
    @Context() ctx: RequestContext,
    @Args('from', { type: () => Date, nullable: true, description: '起 (rows written at or after this instant)' }) from?: Date,
    @Args('to', { type: () => Date, nullable: true, description: '止 (rows written before this instant)' }) to?: Date,
  ): Promise<AuditChainReport> {
    if (callerOf(ctx).ability.cannot('verify', 'AuditChain')) throw forbidden('Only a province ADMIN verifies the audit chain');
    return this.audit.verify(from, to);
  }
}
