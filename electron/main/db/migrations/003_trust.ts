// Migration 3: the parcel lifecycle enforced by the database on every path (the same rules as
// shared/lifecycle.ts, compared in test/integration/lifecycle.test.ts), and the audit chain closed
// against INSERT OR REPLACE and out-of-chain inserts.
//
// A status change must carry the audit event it was written with: parcels.audit_seq names the newest
// event of the chain, which must name this parcel (or close its shipment). Holds, their reasons and
// decisions, inspections and parcels are never deleted; shipment lines are never updated; a closed
// shipment never changes. BEFORE INSERT triggers refuse an existing key, so INSERT OR REPLACE cannot
// delete a row behind the triggers' back (REPLACE's implicit delete fires no delete trigger).
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
const never = (table: string, what: 'UPDATE' | 'DELETE', why: string) =>
  `CREATE TRIGGER ${table}_no_${what.toLowerCase()} BEFORE ${what} ON ${table} BEGIN SELECT RAISE(ABORT, 'LIFECYCLE: ${why}'); END;`;
const noReplace = (table: string, key: string) =>
  `CREATE TRIGGER ${table}_no_replace BEFORE INSERT ON ${table} WHEN EXISTS (SELECT 1 FROM ${table} WHERE ${key} = NEW.${key})
   BEGIN SELECT RAISE(ABORT, 'LIFECYCLE: ${table} rows are never replaced'); END;`;

