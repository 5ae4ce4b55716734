// Migration 1: the whole initial schema. Released migrations are history: never edit, add a new one.
export default /* sql */ `
CREATE TABLE brands (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE brand_aliases (
  brand_id  TEXT NOT NULL REFERENCES brands(id) ON DELETE CASCADE,
  alias     TEXT NOT NULL,
  PRIMARY KEY (brand_id, alias)
) STRICT;

CREATE TABLE brand_gs1_prefixes (
  brand_id  TEXT NOT NULL REFERENCES brands(id) ON DELETE CASCADE,
  prefix    TEXT NOT NULL CHECK (prefix GLOB '[0-9]*' AND length(prefix) BETWEEN 6 AND 12),
  PRIMARY KEY (brand_id, prefix)
) STRICT;
CREATE INDEX brand_gs1_prefix_idx ON brand_gs1_prefixes(prefix);

CREATE TABLE brand_stores (
  brand_id  TEXT NOT NULL REFERENCES brands(id) ON DELETE CASCADE,
  channel   TEXT NOT NULL,
  store_id  TEXT NOT NULL,
  name      TEXT NOT NULL,
  PRIMARY KEY (brand_id, channel, store_id)
) STRICT;

CREATE TABLE certificates (
  id             TEXT PRIMARY KEY,
  brand_id       TEXT NOT NULL REFERENCES brands(id),
  seller_name    TEXT NOT NULL,
  seller_tax_id  TEXT NOT NULL,
  valid_from     TEXT NOT NULL,
  valid_to       TEXT NOT NULL CHECK (valid_to >= valid_from),
  scope_json     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
) STRICT;
CREATE INDEX certificates_seller_idx ON certificates(seller_tax_id);

CREATE TABLE orders (
  order_no        TEXT PRIMARY KEY,
  tracking_no     TEXT NOT NULL UNIQUE,
  customer        TEXT NOT NULL,
  item            TEXT NOT NULL,
  declared_brand  TEXT,
  category        TEXT NOT NULL,
  channel         TEXT NOT NULL,
  store_id        TEXT NOT NULL,
  store_name      TEXT NOT NULL,
  seller_tax_id   TEXT,
  purchase_date   TEXT NOT NULL,
  amount_fen      INTEGER NOT NULL,
  updated_at      TEXT NOT NULL
) STRICT;

CREATE TABLE users (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
  role        TEXT NOT NULL CHECK (role IN ('inspector', 'supervisor', 'admin')),
  pin_hash    TEXT NOT NULL,
  locale      TEXT NOT NULL DEFAULT 'zh' CHECK (locale IN ('zh', 'en')),
  active      INTEGER NOT NULL DEFAULT 1,
  failed_pins INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE rulesets (
  version     INTEGER PRIMARY KEY,
  created_at  TEXT NOT NULL,
  definition  TEXT NOT NULL,
  active      INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE photos (
  sha256         TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  bytes          INTEGER NOT NULL,
  mime           TEXT NOT NULL,
  width          INTEGER NOT NULL,
  height         INTEGER NOT NULL,
  original_name  TEXT,
  stored_at      TEXT NOT NULL
) STRICT;

-- One row per inbound tracking number. The status is what the outbound gate trusts.
CREATE TABLE parcels (
  id           INTEGER PRIMARY KEY,
  tracking_no  TEXT NOT NULL UNIQUE,
  status       TEXT NOT NULL CHECK (status IN ('NEW','CLEARED','HELD','RELEASED','AWAITING_PROOF','RETURNED','DESTROYED','SHIPPED')),
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
) STRICT;

CREATE TABLE inspections (
  id               INTEGER PRIMARY KEY,
  parcel_id        INTEGER REFERENCES parcels(id),
  scan             TEXT,
  order_no         TEXT,
  station          TEXT NOT NULL,
  inspector_id     INTEGER NOT NULL REFERENCES users(id),
  started_at       TEXT NOT NULL,
  finished_at      TEXT NOT NULL,
  outcome          TEXT NOT NULL CHECK (outcome IN ('CLEAR', 'HOLD')),
  reasons          TEXT NOT NULL,
  ruleset_version  INTEGER NOT NULL REFERENCES rulesets(version),
  findings_json    TEXT NOT NULL,
  reads_json       TEXT NOT NULL,
  brands_json      TEXT NOT NULL,
  timings_json     TEXT NOT NULL
) STRICT;
CREATE INDEX inspections_parcel_idx ON inspections(parcel_id);
CREATE INDEX inspections_finished_idx ON inspections(finished_at);
CREATE INDEX inspections_station_idx ON inspections(station, finished_at);

CREATE TABLE inspection_photos (
  inspection_id  INTEGER NOT NULL REFERENCES inspections(id),
  position       INTEGER NOT NULL,
  photo_sha256   TEXT NOT NULL REFERENCES photos(sha256),
  PRIMARY KEY (inspection_id, position)
) STRICT;

CREATE TABLE holds (
  id               INTEGER PRIMARY KEY,
  parcel_id        INTEGER NOT NULL REFERENCES parcels(id),
  inspection_id    INTEGER NOT NULL REFERENCES inspections(id),
  status           TEXT NOT NULL CHECK (status IN ('OPEN','AWAITING_PROOF','RELEASED','RETURNED','DESTROYED')),
  reasons          TEXT NOT NULL,
  location         TEXT,
  location_set_at  TEXT,
  created_at       TEXT NOT NULL,
  decided_at       TEXT,
  decided_by       INTEGER REFERENCES users(id),
  decision_reason  TEXT
) STRICT;
CREATE INDEX holds_status_idx ON holds(status, created_at);
CREATE INDEX holds_parcel_idx ON holds(parcel_id);
-- At most one undecided hold per parcel.
CREATE UNIQUE INDEX holds_one_open_idx ON holds(parcel_id) WHERE status IN ('OPEN', 'AWAITING_PROOF');

CREATE TABLE hold_decisions (
  id            INTEGER PRIMARY KEY,
  hold_id       INTEGER NOT NULL REFERENCES holds(id),
  disposition   TEXT NOT NULL CHECK (disposition IN ('RELEASE','RETURN','DESTROY','AWAIT_PROOF')),
  reason        TEXT NOT NULL CHECK (length(trim(reason)) > 0),
  decided_by    INTEGER NOT NULL REFERENCES users(id),
  decided_at    TEXT NOT NULL,
  documents_json TEXT NOT NULL DEFAULT '[]'
) STRICT;

CREATE TABLE shipments (
  id           INTEGER PRIMARY KEY,
  destination  TEXT NOT NULL,
  carrier      TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('OPEN', 'CLOSED')),
  created_at   TEXT NOT NULL,
  created_by   INTEGER NOT NULL REFERENCES users(id),
  closed_at    TEXT
) STRICT;

CREATE TABLE shipment_parcels (
  shipment_id  INTEGER NOT NULL REFERENCES shipments(id),
  parcel_id    INTEGER NOT NULL UNIQUE REFERENCES parcels(id),
  added_at     TEXT NOT NULL,
  added_by     INTEGER NOT NULL REFERENCES users(id),
  PRIMARY KEY (shipment_id, parcel_id)
) STRICT;

-- The outbound gate, enforced by the database itself: only a parcel that is cleared or released
-- (and has no undecided hold) can join a shipment, whatever code path or station tries.
CREATE TRIGGER shipment_parcels_gate BEFORE INSERT ON shipment_parcels
BEGIN
  SELECT RAISE(ABORT, 'GATE_REFUSED: parcel is not cleared for forwarding')
  WHERE (SELECT status FROM parcels WHERE id = NEW.parcel_id) NOT IN ('CLEARED', 'RELEASED')
     OR EXISTS (SELECT 1 FROM holds WHERE parcel_id = NEW.parcel_id AND status IN ('OPEN', 'AWAITING_PROOF'));
  SELECT RAISE(ABORT, 'GATE_REFUSED: shipment is closed')
  WHERE (SELECT status FROM shipments WHERE id = NEW.shipment_id) <> 'OPEN';
END;

-- A parcel on a shipment cannot be put back on hold behind the gate's back; it must leave the shipment first.
CREATE TRIGGER parcels_no_hold_when_shipped BEFORE UPDATE OF status ON parcels
WHEN NEW.status IN ('HELD', 'AWAITING_PROOF', 'RETURNED', 'DESTROYED')
  AND EXISTS (SELECT 1 FROM shipment_parcels WHERE parcel_id = NEW.id)
BEGIN
  SELECT RAISE(ABORT, 'GATE_REFUSED: parcel is on an outbound shipment; remove it from the shipment first');
END;

CREATE TABLE audit_events (
  seq          INTEGER PRIMARY KEY,
  at           TEXT NOT NULL,
  actor        TEXT NOT NULL,
  action       TEXT NOT NULL,
  entity_type  TEXT NOT NULL,
  entity_id    TEXT NOT NULL,
  details      TEXT NOT NULL,
  prev_hash    TEXT NOT NULL,
  hash         TEXT NOT NULL
) STRICT;
CREATE INDEX audit_action_idx ON audit_events(action);
CREATE INDEX audit_entity_idx ON audit_events(entity_type, entity_id);

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
  SELECT RAISE(ABORT, 'audit events are append-only');
END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
  SELECT RAISE(ABORT, 'audit events are append-only');
END;

CREATE TABLE settings (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
) STRICT;
`;
