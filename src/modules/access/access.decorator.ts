import { SetMetadata } from '@nestjs/common';
import { Role } from './role.enum';

export const ACCESS_KEY = 'access';

/** What an operation requires of its caller. Every Query, Mutation and Subscription declares one. */
export type AccessRule = { kind: 'public' } | { kind: 'authenticated' } | { kind: 'roles'; roles: Role[] };

/** Anyone, signed in or not. */
export const Public = () => SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies AccessRule);
/** Any signed-in account; row-level rules decide the rest. */
export const Authenticated = () => SetMetadata(ACCESS_KEY, { kind: 'authenticated' } satisfies AccessRule);
/** Signed in with one of these roles; row-level rules decide the rest. */
export const Roles = (...roles: Role[]) => SetMetadata(ACCESS_KEY, { kind: 'roles', roles } satisfies AccessRule);
