// The ordered list of migrations; a migration's number is its index + 1 and its PRAGMA user_version.
// 003 (trust), 004 (counterfeit) and 005 (station/UI) come from other branches and go before 006 at merge.
import m001 from './001_init';
import m002 from './002_supervision';
import m006 from './006_holds';

export const MIGRATIONS: readonly string[] = [m001, m002, m006];
