// The ordered list of PostgreSQL migrations; a migration's number is its index + 1 (schema_migrations).
// They build the same database as the SQLite list (../index.ts): a change there is mirrored here.
import m001 from './001_schema';
import m002 from './002_roles';
import m003 from './003_photo_blobs';
import m004 from './004_hold_station_lower';
import m005 from './005_server_sessions';
import m006 from './006_hold_clock_columns';
import m007 from './007_brand_categories';
import m008 from './008_audit_required';
import m009 from './009_order_versions';
import m010 from './010_inspection_write';

export const PG_MIGRATIONS: readonly string[] = [m001, m002, m003, m004, m005, m006, m007, m008, m009, m010];
