// PostgreSQL migration 9, the mirror of SQLite migration 14 (../014_order_versions.ts): orders
// imported in generations and shown through the view `orders`, so an import writes in short chunks
// (every station's write waits on the same advisory lock as the import's) and is published by one
// tiny transaction. The same tables, columns, index names and view as on SQLite.
//
// pg_gate_hold_clocks (migration 6) learns the kind 'holds' (its key a JSON array of hold ids): an
// import now names the holds whose orders it wrote, found chunk by chunk, instead of the publish
// searching every undecided hold for orders of its time (a scan of 100,000 holds inside the publish).
// 'import' is kept for a station of the previous version until it is updated.
import { STATION_ROLE } from './002_roles';
import { ORDER_VERSION_COLUMNS as COLUMNS, PUBLISHED_GEN } from '../014_order_versions';
import { REFRESH_HOLD_CLOCKS } from './006_hold_clock_columns';

/** Tables an order import changes (the station's UPDATE grants beside those of migration 2). */
export const ORDER_IMPORT_UPDATES = ['order_imports', 'order_versions'] as const;
/** Tables an order import deletes from: a failed generation's rows, and the rows a published one superseded. */
export const ORDER_IMPORT_DELETES = ['order_versions'] as const;
/** Named in migration 2's grants, gone as tables here: `orders` is a view, the staging table is dropped. */
export const REPLACED_TABLES = ['orders', 'import_staging_orders'] as const;


export default /* sql */ `
CREATE TABLE order_imports (
  gen         bigint PRIMARY KEY CHECK (gen > 0),
  state       text COLLATE "C" NOT NULL CHECK (state IN ('writing', 'published', 'aborted')),
  file        text COLLATE "C" NOT NULL,
  owner       text COLLATE "C" NOT NULL,
  started_at  text COLLATE "C" NOT NULL,
  touched_at  text COLLATE "C" NOT NULL
);
CREATE INDEX order_imports_state_idx ON order_imports(state, gen);

CREATE TABLE order_versions (
  order_no        text COLLATE "C" NOT NULL,
  tracking_no     text COLLATE "C" NOT NULL,
  customer        text COLLATE "C" NOT NULL,
  item            text COLLATE "C" NOT NULL,
  declared_brand  text COLLATE "C",
  category        text COLLATE "C" NOT NULL,
  channel         text COLLATE "C" NOT NULL,
  store_id        text COLLATE "C" NOT NULL,
  store_name      text COLLATE "C" NOT NULL,
  seller_tax_id   text COLLATE "C",
  purchase_date   text COLLATE "C" NOT NULL,
  amount_fen      bigint NOT NULL,
  updated_at      text COLLATE "C" NOT NULL,
  delivery_date   text COLLATE "C" CHECK (delivery_date IS NULL OR delivery_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  gen             bigint NOT NULL DEFAULT 0,
  superseded_at   bigint
);
INSERT INTO order_versions (${COLUMNS}) SELECT ${COLUMNS} FROM orders;
DROP TABLE orders;
DROP TABLE import_staging_orders;

CREATE UNIQUE INDEX order_versions_order_idx ON order_versions(order_no, gen);
CREATE UNIQUE INDEX order_versions_tracking_idx ON order_versions(tracking_no, gen);
CREATE INDEX order_versions_gen_idx ON order_versions(gen);
CREATE INDEX order_versions_superseded_idx ON order_versions(superseded_at) WHERE superseded_at IS NOT NULL;

CREATE VIEW orders AS
SELECT ${COLUMNS} FROM order_versions
WHERE gen <= ${PUBLISHED_GEN} AND (superseded_at IS NULL OR superseded_at > ${PUBLISHED_GEN});

REVOKE ALL ON order_imports, order_versions, orders FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE ON order_imports TO ${STATION_ROLE};
GRANT SELECT, INSERT, UPDATE, DELETE ON order_versions TO ${STATION_ROLE};
GRANT SELECT ON orders TO ${STATION_ROLE};

CREATE OR REPLACE FUNCTION pg_gate_hold_clocks(p_kind text, p_key text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
  changed integer;
  ids bigint[];
BEGIN
  IF p_kind = 'hold' THEN
    ids := ARRAY[CAST(p_key AS bigint)];
  ELSIF p_kind = 'holds' THEN
    ids := ARRAY(SELECT CAST(v AS bigint) FROM json_array_elements_text(CAST(p_key AS json)) AS v);
  ELSIF p_kind = 'import' THEN
    SELECT array_agg(h.id) INTO ids FROM holds h JOIN parcels p ON p.id = h.parcel_id JOIN orders o ON o.tracking_no = p.tracking_no
    WHERE h.status IN ('OPEN', 'AWAITING_PROOF') AND o.updated_at = p_key;
  ELSIF p_kind = 'all' THEN
    SELECT array_agg(id) INTO ids FROM holds WHERE status IN ('OPEN', 'AWAITING_PROOF') OR return_day IS NOT NULL;
  ELSE
    RAISE EXCEPTION 'pg_gate_hold_clocks: unknown kind %', p_kind;
  END IF;
${REFRESH_HOLD_CLOCKS}END $fn$;
`;
