// The ordered list of migrations; a migration's number is its index + 1 and its PRAGMA user_version.
import m001 from './001_init';
import m002 from './002_supervision';
import m004 from './004_counterfeit';

// 003 belongs to the trust work (merged separately): until it is here, an empty step keeps 004 at its number.
const m003 = '';

export const MIGRATIONS: readonly string[] = [m001, m002, m003, m004];
