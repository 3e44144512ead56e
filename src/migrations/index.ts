import { Foundation1764200000000 } from './1764200000000-Foundation';

/** Every migration, oldest first: listed here so that ts-node, jest and the build all find them. */
export const MIGRATIONS = [Foundation1764200000000];
