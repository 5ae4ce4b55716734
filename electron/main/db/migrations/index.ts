// The ordered list of migrations; a migration's number is its index + 1 and its PRAGMA user_version.
import m001 from './001_init';
import m002 from './002_supervision';
import m005 from './005_shelves';

export const MIGRATIONS: readonly string[] = [m001, m002, m005];
