import { AbilityBuilder, createMongoAbility, MongoAbility, MongoQuery, subject as asSubject } from '@casl/ability';
import { Role } from '../role.enum';
import { CurrentUser } from './current-user';

export type Action = 'read' | 'manage' | 'create' | 'act' | 'lead' | 'supervise' | 'note' | 'answer';
/** Subjects are type names, or records tagged with one (see `subject`). */
export type AppAbility = MongoAbility<[Action, string | Record<string, any>], MongoQuery<Record<string, any>>>;

/**
 * The single statement of who may do what. Jurisdictional records carry `visibleTo`: the codes of
 * every unit that may see them (each ancestor-or-self of each unit the record is anchored to). In
 * memory CASL matches it as "the array contains my unit"; in SQL (visibility.ts) the same rule
 * becomes an index range scan on the record's visibility table.
 */
export function defineAbilityFor(user: CurrentUser): AppAbility {
  const { can, build } = new AbilityBuilder<AppAbility>(createMongoAbility);
  if (user.role === Role.WORKER) {
    can('read', 'User', { id: user.id });
    can('read', 'WageClaim', { claimantId: user.id });
    return build();
  }
  const unit = user.unitCode!;
  // 一地办案，多地监管: staff see what is anchored in their subtree, wherever it is handled.
  can('read', 'all', { visibleTo: unit });
  if (user.role === Role.ADMIN) can('manage', 'User', { visibleTo: unit });
  return build();
}

/** Tags a plain record with its CASL subject type for in-memory checks. */
export function subject<T extends Record<string, any>>(type: string, record: T): T {
  return asSubject(type, record);
}