export default /* sql */ `
ALTER TABLE parcels ADD COLUMN audit_seq INTEGER;
-- The rules that made each verdict, "id@version,…" (shared/rules/ruleIdentity.ts); NULL before.
ALTER TABLE inspections ADD COLUMN rules TEXT;

-- ---- parcels ------------------------------------------------------------------------------
CREATE TRIGGER parcels_born_new BEFORE INSERT ON parcels
BEGIN
  SELECT RAISE(ABORT, 'LIFECYCLE: a parcel is created NEW, by its first inspection') WHERE NEW.status <> 'NEW';
  SELECT RAISE(ABORT, 'LIFECYCLE: parcels rows are never replaced')
  WHERE EXISTS (SELECT 1 FROM parcels WHERE id = NEW.id OR tracking_no = NEW.tracking_no);
END;
${never('parcels', 'DELETE', 'parcels are never deleted')}
CREATE TRIGGER parcels_fixed_identity BEFORE UPDATE OF id, tracking_no, created_at ON parcels
WHEN NEW.id IS NOT OLD.id OR NEW.tracking_no IS NOT OLD.tracking_no OR NEW.created_at IS NOT OLD.created_at
BEGIN
  SELECT RAISE(ABORT, 'LIFECYCLE: a parcel keeps its id and tracking number');
END;

CREATE TRIGGER parcels_lifecycle BEFORE UPDATE OF status ON parcels
WHEN NEW.status <> OLD.status
BEGIN
  SELECT RAISE(ABORT, 'LIFECYCLE: this status change is not allowed')
  WHERE (OLD.status || '>' || NEW.status) NOT IN (${PARCEL_EDGES});
  SELECT RAISE(ABORT, 'LIFECYCLE: a status change must be written with its audit event')
  WHERE NEW.audit_seq IS NULL
     OR NEW.audit_seq <= coalesce(OLD.audit_seq, 0)
     OR NEW.audit_seq IS NOT (SELECT max(seq) FROM audit_events)
     OR NOT EXISTS (
       SELECT 1 FROM audit_events e WHERE e.seq = NEW.audit_seq AND (
         (e.entity_type = 'parcel' AND e.entity_id = NEW.tracking_no)
         OR (e.entity_type = 'shipment' AND e.action = 'shipment.close'
             AND e.entity_id = (SELECT CAST(shipment_id AS TEXT) FROM shipment_parcels WHERE parcel_id = NEW.id))));
  SELECT RAISE(ABORT, 'LIFECYCLE: cleared only by an inspection that cleared it, with no undecided hold')
  WHERE NEW.status = 'CLEARED'
    AND ((SELECT outcome FROM inspections WHERE parcel_id = NEW.id ORDER BY id DESC LIMIT 1) IS NOT 'CLEAR' OR ${OPEN_HOLD('NEW.id')});
  SELECT RAISE(ABORT, 'LIFECYCLE: held only with an open hold, off any shipment')
  WHERE NEW.status = 'HELD'
    AND (NOT ${OPEN_HOLD('NEW.id')}
         OR (SELECT status FROM holds WHERE id = ${LAST_HOLD('NEW.id')}) IS NOT 'OPEN'
         OR EXISTS (SELECT 1 FROM shipment_parcels WHERE parcel_id = NEW.id));
  SELECT RAISE(ABORT, 'LIFECYCLE: shipped only as a line of a closed shipment')
  WHERE NEW.status = 'SHIPPED'
    AND ((SELECT s.status FROM shipment_parcels sp JOIN shipments s ON s.id = sp.shipment_id WHERE sp.parcel_id = NEW.id) IS NOT 'CLOSED'
         OR ${OPEN_HOLD('NEW.id')});
  SELECT RAISE(ABORT, 'LIFECYCLE: only a supervisor''s decision on its hold settles a held parcel')
  WHERE NEW.status IN ('AWAITING_PROOF', 'RELEASED', 'RETURNED', 'DESTROYED')
    AND ((SELECT status FROM holds WHERE id = ${LAST_HOLD('NEW.id')}) IS NOT NEW.status
         OR (SELECT disposition FROM hold_decisions WHERE hold_id = ${LAST_HOLD('NEW.id')} ORDER BY id DESC LIMIT 1) IS NOT ${DECISION_OF('NEW.status')});
END;

-- ---- inspections: evidence, never changed ---------------------------------------------------
${never('inspections', 'UPDATE', 'inspections are never changed')}
${never('inspections', 'DELETE', 'inspections are never deleted')}
${noReplace('inspections', 'id')}
${never('inspection_photos', 'UPDATE', 'inspection photos are never changed')}
${never('inspection_photos', 'DELETE', 'inspection photos are never deleted')}

-- ---- holds ----------------------------------------------------------------------------------
CREATE TRIGGER holds_born_open BEFORE INSERT ON holds
BEGIN
  SELECT RAISE(ABORT, 'LIFECYCLE: a hold is opened OPEN') WHERE NEW.status <> 'OPEN';
  SELECT RAISE(ABORT, 'LIFECYCLE: holds rows are never replaced') WHERE EXISTS (SELECT 1 FROM holds WHERE id = NEW.id);
END;
${never('holds', 'DELETE', 'holds are never deleted')}
CREATE TRIGGER holds_lifecycle BEFORE UPDATE ON holds
BEGIN
  SELECT RAISE(ABORT, 'LIFECYCLE: a hold keeps its parcel, inspection and reasons')
  WHERE NEW.id IS NOT OLD.id OR NEW.parcel_id IS NOT OLD.parcel_id OR NEW.inspection_id IS NOT OLD.inspection_id
     OR NEW.created_at IS NOT OLD.created_at OR NEW.reasons IS NOT OLD.reasons;
  SELECT RAISE(ABORT, 'LIFECYCLE: a decided hold is final')
  WHERE OLD.status NOT IN ('OPEN', 'AWAITING_PROOF')
    AND (NEW.status IS NOT OLD.status OR NEW.decided_at IS NOT OLD.decided_at OR NEW.decided_by IS NOT OLD.decided_by
         OR NEW.decision_reason IS NOT OLD.decision_reason OR NEW.location IS NOT OLD.location);
  SELECT RAISE(ABORT, 'LIFECYCLE: this hold status change is not allowed')
  WHERE NEW.status <> OLD.status AND (OLD.status || '>' || NEW.status) NOT IN (${HOLD_EDGES});
  SELECT RAISE(ABORT, 'LIFECYCLE: a hold is decided only with its decision and audit event')
  WHERE NEW.status <> OLD.status
    AND ((SELECT disposition FROM hold_decisions WHERE hold_id = NEW.id ORDER BY id DESC LIMIT 1) IS NOT ${DECISION_OF('NEW.status')}
         OR (SELECT entity_id FROM audit_events ORDER BY seq DESC LIMIT 1) IS NOT (SELECT tracking_no FROM parcels WHERE id = NEW.parcel_id));
END;
${never('hold_reasons', 'UPDATE', 'hold reasons are never changed')}
${never('hold_reasons', 'DELETE', 'hold reasons are never deleted')}
${never('hold_brands', 'UPDATE', 'hold brands are never changed')}
${never('hold_brands', 'DELETE', 'hold brands are never deleted')}
${never('hold_decisions', 'UPDATE', 'decisions are never changed')}
${never('hold_decisions', 'DELETE', 'decisions are never deleted')}
CREATE TRIGGER hold_decisions_on_undecided BEFORE INSERT ON hold_decisions
BEGIN
  SELECT RAISE(ABORT, 'LIFECYCLE: hold_decisions rows are never replaced') WHERE EXISTS (SELECT 1 FROM hold_decisions WHERE id = NEW.id);
  SELECT RAISE(ABORT, 'LIFECYCLE: a decided hold takes no further decision')
  WHERE (SELECT status FROM holds WHERE id = NEW.hold_id) NOT IN ('OPEN', 'AWAITING_PROOF');
END;

-- ---- shipments ------------------------------------------------------------------------------
${never('shipment_parcels', 'UPDATE', 'shipment lines are never changed; remove and add')}
CREATE TRIGGER shipment_parcels_closed_delete BEFORE DELETE ON shipment_parcels
WHEN (SELECT status FROM shipments WHERE id = OLD.shipment_id) IS NOT 'OPEN'
BEGIN
  SELECT RAISE(ABORT, 'GATE_REFUSED: a closed shipment never changes');
END;
CREATE TRIGGER shipment_parcels_no_replace BEFORE INSERT ON shipment_parcels
WHEN EXISTS (SELECT 1 FROM shipment_parcels WHERE parcel_id = NEW.parcel_id)
BEGIN
  SELECT RAISE(ABORT, 'GATE_REFUSED: the parcel is already on a shipment');
END;
CREATE TRIGGER shipments_born_open BEFORE INSERT ON shipments
BEGIN
  SELECT RAISE(ABORT, 'LIFECYCLE: a shipment is created OPEN') WHERE NEW.status <> 'OPEN';
  SELECT RAISE(ABORT, 'LIFECYCLE: shipments rows are never replaced') WHERE EXISTS (SELECT 1 FROM shipments WHERE id = NEW.id);
END;
CREATE TRIGGER shipments_closed_final BEFORE UPDATE ON shipments
WHEN OLD.status = 'CLOSED' OR NEW.id IS NOT OLD.id
BEGIN
  SELECT RAISE(ABORT, 'GATE_REFUSED: a closed shipment never changes');
END;
${never('shipments', 'DELETE', 'shipments are never deleted')}

-- ---- imports: orders are staged in short chunks, then merged in one short transaction -----------
CREATE TABLE import_staging_orders (
  batch           TEXT NOT NULL,
  order_no        TEXT NOT NULL,
  tracking_no     TEXT NOT NULL,
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
  PRIMARY KEY (batch, order_no)
) STRICT;

-- ---- audit chain: events from here on are hashed as canonical JSON (version 2); those before keep
-- version 1 and are verified with it. The switch point is written once and never changes.
INSERT OR IGNORE INTO settings (key, value) SELECT 'audit_v2_from', CAST(coalesce(max(seq), 0) + 1 AS TEXT) FROM audit_events;
CREATE TRIGGER settings_audit_v2_fixed BEFORE UPDATE ON settings WHEN OLD.key = 'audit_v2_from'
BEGIN
  SELECT RAISE(ABORT, 'audit encoding switch point never changes');
END;
CREATE TRIGGER settings_audit_v2_kept BEFORE DELETE ON settings WHEN OLD.key = 'audit_v2_from'
BEGIN
  SELECT RAISE(ABORT, 'audit encoding switch point never changes');
END;
CREATE TRIGGER settings_audit_v2_once BEFORE INSERT ON settings
WHEN NEW.key = 'audit_v2_from' AND EXISTS (SELECT 1 FROM settings WHERE key = 'audit_v2_from')
BEGIN
  SELECT RAISE(ABORT, 'audit encoding switch point never changes');
END;

-- ---- audit chain: appended only at its end, linked to its head, never replaced ------------------
CREATE TRIGGER audit_events_append_only BEFORE INSERT ON audit_events
BEGIN
  SELECT RAISE(ABORT, 'audit events are append-only')
  WHERE NEW.seq IS NOT coalesce((SELECT max(seq) FROM audit_events), 0) + 1
     OR NEW.prev_hash IS NOT coalesce((SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1), '${'0'.repeat(64)}');
END;
`;
