// Migration 2: what the hold queue filters on (indexed), settings defaults, and the outbound gate
// extended to closing a shipment and to holds created behind a shipment's back.
export default /* sql */ `
ALTER TABLE holds ADD COLUMN station TEXT;
ALTER TABLE holds ADD COLUMN inspector_id INTEGER REFERENCES users(id);
CREATE INDEX holds_station_idx ON holds(station, created_at);
CREATE INDEX holds_inspector_idx ON holds(inspector_id, created_at);
CREATE INDEX holds_location_idx ON holds(location, created_at);

CREATE TABLE hold_reasons (
  hold_id  INTEGER NOT NULL REFERENCES holds(id),
  code     TEXT NOT NULL,
  PRIMARY KEY (hold_id, code)
) STRICT;
CREATE INDEX hold_reasons_code_idx ON hold_reasons(code, hold_id);

CREATE TABLE hold_brands (
  hold_id   INTEGER NOT NULL REFERENCES holds(id),
  brand_id  TEXT NOT NULL,
  PRIMARY KEY (hold_id, brand_id)
) STRICT;
CREATE INDEX hold_brands_brand_idx ON hold_brands(brand_id, hold_id);

CREATE INDEX shipment_parcels_shipment_idx ON shipment_parcels(shipment_id);
CREATE INDEX hold_decisions_hold_idx ON hold_decisions(hold_id);

INSERT OR IGNORE INTO settings (key, value) VALUES ('four_eyes', 'on');

-- A hold cannot be opened for a parcel already on a shipment: it must be taken off first.
CREATE TRIGGER holds_not_on_shipment BEFORE INSERT ON holds
WHEN EXISTS (SELECT 1 FROM shipment_parcels WHERE parcel_id = NEW.parcel_id)
BEGIN
  SELECT RAISE(ABORT, 'GATE_REFUSED: parcel is on an outbound shipment; remove it from the shipment first');
END;

-- Closing re-checks every parcel: none may have been held since it was scanned in.
CREATE TRIGGER shipments_close_gate BEFORE UPDATE OF status ON shipments
WHEN NEW.status = 'CLOSED'
BEGIN
  SELECT RAISE(ABORT, 'GATE_REFUSED: a parcel on this shipment is no longer cleared')
  WHERE EXISTS (
    SELECT 1 FROM shipment_parcels sp JOIN parcels p ON p.id = sp.parcel_id
    WHERE sp.shipment_id = NEW.id
      AND (p.status NOT IN ('CLEARED', 'RELEASED', 'SHIPPED')
           OR EXISTS (SELECT 1 FROM holds h WHERE h.parcel_id = p.id AND h.status IN ('OPEN', 'AWAITING_PROOF'))));
END;
`;
