// PostgreSQL migration 10: an inspection's whole write in one statement. A station far from its
// server paid one round trip per row (about 16 inside the write lock: the lock itself, the parcel,
// the inspection, its photos, the hold, its reasons and brands, the chain head, the event, the
// status), so every other station's write waited behind those trips. pg_gate_record_inspection takes
// the write lock and does the same writes in the server, in one call that is its own transaction.
//
// It decides nothing: the app (repos/inspectionWritePg.ts) read the parcel as it stood, worked out
// the effect with shared/lifecycle.ts and sends the rows and the audit events, written in full by the
// app (details included, but for the id of a hold it opens); the function only checks, under the lock, that the parcel still stands as
// read (else it answers `stale` and the app writes the ordinary way), chains the events onto the head
// and returns the new head. SECURITY INVOKER: it runs with the caller's rights and no more, so a
// station role can do nothing through it that it could not do statement by statement, and every
// trigger (lifecycle, audit hash, audit-required) judges each row exactly as before. The event hash is
// the app's eventHash version 2, built as the audit_events_hash trigger (pg/005) builds it to check it.
import { WRITE_LOCK } from '../../pgEngine';
import { STATION_ROLE } from './002_roles';

const GENESIS = `'${'0'.repeat(64)}'`;

/** Appends the event in jsonb `ev` onto the chain head held in v_last_seq/v_last_hash, and moves the head to it. */
const APPEND = (ev: string) => `
    v_prev := coalesce(v_last_hash, ${GENESIS});
    v_last_seq := coalesce(v_last_seq, 0) + 1;
    v_last_hash := encode(sha256(convert_to(
      '{"action":' || to_json(${ev}->>'action')::text || ',"actor":' || to_json(${ev}->>'actor')::text
      || ',"at":' || to_json(p->>'at')::text || ',"details":' || to_json(${ev}->>'details')::text
      || ',"entityId":' || to_json(${ev}->>'entityId')::text || ',"entityType":' || to_json(${ev}->>'entityType')::text
      || ',"prevHash":' || to_json(v_prev)::text || ',"seq":' || v_last_seq::text || ',"v":2}', 'UTF8')), 'hex');
    INSERT INTO audit_events (seq, at, actor, action, entity_type, entity_id, details, prev_hash, hash)
    VALUES (v_last_seq, p->>'at', ${ev}->>'actor', ${ev}->>'action', ${ev}->>'entityType', ${ev}->>'entityId', ${ev}->>'details', v_prev, v_last_hash);`;

