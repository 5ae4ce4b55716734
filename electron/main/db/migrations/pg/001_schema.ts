// PostgreSQL migration 1: the schema SQLite reaches after its eight migrations (../001..008), built in
// one step, with the same tables, columns, constraints, indexes, settings rows and triggers. Released
// migrations are history: never edit, add a new one (and mirror SQLite's next migration here).
//
// Translation rules, so both engines judge every row the same way:
//   - text is `COLLATE "C"`: SQLite compares bytes, and so does "C", whatever locale the database was
//     created with (ISO dates, tracking numbers and codes sort and compare as on SQLite);
//   - `COLLATE NOCASE` is the case-insensitive ICU collation `nocase` created here, so users.name stays
//     unique and found regardless of case, and a query's `x = @y COLLATE NOCASE` means the same on both;
//   - INTEGER flags stay integers (0/1); ids are bigint identities; audit_events.seq is set by the app;
//   - GLOB checks are anchored regular expressions;
//   - each SQLite trigger is a PL/pgSQL function raising the very same text (the app matches on
//     'LIFECYCLE:' and 'GATE_REFUSED:'), SQLite's `IS NOT` written `IS DISTINCT FROM`;
//   - PostgreSQL fires a table's triggers for one event in name order, SQLite newest first: where one
//     event has several, the names carry their SQLite order (`t1_`, `t2_`…) so the same one speaks first;
//   - every trigger function reads the tables of `public` whoever fires it: its search_path is pinned,
//     so a session's temporary table named `parcels` (temporary tables come first by default) cannot
//     stand in for the real one;
//   - SQLite has no TRUNCATE; here TRUNCATE would skip the row triggers, so every table whose rows may
//     never be deleted refuses it as well.

/** SQLite's `SELECT RAISE(ABORT, msg) WHERE cond`, in PL/pgSQL (a NULL condition does not raise, as in SQLite). */
const refuse = (cond: string, message: string) =>
  `IF ${cond} THEN RAISE EXCEPTION USING MESSAGE = '${message.replace(/'/g, "''")}', ERRCODE = 'P0001'; END IF;`;

/** A BEFORE row trigger running `body`; `when` is SQLite's WHEN clause, checked first. */
function trigger(o: { name: string; fn?: string; on: string; event: string; when?: string; body: string }): string {
  const fn = o.fn ?? o.name;
  const done = o.event.startsWith('DELETE') ? 'OLD' : 'NEW';
  const when = o.when ? `IF (${o.when}) IS NOT TRUE THEN RETURN ${done}; END IF;\n  ` : '';
  return `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $fn$
BEGIN
  ${when}${o.body}
  RETURN ${done};
END $fn$;
CREATE TRIGGER ${o.name} BEFORE ${o.event} ON ${o.on} FOR EACH ROW EXECUTE FUNCTION ${fn}();`;
}

/** SQLite's unconditional `BEFORE UPDATE/DELETE ... RAISE(ABORT, …)`: one shared function, the text as its argument. */
const never = (table: string, what: 'UPDATE' | 'DELETE', message: string, name = `${table}_no_${what.toLowerCase()}`) =>
  `CREATE TRIGGER ${name} BEFORE ${what} ON ${table} FOR EACH ROW EXECUTE FUNCTION trigger_refuse('${message.replace(/'/g, "''")}');`;

/** TRUNCATE deletes rows without row triggers: refused where a row DELETE would be (a table with rows). */
const noTruncate = (table: string, message: string) =>
  `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION trigger_refuse_truncate('${message.replace(/'/g, "''")}');`;

const noReplace = (table: string, key: string) =>
  trigger({
    name: `${table}_no_replace`,
    on: table,
    event: 'INSERT',
    body: refuse(`EXISTS (SELECT 1 FROM ${table} WHERE ${key} = NEW.${key})`, `LIFECYCLE: ${table} rows are never replaced`),
  });

// The same edges and helpers as SQLite migration 003.
const PARCEL_EDGES = [
  'NEW>CLEARED', 'NEW>HELD', 'CLEARED>HELD', 'CLEARED>SHIPPED', 'HELD>AWAITING_PROOF', 'HELD>RELEASED', 'HELD>RETURNED',
  'HELD>DESTROYED', 'AWAITING_PROOF>RELEASED', 'AWAITING_PROOF>RETURNED', 'AWAITING_PROOF>DESTROYED', 'RELEASED>HELD', 'RELEASED>SHIPPED',
].map((e) => `'${e}'`).join(', ');
const HOLD_EDGES = [
  'OPEN>AWAITING_PROOF', 'OPEN>RELEASED', 'OPEN>RETURNED', 'OPEN>DESTROYED', 'AWAITING_PROOF>RELEASED', 'AWAITING_PROOF>RETURNED', 'AWAITING_PROOF>DESTROYED',
].map((e) => `'${e}'`).join(', ');
const DECISION_OF = (status: string) =>
  `(CASE ${status} WHEN 'AWAITING_PROOF' THEN 'AWAIT_PROOF' WHEN 'RELEASED' THEN 'RELEASE' WHEN 'RETURNED' THEN 'RETURN' WHEN 'DESTROYED' THEN 'DESTROY' END)`;
