import { initialSchema } from './001-initial.js';

/** Ordered catalog migrations; a catalog records the versions it has applied. Append, never edit. */
export const MIGRATIONS: readonly { version: number; sql: string }[] = [{ version: 1, sql: initialSchema }];