export default /* sql */ `
CREATE FUNCTION pg_gate_record_inspection(p jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY INVOKER SET search_path = public, pg_temp AS $fn$
DECLARE
  v_x jsonb := p->'expect';
  v_parcel bigint;
  v_before text;
  v_open_hold bigint;
  v_ship bigint;
  v_ship_status text;
  v_last_inspection bigint;
  v_inspection bigint := CAST(p->>'inspectionId' AS bigint);
  v_hold bigint;
  v_ev jsonb;
  v_last_seq bigint;
  v_last_hash text;
  v_prev text;
BEGIN
  PERFORM pg_advisory_xact_lock(${WRITE_LOCK});
  IF p->>'trackingNo' IS NOT NULL THEN
    SELECT pa.id, pa.status, sp.shipment_id, s.status INTO v_parcel, v_before, v_ship, v_ship_status
    FROM parcels pa LEFT JOIN shipment_parcels sp ON sp.parcel_id = pa.id LEFT JOIN shipments s ON s.id = sp.shipment_id
    WHERE pa.tracking_no = p->>'trackingNo';
    SELECT id INTO v_open_hold FROM holds WHERE parcel_id = v_parcel AND status IN ('OPEN', 'AWAITING_PROOF');
    SELECT max(id) INTO v_last_inspection FROM inspections WHERE parcel_id = v_parcel;
    -- Another station's write came between the app's read and this lock: its effect may differ.
    IF v_parcel IS DISTINCT FROM CAST(v_x->>'parcelId' AS bigint) OR v_before IS DISTINCT FROM v_x->>'status'
       OR v_open_hold IS DISTINCT FROM CAST(v_x->>'openHoldId' AS bigint) OR v_ship IS DISTINCT FROM CAST(v_x->>'shipmentId' AS bigint)
       OR v_ship_status IS DISTINCT FROM v_x->>'shipmentStatus' OR v_last_inspection IS DISTINCT FROM CAST(v_x->>'lastInspectionId' AS bigint) THEN
      RETURN jsonb_build_object('stale', true);
    END IF;
    IF v_parcel IS NULL THEN
      INSERT INTO parcels (tracking_no, status, created_at, updated_at) VALUES (p->>'trackingNo', 'NEW', p->>'at', p->>'at') RETURNING id INTO v_parcel;
      v_before := 'NEW';
    END IF;
  END IF;
  SELECT seq, hash INTO v_last_seq, v_last_hash FROM audit_events ORDER BY seq DESC LIMIT 1;
  IF (p->>'offShipment')::boolean THEN
    PERFORM pg_gate_shipment_remove_parcel(v_ship, v_parcel);
    v_ev := p->'offShipmentEvent';
    ${APPEND('v_ev')}
  END IF;
  INSERT INTO inspections (id, parcel_id, scan, order_no, station, inspector_id, started_at, finished_at, outcome, reasons,
                           ruleset_version, rules, findings_json, reads_json, brands_json, timings_json, notes_json)
  SELECT v_inspection, v_parcel, r.scan, r."orderNo", r.station, r."inspectorId", r."startedAt", r."finishedAt", r.outcome, r.reasons,
         r."rulesetVersion", r.rules, r.findings, r.reads, r.brands, r.timings, r.notes
  FROM jsonb_to_record(p->'inspection') AS r(scan text, "orderNo" text, station text, "inspectorId" bigint, "startedAt" text, "finishedAt" text,
       outcome text, reasons text, "rulesetVersion" integer, rules text, findings text, reads text, brands text, timings text, notes text);
  INSERT INTO inspection_photos (inspection_id, position, photo_sha256)
  SELECT v_inspection, CAST(n - 1 AS integer), sha FROM jsonb_array_elements_text(p->'photoIds') WITH ORDINALITY AS t(sha, n);
  v_hold := v_open_hold;
  v_ev := p->'event';
  IF (p->>'newHold')::boolean THEN
    INSERT INTO holds (parcel_id, inspection_id, status, reasons, created_at, station, inspector_id)
    VALUES (v_parcel, v_inspection, 'OPEN', p->'inspection'->>'reasons', p->>'at', p->'inspection'->>'station', CAST(p->'inspection'->>'inspectorId' AS bigint))
    RETURNING id INTO v_hold;
    -- The event names the hold it opened: its details (canonical JSON, holdId the first key) came as
    -- '{"holdId":null,…' and get the new id in that place.
    v_ev := jsonb_set(v_ev, '{details}', to_jsonb('{"holdId":' || v_hold::text || substr(v_ev->>'details', ${'{"holdId":null'.length + 1})));
    PERFORM pg_gate_hold_clocks('hold', CAST(v_hold AS text));
    INSERT INTO hold_reasons (hold_id, code) SELECT v_hold, c FROM jsonb_array_elements_text(p->'reasonCodes') AS t(c) ON CONFLICT DO NOTHING;
    INSERT INTO hold_brands (hold_id, brand_id) SELECT v_hold, b FROM jsonb_array_elements_text(p->'brandIds') AS t(b) ON CONFLICT DO NOTHING;
  END IF;
  ${APPEND('v_ev')}
  -- The status changes last, carrying the event just written (the lifecycle trigger checks it again).
  IF v_parcel IS NOT NULL AND p->>'parcelStatus' IS DISTINCT FROM v_before THEN
    UPDATE parcels SET status = p->>'parcelStatus', audit_seq = v_last_seq, updated_at = p->>'at' WHERE id = v_parcel;
  END IF;
  RETURN jsonb_build_object('stale', false, 'holdId', v_hold, 'seq', v_last_seq, 'hash', v_last_hash);
END $fn$;
REVOKE ALL ON FUNCTION pg_gate_record_inspection(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pg_gate_record_inspection(jsonb) TO ${STATION_ROLE};
`;
