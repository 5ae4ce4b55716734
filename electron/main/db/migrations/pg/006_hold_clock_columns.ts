// PostgreSQL migration 6, the mirror of SQLite migration 11: a hold's clock days stored on the hold,
// (cleared once it is decided), with the queue's indexes on them and the filters' expression indexes.
//
// A station may not UPDATE holds (migration 2), so the clock days are refreshed through
// pg_gate_hold_clocks, a SECURITY DEFINER function in the manner of the guarded changes: it recomputes
// them from the facts (the parcel's arrival, the order's delivery date, the open proof request, the
// clock settings as stored) and takes no value from the caller, so a station can only make them right.
// A decided hold's days are cleared (NULL): it has no clock, and the indexes then hold the queue alone.
// Which holds: one hold ('hold', its id, decided or not), those of the orders one import wrote ('import', its time),
// or every undecided hold ('all', after a settings change). repos/holdClockDays.ts calls it; on SQLite
// the same statement runs directly. The defaults below are shared/holds/clocks.ts's at the time of writing.
import { STATION_ROLE } from './002_roles';

const DAY = (instant: string) => `to_char((CAST(${instant} AS timestamptz) AT TIME ZONE 'UTC') + interval '480 minutes', 'YYYY-MM-DD')`;
const PLUS = (day: string, days: string) => `to_char(CAST(${day} AS date) + ${days}, 'YYYY-MM-DD')`;
const OPEN = "h.status IN ('OPEN', 'AWAITING_PROOF')";
const SETTING = (key: string, fallback: number) =>
  `coalesce((SELECT CAST(CAST(value AS json)->>'${key}' AS integer) FROM settings WHERE key = 'hold_clocks'), ${fallback})`;

/**
 * The body of pg_gate_hold_clocks after it has chosen its holds (`ids`): recompute their clock days
 * and store the changed ones; migration 9 replaces the function with another way of choosing the holds.
 */
export const REFRESH_HOLD_CLOCKS = `  UPDATE holds SET return_day = x.return_day, free_day = x.free_day, abandon_day = x.abandon_day, proof_day = x.proof_day
  FROM (
    SELECT h.id,
           CASE WHEN ${OPEN} THEN ${PLUS(`coalesce(o.delivery_date, ${DAY('p.created_at')})`, 's.ret')} END AS return_day,
           CASE WHEN ${OPEN} THEN ${PLUS(DAY('p.created_at'), 's.free')} END AS free_day,
           CASE WHEN ${OPEN} THEN ${PLUS(DAY('p.created_at'), 's.aband')} END AS abandon_day,
           CASE WHEN ${OPEN} THEN to_char((CAST(pr.deadline AS timestamptz) AT TIME ZONE 'UTC') + interval '480 minutes' - interval '1 day', 'YYYY-MM-DD') END AS proof_day
    FROM holds h
    JOIN parcels p ON p.id = h.parcel_id
    LEFT JOIN orders o ON o.tracking_no = p.tracking_no
    LEFT JOIN proof_requests pr ON pr.hold_id = h.id AND pr.status = 'OPEN'
    CROSS JOIN (SELECT ${SETTING('returnWindowDays', 7)} AS ret, ${SETTING('storageFreeDays', 14)} AS free, ${SETTING('abandonmentDays', 90)} AS aband) s
    WHERE h.id = ANY(ids)
  ) x
  WHERE holds.id = x.id
    AND (holds.return_day IS DISTINCT FROM x.return_day OR holds.free_day IS DISTINCT FROM x.free_day
         OR holds.abandon_day IS DISTINCT FROM x.abandon_day OR holds.proof_day IS DISTINCT FROM x.proof_day);
  GET DIAGNOSTICS changed = ROW_COUNT;
  RETURN changed;
`;

export default /* sql */ `
ALTER TABLE holds ADD COLUMN return_day text COLLATE "C";
ALTER TABLE holds ADD COLUMN free_day text COLLATE "C";
ALTER TABLE holds ADD COLUMN abandon_day text COLLATE "C";
ALTER TABLE holds ADD COLUMN proof_day text COLLATE "C";

CREATE FUNCTION pg_gate_hold_clocks(p_kind text, p_key text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
  changed integer;
  ids bigint[];
BEGIN
  -- The holds first, by kind, so each kind keeps its own plan (one hold: an index probe, not a scan).
  IF p_kind = 'hold' THEN
    ids := ARRAY[CAST(p_key AS bigint)];
  ELSIF p_kind = 'import' THEN
    SELECT array_agg(h.id) INTO ids FROM holds h JOIN parcels p ON p.id = h.parcel_id JOIN orders o ON o.tracking_no = p.tracking_no
    WHERE h.status IN ('OPEN', 'AWAITING_PROOF') AND o.updated_at = p_key;
  ELSIF p_kind = 'all' THEN
    SELECT array_agg(id) INTO ids FROM holds WHERE status IN ('OPEN', 'AWAITING_PROOF') OR return_day IS NOT NULL;
  ELSE
    RAISE EXCEPTION 'pg_gate_hold_clocks: unknown kind %', p_kind;
  END IF;
${REFRESH_HOLD_CLOCKS}END $fn$;
REVOKE ALL ON FUNCTION pg_gate_hold_clocks(text, text) FROM PUBLIC;

-- The decision clears the clock days in the same statement, as guarded.ts's hold_decide now reads.
CREATE OR REPLACE FUNCTION pg_gate_hold_decide(p_holdId bigint, p_status text, p_decidedAt text, p_decidedBy bigint, p_reason text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
  changed integer;
BEGIN
  UPDATE holds SET status = p_status, decided_at = p_decidedAt, decided_by = p_decidedBy, decision_reason = p_reason,
         return_day = CASE WHEN p_status IN ('OPEN', 'AWAITING_PROOF') THEN return_day END,
         free_day = CASE WHEN p_status IN ('OPEN', 'AWAITING_PROOF') THEN free_day END,
         abandon_day = CASE WHEN p_status IN ('OPEN', 'AWAITING_PROOF') THEN abandon_day END,
         proof_day = CASE WHEN p_status IN ('OPEN', 'AWAITING_PROOF') THEN proof_day END
  WHERE id = p_holdId;
  GET DIAGNOSTICS changed = ROW_COUNT;
  RETURN changed;
END $fn$;
GRANT EXECUTE ON FUNCTION pg_gate_hold_clocks(text, text) TO ${STATION_ROLE};

-- The holds already there, as SQLite migration 11 fills them.
SELECT pg_gate_hold_clocks('all', '');

-- Only undecided holds have clock days (a decision clears them), so these hold the queue alone.
CREATE INDEX holds_return_day_idx ON holds(return_day, created_at, id);
CREATE INDEX holds_free_day_idx ON holds(free_day, created_at, id);
CREATE INDEX holds_abandon_day_idx ON holds(abandon_day, created_at, id);
CREATE INDEX holds_proof_day_idx ON holds(proof_day, created_at, id);

CREATE INDEX brands_id_lower_idx ON brands(lower(id));
CREATE INDEX brands_name_lower_idx ON brands(lower(name));
CREATE INDEX brand_aliases_lower_idx ON brand_aliases(lower(alias), brand_id);
CREATE INDEX users_name_lower_idx ON users(lower(name));
-- An inspector's holds by status, as the station's (migration 9): without it the status index was chosen.
CREATE INDEX holds_inspector_status_idx ON holds(inspector_id, status);
`;