const OPEN_HOLD = (parcel: string) => `EXISTS (SELECT 1 FROM holds WHERE parcel_id = ${parcel} AND status IN ('OPEN', 'AWAITING_PROOF'))`;
const LAST_HOLD = (parcel: string) => `(SELECT id FROM holds WHERE parcel_id = ${parcel} ORDER BY id DESC LIMIT 1)`;
const DATE = `'^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`;
const GENESIS = `'${'0'.repeat(64)}'`;

const ON_SHIPMENT = 'GATE_REFUSED: parcel is on an outbound shipment; remove it from the shipment first';
const CLOSED_FINAL = 'GATE_REFUSED: a closed shipment never changes';
const APPEND_ONLY = 'audit events are append-only';
const V2_FIXED = 'audit encoding switch point never changes';

export default /* sql */ `
CREATE COLLATION nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);

CREATE FUNCTION trigger_refuse() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $fn$
BEGIN
  RAISE EXCEPTION USING MESSAGE = TG_ARGV[0], ERRCODE = 'P0001';
END $fn$;

CREATE FUNCTION trigger_refuse_truncate() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $fn$
DECLARE
  has_rows boolean;
BEGIN
  EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.%I)', TG_TABLE_SCHEMA, TG_TABLE_NAME) INTO has_rows;
  IF has_rows THEN
    RAISE EXCEPTION USING MESSAGE = TG_ARGV[0], ERRCODE = 'P0001';
  END IF;
  RETURN NULL;
END $fn$;

-- ---- registry (SQLite 001, 004) ------------------------------------------------------------
CREATE TABLE brands (
  id          text COLLATE "C" PRIMARY KEY,
  name        text COLLATE "C" NOT NULL,
  updated_at  text COLLATE "C" NOT NULL
);

-- The app lists a brand's children in the order they were written (SQLite's rowid): \`rowid\` keeps it.
CREATE TABLE brand_aliases (
  brand_id  text COLLATE "C" NOT NULL REFERENCES brands(id) ON DELETE CASCADE,
  alias     text COLLATE "C" NOT NULL,
  rowid     bigint GENERATED ALWAYS AS IDENTITY,
  PRIMARY KEY (brand_id, alias)
);

CREATE TABLE brand_gs1_prefixes (
  brand_id  text COLLATE "C" NOT NULL REFERENCES brands(id) ON DELETE CASCADE,
  prefix    text COLLATE "C" NOT NULL CHECK (prefix ~ '^[0-9]' AND length(prefix) BETWEEN 6 AND 12),
  rowid     bigint GENERATED ALWAYS AS IDENTITY,
  PRIMARY KEY (brand_id, prefix)
);
CREATE INDEX brand_gs1_prefix_idx ON brand_gs1_prefixes(prefix);

CREATE TABLE brand_stores (
  brand_id  text COLLATE "C" NOT NULL REFERENCES brands(id) ON DELETE CASCADE,
  channel   text COLLATE "C" NOT NULL,
  store_id  text COLLATE "C" NOT NULL,
  name      text COLLATE "C" NOT NULL,
  rowid     bigint GENERATED ALWAYS AS IDENTITY,
  PRIMARY KEY (brand_id, channel, store_id)
);

CREATE TABLE brand_lookalikes (
  brand_id  text COLLATE "C" NOT NULL REFERENCES brands(id) ON DELETE CASCADE,
  mark      text COLLATE "C" NOT NULL,
  source    text COLLATE "C",
  rowid     bigint GENERATED ALWAYS AS IDENTITY,
  PRIMARY KEY (brand_id, mark)
);

CREATE TABLE certificates (
  id             text COLLATE "C" PRIMARY KEY,
  brand_id       text COLLATE "C" NOT NULL REFERENCES brands(id),
  seller_name    text COLLATE "C" NOT NULL,
  seller_tax_id  text COLLATE "C" NOT NULL,
  valid_from     text COLLATE "C" NOT NULL,
  valid_to       text COLLATE "C" NOT NULL CHECK (valid_to >= valid_from),
  scope_json     text COLLATE "C" NOT NULL,
  updated_at     text COLLATE "C" NOT NULL
);
CREATE INDEX certificates_seller_idx ON certificates(seller_tax_id);

-- The admin's version of a shipped list (resources/counterfeit/*.json); none: the shipped one counts.
CREATE TABLE counterfeit_lists (
  name        text COLLATE "C" PRIMARY KEY CHECK (name IN ('lookalikes', 'phrases')),
  body        text COLLATE "C" NOT NULL,
  updated_at  text COLLATE "C" NOT NULL,
  updated_by  text COLLATE "C" NOT NULL
);

-- ---- orders (SQLite 001, 006; staging 003, 008) --------------------------------------------
CREATE TABLE orders (
  order_no        text COLLATE "C" PRIMARY KEY,
  tracking_no     text COLLATE "C" NOT NULL UNIQUE,
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
  delivery_date   text COLLATE "C" CHECK (delivery_date IS NULL OR delivery_date ~ ${DATE})
);

CREATE TABLE import_staging_orders (
  batch           text COLLATE "C" NOT NULL,
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
  delivery_date   text COLLATE "C",
  rowid           bigint GENERATED ALWAYS AS IDENTITY,
  PRIMARY KEY (batch, order_no)
);

-- ---- people, rules, photos (SQLite 001, 005) -----------------------------------------------
CREATE TABLE users (
  id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  name         text COLLATE nocase NOT NULL UNIQUE,
  role         text COLLATE "C" NOT NULL CHECK (role IN ('inspector', 'supervisor', 'admin')),
  pin_hash     text COLLATE "C" NOT NULL,
  locale       text COLLATE "C" NOT NULL DEFAULT 'zh' CHECK (locale IN ('zh', 'en')),
  active       integer NOT NULL DEFAULT 1,
  failed_pins  integer NOT NULL DEFAULT 0,
  locked_until text COLLATE "C",
  created_at   text COLLATE "C" NOT NULL
);

-- The version is the app's own number (max + 1), as on SQLite.
CREATE TABLE rulesets (
  version     integer PRIMARY KEY,
  created_at  text COLLATE "C" NOT NULL,
  definition  text COLLATE "C" NOT NULL,
  active      integer NOT NULL DEFAULT 0
);

CREATE TABLE photos (
  sha256         text COLLATE "C" PRIMARY KEY CHECK (length(sha256) = 64),
  bytes          bigint NOT NULL,
  mime           text COLLATE "C" NOT NULL,
  width          integer NOT NULL,
  height         integer NOT NULL,
  original_name  text COLLATE "C",
  stored_at      text COLLATE "C" NOT NULL
);

CREATE TABLE shelves (
  code        text COLLATE "C" PRIMARY KEY,
  label       text COLLATE "C" NOT NULL DEFAULT '',
  active      integer NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at  text COLLATE "C" NOT NULL,
  updated_at  text COLLATE "C" NOT NULL
);

CREATE TABLE holidays (
  date  text COLLATE "C" PRIMARY KEY CHECK (date ~ ${DATE}),
  name  text COLLATE "C" NOT NULL,
  type  text COLLATE "C" NOT NULL CHECK (type IN ('holiday', 'workday'))
);

-- ---- parcels, inspections, holds, decisions (SQLite 001, 002, 003, 006, 007) ----------------
-- One row per inbound tracking number. The status is what the outbound gate trusts.
CREATE TABLE parcels (
  id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  tracking_no  text COLLATE "C" NOT NULL UNIQUE,
  status       text COLLATE "C" NOT NULL CHECK (status IN ('NEW','CLEARED','HELD','RELEASED','AWAITING_PROOF','RETURNED','DESTROYED','SHIPPED')),
  created_at   text COLLATE "C" NOT NULL,
  updated_at   text COLLATE "C" NOT NULL,
  audit_seq    bigint
);

CREATE TABLE inspections (
  id               bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  parcel_id        bigint REFERENCES parcels(id),
  scan             text COLLATE "C",
  order_no         text COLLATE "C",
  station          text COLLATE "C" NOT NULL,
  inspector_id     bigint NOT NULL REFERENCES users(id),
  started_at       text COLLATE "C" NOT NULL,
  finished_at      text COLLATE "C" NOT NULL,
  outcome          text COLLATE "C" NOT NULL CHECK (outcome IN ('CLEAR', 'HOLD')),
  reasons          text COLLATE "C" NOT NULL,
  ruleset_version  integer NOT NULL REFERENCES rulesets(version),
  findings_json    text COLLATE "C" NOT NULL,
  reads_json       text COLLATE "C" NOT NULL,
  brands_json      text COLLATE "C" NOT NULL,
  timings_json     text COLLATE "C" NOT NULL,
  rules            text COLLATE "C",
  notes_json       text COLLATE "C" NOT NULL DEFAULT '[]'
);
CREATE INDEX inspections_parcel_idx ON inspections(parcel_id);
CREATE INDEX inspections_finished_idx ON inspections(finished_at);
CREATE INDEX inspections_station_idx ON inspections(station, finished_at);

CREATE TABLE inspection_photos (
  inspection_id  bigint NOT NULL REFERENCES inspections(id),
  position       integer NOT NULL,
  photo_sha256   text COLLATE "C" NOT NULL REFERENCES photos(sha256),
  PRIMARY KEY (inspection_id, position)
);

CREATE TABLE holds (
  id               bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  parcel_id        bigint NOT NULL REFERENCES parcels(id),
  inspection_id    bigint NOT NULL REFERENCES inspections(id),
  status           text COLLATE "C" NOT NULL CHECK (status IN ('OPEN','AWAITING_PROOF','RELEASED','RETURNED','DESTROYED')),
  reasons          text COLLATE "C" NOT NULL,
  location         text COLLATE "C",
  location_set_at  text COLLATE "C",
  created_at       text COLLATE "C" NOT NULL,
  decided_at       text COLLATE "C",
  decided_by       bigint REFERENCES users(id),
  decision_reason  text COLLATE "C",
  station          text COLLATE "C",
  inspector_id     bigint REFERENCES users(id)
);
CREATE INDEX holds_status_idx ON holds(status, created_at);
CREATE INDEX holds_parcel_idx ON holds(parcel_id);
-- At most one undecided hold per parcel.
CREATE UNIQUE INDEX holds_one_open_idx ON holds(parcel_id) WHERE status IN ('OPEN', 'AWAITING_PROOF');
CREATE INDEX holds_station_idx ON holds(station, created_at);
CREATE INDEX holds_inspector_idx ON holds(inspector_id, created_at);
CREATE INDEX holds_location_idx ON holds(location, created_at);

CREATE TABLE hold_decisions (
  id              bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  hold_id         bigint NOT NULL REFERENCES holds(id),
  disposition     text COLLATE "C" NOT NULL CHECK (disposition IN ('RELEASE','RETURN','DESTROY','AWAIT_PROOF')),
  reason          text COLLATE "C" NOT NULL CHECK (length(trim(reason)) > 0),
  decided_by      bigint NOT NULL REFERENCES users(id),
  decided_at      text COLLATE "C" NOT NULL,
  documents_json  text COLLATE "C" NOT NULL DEFAULT '[]'
);
CREATE INDEX hold_decisions_hold_idx ON hold_decisions(hold_id);

CREATE TABLE hold_reasons (
  hold_id  bigint NOT NULL REFERENCES holds(id),
  code     text COLLATE "C" NOT NULL,
  PRIMARY KEY (hold_id, code)
);
CREATE INDEX hold_reasons_code_idx ON hold_reasons(code, hold_id);

CREATE TABLE hold_brands (
  hold_id   bigint NOT NULL REFERENCES holds(id),
  brand_id  text COLLATE "C" NOT NULL,
  PRIMARY KEY (hold_id, brand_id)
);
CREATE INDEX hold_brands_brand_idx ON hold_brands(brand_id, hold_id);

-- "Wait for proof" as a recorded request: what was asked, of whom, when, by whom, until when.
CREATE TABLE proof_requests (
  id            bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  hold_id       bigint NOT NULL REFERENCES holds(id),
  decision_id   bigint REFERENCES hold_decisions(id),
  asked_json    text COLLATE "C" NOT NULL,
  customer      text COLLATE "C" NOT NULL,
  note          text COLLATE "C" NOT NULL,
  requested_at  text COLLATE "C" NOT NULL,
  requested_by  bigint NOT NULL REFERENCES users(id),
  deadline      text COLLATE "C" NOT NULL,
  status        text COLLATE "C" NOT NULL CHECK (status IN ('OPEN', 'RECEIVED', 'CLOSED')),
  closed_at     text COLLATE "C"
);
CREATE INDEX proof_requests_hold_idx ON proof_requests(hold_id);
CREATE INDEX proof_requests_open_idx ON proof_requests(status, deadline);
-- At most one request in progress per hold.
CREATE UNIQUE INDEX proof_requests_one_open_idx ON proof_requests(hold_id) WHERE status IN ('OPEN', 'RECEIVED');

-- Documents received (photos or PDFs), content-addressed like photos and stored beside them.
CREATE TABLE proof_documents (
  request_id   bigint NOT NULL REFERENCES proof_requests(id),
  sha256       text COLLATE "C" NOT NULL REFERENCES photos(sha256),
  received_at  text COLLATE "C" NOT NULL,
  received_by  bigint NOT NULL REFERENCES users(id),
  PRIMARY KEY (request_id, sha256)
);

-- ---- counterfeit sellers (SQLite 004) -------------------------------------------------------
-- A seller whose parcel a supervisor destroyed or returned as counterfeit, until an admin clears it.
CREATE TABLE seller_flags (
  id            bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  store_id      text COLLATE "C",
  credit_code   text COLLATE "C",
  hold_id       bigint NOT NULL REFERENCES holds(id),
  tracking_no   text COLLATE "C" NOT NULL,
  disposition   text COLLATE "C" NOT NULL CHECK (disposition IN ('RETURN', 'DESTROY')),
  reason        text COLLATE "C" NOT NULL,
  decided_by    text COLLATE "C" NOT NULL,
  decided_at    text COLLATE "C" NOT NULL,
  cleared_at    text COLLATE "C",
  cleared_by    text COLLATE "C",
  clear_reason  text COLLATE "C",
  CHECK (store_id IS NOT NULL OR credit_code IS NOT NULL)
);
CREATE INDEX seller_flags_store_idx ON seller_flags(store_id) WHERE cleared_at IS NULL;
CREATE INDEX seller_flags_code_idx ON seller_flags(credit_code) WHERE cleared_at IS NULL;

CREATE TABLE seller_list_entries (
  id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  list         text COLLATE "C" NOT NULL CHECK (list IN ('allow', 'deny')),
  store_id     text COLLATE "C",
  credit_code  text COLLATE "C",
  brand_id     text COLLATE "C",
  channel      text COLLATE "C",
  reason       text COLLATE "C" NOT NULL,
  added_by     text COLLATE "C" NOT NULL,
  added_at     text COLLATE "C" NOT NULL,
  expires_on   text COLLATE "C" NOT NULL CHECK (expires_on ~ ${DATE}),
  removed_at   text COLLATE "C",
  removed_by   text COLLATE "C",
  CHECK (store_id IS NOT NULL OR credit_code IS NOT NULL),
  CHECK (list = 'deny' OR (brand_id IS NOT NULL AND channel IS NOT NULL))
);
CREATE INDEX seller_list_store_idx ON seller_list_entries(store_id) WHERE removed_at IS NULL;
CREATE INDEX seller_list_code_idx ON seller_list_entries(credit_code) WHERE removed_at IS NULL;

-- ---- shipments (SQLite 001, 002) ------------------------------------------------------------
CREATE TABLE shipments (
  id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  destination  text COLLATE "C" NOT NULL,
  carrier      text COLLATE "C" NOT NULL,
  status       text COLLATE "C" NOT NULL CHECK (status IN ('OPEN', 'CLOSED')),
  created_at   text COLLATE "C" NOT NULL,
  created_by   bigint NOT NULL REFERENCES users(id),
  closed_at    text COLLATE "C"
);

CREATE TABLE shipment_parcels (
  shipment_id  bigint NOT NULL REFERENCES shipments(id),
  parcel_id    bigint NOT NULL UNIQUE REFERENCES parcels(id),
  added_at     text COLLATE "C" NOT NULL,
  added_by     bigint NOT NULL REFERENCES users(id),
  PRIMARY KEY (shipment_id, parcel_id)
);
CREATE INDEX shipment_parcels_shipment_idx ON shipment_parcels(shipment_id);

-- ---- audit and settings (SQLite 001, 002, 003) ----------------------------------------------
CREATE TABLE audit_events (
  seq          bigint PRIMARY KEY,
  at           text COLLATE "C" NOT NULL,
  actor        text COLLATE "C" NOT NULL,
  action       text COLLATE "C" NOT NULL,
  entity_type  text COLLATE "C" NOT NULL,
  entity_id    text COLLATE "C" NOT NULL,
  details      text COLLATE "C" NOT NULL,
  prev_hash    text COLLATE "C" NOT NULL,
  hash         text COLLATE "C" NOT NULL
);
CREATE INDEX audit_action_idx ON audit_events(action);
CREATE INDEX audit_entity_idx ON audit_events(entity_type, entity_id);

CREATE TABLE settings (
  key    text COLLATE "C" PRIMARY KEY,
  value  text COLLATE "C" NOT NULL
);
INSERT INTO settings (key, value) VALUES ('four_eyes', 'on');
-- A new database hashes every event with version 2 (SQLite: the first event after migration 3).
INSERT INTO settings (key, value) VALUES ('audit_v2_from', '1');

-- ==== the outbound gate (SQLite 001, 002, 003) ===============================================
-- Only a parcel that is cleared or released (and has no undecided hold) can join a shipment, whatever
-- code path or station tries. SQLite fires no_replace (003) before gate (001).
${trigger({
  name: 't1_shipment_parcels_no_replace',
  fn: 'shipment_parcels_no_replace',
  on: 'shipment_parcels',
  event: 'INSERT',
  when: 'EXISTS (SELECT 1 FROM shipment_parcels WHERE parcel_id = NEW.parcel_id)',
  body: refuse('TRUE', 'GATE_REFUSED: the parcel is already on a shipment'),
})}
${trigger({
  name: 't2_shipment_parcels_gate',
  fn: 'shipment_parcels_gate',
  on: 'shipment_parcels',
  event: 'INSERT',
  body: `${refuse(
    `(SELECT status FROM parcels WHERE id = NEW.parcel_id) NOT IN ('CLEARED', 'RELEASED')
     OR EXISTS (SELECT 1 FROM holds WHERE parcel_id = NEW.parcel_id AND status IN ('OPEN', 'AWAITING_PROOF'))`,
    'GATE_REFUSED: parcel is not cleared for forwarding',
  )}
  ${refuse(`(SELECT status FROM shipments WHERE id = NEW.shipment_id) <> 'OPEN'`, 'GATE_REFUSED: shipment is closed')}`,
})}
${never('shipment_parcels', 'UPDATE', 'LIFECYCLE: shipment lines are never changed; remove and add')}
${trigger({
  name: 'shipment_parcels_closed_delete',
  on: 'shipment_parcels',
  event: 'DELETE',
  when: `(SELECT status FROM shipments WHERE id = OLD.shipment_id) IS DISTINCT FROM 'OPEN'`,
  body: refuse('TRUE', CLOSED_FINAL),
})}
CREATE FUNCTION shipment_parcels_no_truncate() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $fn$
BEGIN
  ${refuse(`EXISTS (SELECT 1 FROM shipment_parcels sp WHERE (SELECT status FROM shipments WHERE id = sp.shipment_id) IS DISTINCT FROM 'OPEN')`, CLOSED_FINAL)}
  RETURN NULL;
END $fn$;
CREATE TRIGGER shipment_parcels_no_truncate BEFORE TRUNCATE ON shipment_parcels FOR EACH STATEMENT EXECUTE FUNCTION shipment_parcels_no_truncate();

${trigger({
  name: 'shipments_born_open',
  on: 'shipments',
  event: 'INSERT',
  body: `${refuse(`NEW.status <> 'OPEN'`, 'LIFECYCLE: a shipment is created OPEN')}
  ${refuse('EXISTS (SELECT 1 FROM shipments WHERE id = NEW.id)', 'LIFECYCLE: shipments rows are never replaced')}`,
})}
-- SQLite fires closed_final (003) before close_gate (002).
${trigger({
  name: 't1_shipments_closed_final',
  fn: 'shipments_closed_final',
  on: 'shipments',
  event: 'UPDATE',
  when: `OLD.status = 'CLOSED' OR NEW.id IS DISTINCT FROM OLD.id`,
  body: refuse('TRUE', CLOSED_FINAL),
})}
-- Closing re-checks every parcel: none may have been held since it was scanned in.
${trigger({
  name: 't2_shipments_close_gate',
  fn: 'shipments_close_gate',
  on: 'shipments',
  event: 'UPDATE OF status',
  when: `NEW.status = 'CLOSED'`,
  body: refuse(
    `EXISTS (
      SELECT 1 FROM shipment_parcels sp JOIN parcels p ON p.id = sp.parcel_id
      WHERE sp.shipment_id = NEW.id
        AND (p.status NOT IN ('CLEARED', 'RELEASED', 'SHIPPED')
             OR EXISTS (SELECT 1 FROM holds h WHERE h.parcel_id = p.id AND h.status IN ('OPEN', 'AWAITING_PROOF'))))`,
    'GATE_REFUSED: a parcel on this shipment is no longer cleared',
  ),
})}
${never('shipments', 'DELETE', 'LIFECYCLE: shipments are never deleted')}
${noTruncate('shipments', 'LIFECYCLE: shipments are never deleted')}

-- ==== parcels: the lifecycle (SQLite 001, 003; the same rules as shared/lifecycle.ts) ===========
${trigger({
  name: 'parcels_born_new',
  on: 'parcels',
  event: 'INSERT',
  body: `${refuse(`NEW.status <> 'NEW'`, 'LIFECYCLE: a parcel is created NEW, by its first inspection')}
  ${refuse('EXISTS (SELECT 1 FROM parcels WHERE id = NEW.id OR tracking_no = NEW.tracking_no)', 'LIFECYCLE: parcels rows are never replaced')}`,
})}
${never('parcels', 'DELETE', 'LIFECYCLE: parcels are never deleted')}
${noTruncate('parcels', 'LIFECYCLE: parcels are never deleted')}
-- SQLite fires lifecycle, then fixed_identity (both 003), then no_hold_when_shipped (001).
${trigger({
  name: 't1_parcels_lifecycle',
  fn: 'parcels_lifecycle',
  on: 'parcels',
  event: 'UPDATE OF status',
  when: 'NEW.status <> OLD.status',
  body: `${refuse(`(OLD.status || '>' || NEW.status) NOT IN (${PARCEL_EDGES})`, 'LIFECYCLE: this status change is not allowed')}
  ${refuse(
    `NEW.audit_seq IS NULL
     OR NEW.audit_seq <= coalesce(OLD.audit_seq, 0)
     OR NEW.audit_seq IS DISTINCT FROM (SELECT max(seq) FROM audit_events)
     OR NOT EXISTS (
       SELECT 1 FROM audit_events e WHERE e.seq = NEW.audit_seq AND (
         (e.entity_type = 'parcel' AND e.entity_id = NEW.tracking_no)
         OR (e.entity_type = 'shipment' AND e.action = 'shipment.close'
             AND e.entity_id = (SELECT CAST(shipment_id AS text) FROM shipment_parcels WHERE parcel_id = NEW.id))))`,
    'LIFECYCLE: a status change must be written with its audit event',
  )}
  ${refuse(
    `NEW.status = 'CLEARED'
     AND ((SELECT outcome FROM inspections WHERE parcel_id = NEW.id ORDER BY id DESC LIMIT 1) IS DISTINCT FROM 'CLEAR' OR ${OPEN_HOLD('NEW.id')})`,
    'LIFECYCLE: cleared only by an inspection that cleared it, with no undecided hold',
  )}
  ${refuse(
    `NEW.status = 'HELD'
     AND (NOT ${OPEN_HOLD('NEW.id')}
          OR (SELECT status FROM holds WHERE id = ${LAST_HOLD('NEW.id')}) IS DISTINCT FROM 'OPEN'
          OR EXISTS (SELECT 1 FROM shipment_parcels WHERE parcel_id = NEW.id))`,
    'LIFECYCLE: held only with an open hold, off any shipment',
  )}
  ${refuse(
    `NEW.status = 'SHIPPED'
     AND ((SELECT s.status FROM shipment_parcels sp JOIN shipments s ON s.id = sp.shipment_id WHERE sp.parcel_id = NEW.id) IS DISTINCT FROM 'CLOSED'
          OR ${OPEN_HOLD('NEW.id')})`,
    'LIFECYCLE: shipped only as a line of a closed shipment',
  )}
  ${refuse(
    `NEW.status IN ('AWAITING_PROOF', 'RELEASED', 'RETURNED', 'DESTROYED')
     AND ((SELECT status FROM holds WHERE id = ${LAST_HOLD('NEW.id')}) IS DISTINCT FROM NEW.status
          OR (SELECT disposition FROM hold_decisions WHERE hold_id = ${LAST_HOLD('NEW.id')} ORDER BY id DESC LIMIT 1) IS DISTINCT FROM ${DECISION_OF('NEW.status')})`,
    "LIFECYCLE: only a supervisor's decision on its hold settles a held parcel",
  )}`,
})}
${trigger({
  name: 't2_parcels_fixed_identity',
  fn: 'parcels_fixed_identity',
  on: 'parcels',
  event: 'UPDATE OF id, tracking_no, created_at',
  when: 'NEW.id IS DISTINCT FROM OLD.id OR NEW.tracking_no IS DISTINCT FROM OLD.tracking_no OR NEW.created_at IS DISTINCT FROM OLD.created_at',
  body: refuse('TRUE', 'LIFECYCLE: a parcel keeps its id and tracking number'),
})}
-- A parcel on a shipment cannot be put back on hold behind the gate's back; it must leave the shipment first.
${trigger({
  name: 't3_parcels_no_hold_when_shipped',
  fn: 'parcels_no_hold_when_shipped',
  on: 'parcels',
  event: 'UPDATE OF status',
  when: `NEW.status IN ('HELD', 'AWAITING_PROOF', 'RETURNED', 'DESTROYED') AND EXISTS (SELECT 1 FROM shipment_parcels WHERE parcel_id = NEW.id)`,
  body: refuse('TRUE', ON_SHIPMENT),
})}

-- ==== inspections: evidence, never changed (SQLite 003) =======================================
${never('inspections', 'UPDATE', 'LIFECYCLE: inspections are never changed')}
${never('inspections', 'DELETE', 'LIFECYCLE: inspections are never deleted')}
${noTruncate('inspections', 'LIFECYCLE: inspections are never deleted')}
${noReplace('inspections', 'id')}
${never('inspection_photos', 'UPDATE', 'LIFECYCLE: inspection photos are never changed')}
${never('inspection_photos', 'DELETE', 'LIFECYCLE: inspection photos are never deleted')}
${noTruncate('inspection_photos', 'LIFECYCLE: inspection photos are never deleted')}

-- ==== holds (SQLite 002, 003) ==================================================================
-- SQLite fires born_open (003) before not_on_shipment (002).
${trigger({
  name: 't1_holds_born_open',
  fn: 'holds_born_open',
  on: 'holds',
  event: 'INSERT',
  body: `${refuse(`NEW.status <> 'OPEN'`, 'LIFECYCLE: a hold is opened OPEN')}
  ${refuse('EXISTS (SELECT 1 FROM holds WHERE id = NEW.id)', 'LIFECYCLE: holds rows are never replaced')}`,
})}
-- A hold cannot be opened for a parcel already on a shipment: it must be taken off first.
${trigger({
  name: 't2_holds_not_on_shipment',
  fn: 'holds_not_on_shipment',
  on: 'holds',
  event: 'INSERT',
  when: 'EXISTS (SELECT 1 FROM shipment_parcels WHERE parcel_id = NEW.parcel_id)',
  body: refuse('TRUE', ON_SHIPMENT),
})}
${never('holds', 'DELETE', 'LIFECYCLE: holds are never deleted')}
${noTruncate('holds', 'LIFECYCLE: holds are never deleted')}
${trigger({
  name: 'holds_lifecycle',
  on: 'holds',
  event: 'UPDATE',
  body: `${refuse(
    `NEW.id IS DISTINCT FROM OLD.id OR NEW.parcel_id IS DISTINCT FROM OLD.parcel_id OR NEW.inspection_id IS DISTINCT FROM OLD.inspection_id
     OR NEW.created_at IS DISTINCT FROM OLD.created_at OR NEW.reasons IS DISTINCT FROM OLD.reasons`,
    'LIFECYCLE: a hold keeps its parcel, inspection and reasons',
  )}
  ${refuse(
    `OLD.status NOT IN ('OPEN', 'AWAITING_PROOF')
     AND (NEW.status IS DISTINCT FROM OLD.status OR NEW.decided_at IS DISTINCT FROM OLD.decided_at OR NEW.decided_by IS DISTINCT FROM OLD.decided_by
          OR NEW.decision_reason IS DISTINCT FROM OLD.decision_reason OR NEW.location IS DISTINCT FROM OLD.location)`,
    'LIFECYCLE: a decided hold is final',
  )}
  ${refuse(`NEW.status <> OLD.status AND (OLD.status || '>' || NEW.status) NOT IN (${HOLD_EDGES})`, 'LIFECYCLE: this hold status change is not allowed')}
  ${refuse(
    `NEW.status <> OLD.status
     AND ((SELECT disposition FROM hold_decisions WHERE hold_id = NEW.id ORDER BY id DESC LIMIT 1) IS DISTINCT FROM ${DECISION_OF('NEW.status')}
          OR (SELECT entity_id FROM audit_events ORDER BY seq DESC LIMIT 1) IS DISTINCT FROM (SELECT tracking_no FROM parcels WHERE id = NEW.parcel_id))`,
    'LIFECYCLE: a hold is decided only with its decision and audit event',
  )}`,
})}
${never('hold_reasons', 'UPDATE', 'LIFECYCLE: hold reasons are never changed')}
${never('hold_reasons', 'DELETE', 'LIFECYCLE: hold reasons are never deleted')}
${noTruncate('hold_reasons', 'LIFECYCLE: hold reasons are never deleted')}
${never('hold_brands', 'UPDATE', 'LIFECYCLE: hold brands are never changed')}
${never('hold_brands', 'DELETE', 'LIFECYCLE: hold brands are never deleted')}
${noTruncate('hold_brands', 'LIFECYCLE: hold brands are never deleted')}
${never('hold_decisions', 'UPDATE', 'LIFECYCLE: decisions are never changed')}
${never('hold_decisions', 'DELETE', 'LIFECYCLE: decisions are never deleted')}
${noTruncate('hold_decisions', 'LIFECYCLE: decisions are never deleted')}
${trigger({
  name: 'hold_decisions_on_undecided',
  on: 'hold_decisions',
  event: 'INSERT',
  body: `${refuse('EXISTS (SELECT 1 FROM hold_decisions WHERE id = NEW.id)', 'LIFECYCLE: hold_decisions rows are never replaced')}
  ${refuse(`(SELECT status FROM holds WHERE id = NEW.hold_id) NOT IN ('OPEN', 'AWAITING_PROOF')`, 'LIFECYCLE: a decided hold takes no further decision')}`,
})}

-- ==== proof documents are evidence (SQLite 006) ================================================
${never('proof_documents', 'DELETE', 'received documents are evidence and cannot be removed')}
${noTruncate('proof_documents', 'received documents are evidence and cannot be removed')}

-- ==== audit chain: appended only at its end, linked to its head, never changed (SQLite 001, 003) ==
${never('audit_events', 'UPDATE', APPEND_ONLY)}
${never('audit_events', 'DELETE', APPEND_ONLY)}
${noTruncate('audit_events', APPEND_ONLY)}
${trigger({
  name: 'audit_events_append_only',
  on: 'audit_events',
  event: 'INSERT',
  body: refuse(
    `NEW.seq IS DISTINCT FROM coalesce((SELECT max(seq) FROM audit_events), 0) + 1
     OR NEW.prev_hash IS DISTINCT FROM coalesce((SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1), ${GENESIS})`,
    APPEND_ONLY,
  ),
})}

-- The audit encoding switch point is written once and never changes.
${trigger({ name: 'settings_audit_v2_fixed', on: 'settings', event: 'UPDATE', when: `OLD.key = 'audit_v2_from'`, body: refuse('TRUE', V2_FIXED) })}
${trigger({ name: 'settings_audit_v2_kept', on: 'settings', event: 'DELETE', when: `OLD.key = 'audit_v2_from'`, body: refuse('TRUE', V2_FIXED) })}
${trigger({
  name: 'settings_audit_v2_once',
  on: 'settings',
  event: 'INSERT',
  when: `NEW.key = 'audit_v2_from' AND EXISTS (SELECT 1 FROM settings WHERE key = 'audit_v2_from')`,
  body: refuse('TRUE', V2_FIXED),
})}
CREATE FUNCTION settings_audit_v2_no_truncate() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $fn$
BEGIN
  ${refuse(`EXISTS (SELECT 1 FROM settings WHERE key = 'audit_v2_from')`, V2_FIXED)}
  RETURN NULL;
END $fn$;
CREATE TRIGGER settings_audit_v2_no_truncate BEFORE TRUNCATE ON settings FOR EACH STATEMENT EXECUTE FUNCTION settings_audit_v2_no_truncate();
`;
