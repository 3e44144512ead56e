import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsDate, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PageInfo } from '../../common/graphql/connection';

export enum AuditKindEnum {
  MUTATION = 'MUTATION',
  LOGIN = 'LOGIN',
  READ = 'READ',
}
registerEnumType(AuditKindEnum, {
  name: 'AuditKind',
  description: '审计类别: MUTATION 变更操作, LOGIN 登录 (成功或失败), READ 查看未脱敏的个人信息',
  valuesMap: {
    MUTATION: { description: '变更操作: a command (mutation), whether it succeeded, failed or was refused.' },
    LOGIN: { description: '登录: a login attempt, successful or not.' },
    READ: { description: '查看未脱敏的个人信息: a query that handed out personal data in the clear.' },
  },
});

@ObjectType('AuditEntry', { description: '审计记录: 一次操作留下的不可篡改的记录 (who, their unit, when, what, on which records, with what result)' })
export class AuditEntryModel {
  @Field(() => ID, { description: '链上序号 (the row\'s place in the hash chain; gapless)' })
  id: string;

  @Field(() => Int, { description: '链上序号 (gapless position in the chain, as a number)' })
  seq: number;

  @Field({ description: '时间 (when)' })
  at: Date;

  @Field(() => AuditKindEnum, { description: '类别 (kind of entry)' })
  kind: AuditKindEnum;

  @Field({ description: '操作 (the GraphQL operation, e.g. fileCase, login, wageClaim)' })
  operation: string;

  @Field(() => ID, { nullable: true, description: '操作人 (the acting account; null when anonymous or unknown)' })
  userId: string | null;

  @Field(() => String, { nullable: true, description: '操作人所在单位 (the acting account\'s unit code; null for workers and anonymous callers)' })
  unitCode: string | null;

  @Field(() => [String], { description: '操作对象 (ids of the records acted on or read)' })
  targets: string[];

  @Field({ description: '结果 (OK, or the error code of a refused or failed operation, e.g. FORBIDDEN)' })
  outcome: string;

  @Field(() => String, { nullable: true, description: '说明 (a short fact without personal data, e.g. "account locked")' })
  detail: string | null;
}

@ObjectType('AuditEntryEdge', { description: '审计记录分页的一项 (one edge of an audit page)' })
export class AuditEntryEdge {
  @Field({ description: '游标 (opaque cursor)' })
  cursor: string;

  @Field(() => AuditEntryModel, { description: '审计记录 (the entry)' })
  node: AuditEntryModel;
}

@ObjectType('AuditEntryConnection', { description: '审计记录列表, 新的在前 (audit entries, newest first)' })
export class AuditEntryConnection {
  @Field(() => [AuditEntryEdge], { description: '本页记录 (this page)' })
  edges: AuditEntryEdge[];

  @Field(() => PageInfo, { description: '分页信息 (paging)' })
  pageInfo: PageInfo;
}

@InputType('AuditLogFilter', { description: '审计记录筛选 (filters of auditLog; all optional, combined with AND)' })
export class AuditLogFilter {
  @Field(() => ID, { nullable: true, description: '操作人 (only this account\'s entries)' })
  @IsOptional()
  @IsString()
  userId?: string | null;

  @Field(() => String, { nullable: true, description: '操作 (only this operation, e.g. closeCase)' })
  @IsOptional()
  @IsString()
  @Length(1, 100, { message: 'operation must be 1 to 100 characters' })
  operation?: string | null;

  @Field(() => String, { nullable: true, description: '结果 (only this outcome: OK or an error code)' })
  @IsOptional()
  @IsString()
  @Length(1, 40, { message: 'outcome must be 1 to 40 characters' })
  outcome?: string | null;

  @Field(() => AuditKindEnum, { nullable: true, description: '类别 (only this kind)' })
  @IsOptional()
  @IsIn(Object.values(AuditKindEnum))
  kind?: AuditKindEnum | null;

  @Field(() => Date, { nullable: true, description: '起 (at or after this instant)' })
  @IsOptional()
  @IsDate()
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: '止 (before this instant)' })
  @IsOptional()
  @IsDate()
  to?: Date | null;
}

@ObjectType('AuditChainReport', { description: '审计链校验结果 (result of verifying the audit hash chain over a period)' })
export class AuditChainReport {
  @Field({ description: '是否完整 (true when every row checked matches its hash and none is missing)' })
  intact: boolean;

  @Field(() => Int, { description: '校验行数 (rows checked)' })
  checkedRows: number;

  @Field(() => Int, { nullable: true, description: '首行序号 (seq of the first row checked)' })
  firstSeq: number | null;

  @Field(() => Int, { nullable: true, description: '末行序号 (seq of the last row checked)' })
  lastSeq: number | null;

  @Field(() => Int, { nullable: true, description: '断裂处序号 (seq of the first row where the chain breaks; null when intact)' })
  brokenAtSeq: number | null;

  @Field(() => String, { nullable: true, description: '断裂原因 (why it breaks: a changed, missing, inserted or moved row)' })
  reason: string | null;
}
