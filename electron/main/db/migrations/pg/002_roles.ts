// PostgreSQL migration 2, run by the database owner: the station role and the only doors it has.
//
// Many stations share one server, so a station's credentials are the weakest link. The station role
// may read everything and add rows (the triggers of migration 1 judge each one), but it may change or
// delete rows only where the app itself does, and never in a table about audit, holds, decisions or
// shipments: those four changes go through the SECURITY DEFINER functions below (electron/main/db/
// guarded.ts calls them), where the owner's triggers check them again. No DDL, no TRUNCATE.
// Not here, but set by migratePg on every run: the password (from an option), and the database-wide
// right to make temporary tables, taken from PUBLIC (a copy or a dump of the database does not keep it).
//
// A later migration that adds a table must grant the station its rights on it in the same way;
// test/integration/pgSchema.test.ts compares the grants with what the app's SQL needs.

export const STATION_ROLE = 'parcel_gate_station';

/** Tables whose rows the app updates (UPDATE, or INSERT … ON CONFLICT DO UPDATE). */
export const STATION_UPDATES = [
  'brands', 'certificates', 'counterfeit_lists', 'holidays', 'orders', 'parcels', 'proof_requests', 'rulesets',
  'seller_flags', 'seller_list_entries', 'settings', 'shelves', 'users',
] as const;

/** Tables whose rows the app deletes: a brand's lists are rewritten whole, staged orders are cleared. */
export const STATION_DELETES = ['brand_aliases', 'brand_gs1_prefixes', 'brand_lookalikes', 'brand_stores', 'import_staging_orders'] as const;

/** No station may UPDATE or DELETE in a table whose name says it is about any of these. */
export const GUARDED_TABLES = /audit|hold|decision|shipment/;

export default /* sql */ `
DO $roles$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${STATION_ROLE}') THEN
    CREATE ROLE ${STATION_ROLE} LOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL; -- another database on this server created it at the same moment
END $roles$;

REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO ${STATION_ROLE};

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC, ${STATION_ROLE};
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM PUBLIC, ${STATION_ROLE};
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC, ${STATION_ROLE};

GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA public TO ${STATION_ROLE};
-- The schema's version is the owner's to write; stations only read it at start.
REVOKE INSERT ON schema_migrations FROM ${STATION_ROLE};
GRANT UPDATE ON ${STATION_UPDATES.join(', ')} TO ${STATION_ROLE};
GRANT DELETE ON ${STATION_DELETES.join(', ')} TO ${STATION_ROLE};
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ${STATION_ROLE};

-- ---- the guarded changes: one function per entry of GUARDED (electron/main/db/guarded.ts), the same
-- statement with @name written p_name, returning the rows it changed ------------------------------
CREATE FUNCTION pg_gate_hold_locate(p_holdId bigint, p_location text, p_at text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
  changed integer;
BEGIN
  UPDATE holds SET location = p_location, location_set_at = p_at WHERE id = p_holdId;
  GET DIAGNOSTICS changed = ROW_COUNT;
  RETURN changed;
END $fn$;

CREATE FUNCTION pg_gate_hold_decide(p_holdId bigint, p_status text, p_decidedAt text, p_decidedBy bigint, p_reason text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
  changed integer;
BEGIN
  UPDATE holds SET status = p_status, decided_at = p_decidedAt, decided_by = p_decidedBy, decision_reason = p_reason WHERE id = p_holdId;
  GET DIAGNOSTICS changed = ROW_COUNT;
  RETURN changed;
END $fn$;

CREATE FUNCTION pg_gate_shipment_remove_parcel(p_shipmentId bigint, p_parcelId bigint) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
  changed integer;
BEGIN
  DELETE FROM shipment_parcels WHERE parcel_id = p_parcelId AND shipment_id = p_shipmentId AND shipment_id IN (SELECT id FROM shipments WHERE status = 'OPEN');
  GET DIAGNOSTICS changed = ROW_COUNT;
  RETURN changed;
END $fn$;

CREATE FUNCTION pg_gate_shipment_close(p_shipmentId bigint, p_at text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
  changed integer;
BEGIN
  UPDATE shipments SET status = 'CLOSED', closed_at = p_at WHERE id = p_shipmentId AND status = 'OPEN';
  GET DIAGNOSTICS changed = ROW_COUNT;
  RETURN changed;
END $fn$;

REVOKE ALL ON FUNCTION pg_gate_hold_locate(bigint, text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION pg_gate_hold_decide(bigint, text, text, bigint, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION pg_gate_shipment_remove_parcel(bigint, bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION pg_gate_shipment_close(bigint, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pg_gate_hold_locate(bigint, text, text) TO ${STATION_ROLE};
GRANT EXECUTE ON FUNCTION pg_gate_hold_decide(bigint, text, text, bigint, text) TO ${STATION_ROLE};
GRANT EXECUTE ON FUNCTION pg_gate_shipment_remove_parcel(bigint, bigint) TO ${STATION_ROLE};
GRANT EXECUTE ON FUNCTION pg_gate_shipment_close(bigint, text) TO ${STATION_ROLE};
`;
