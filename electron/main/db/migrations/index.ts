// The ordered list of migrations; a migration's number is its index + 1 and its PRAGMA user_version.
// (This branch skips 010 and 011, which other work of the same round adds: merged, the list is in file order.)
import m001 from './001_init';
import m002 from './002_supervision';
import m003 from './003_trust';
import m004 from './004_counterfeit';
import m005 from './005_shelves';
import m006 from './006_holds';
import m007 from './007_inspection_notes';
import m008 from './008_staged_delivery_date';
import m009 from './009_hold_station_lower';
import m010 from './010_server_sessions';
import m011 from './011_hold_clock_columns';
import m012 from './012_brand_categories';
import m013 from './013_audit_required';
import m014 from './014_order_versions';

export const MIGRATIONS: readonly string[] = [m001, m002, m003, m004, m005, m006, m007, m008, m009, m010, m011, m012, m013, m014];
