// The ordered list of migrations; a migration's number is its index + 1 and its PRAGMA user_version.
import m001 from './001_init';
import m002 from './002_supervision';
import m007 from './007_inspection_notes';

// 007 (inspection notes) goes after the other helpers' 003–006 when they are merged: numbers are positions.
export const MIGRATIONS: readonly string[] = [m001, m002, m007];
