// Migration 12 (scale, issue 23): a hold's clocks as data. The days its clocks run out (the return
// window, free storage, abandonment, and the open proof request's deadline) are stored on the hold,
// kept right by the write that changes what they come from (repos/holdClockDays.ts) and cleared when
// the hold is decided, so the queue's "expires soonest" order and "within 48 h" filter read ordered
// ranges of their indexes
// instead of recomputing every hold's clocks from a join to the orders on each page (354–1,004 ms at
// 100,000 holds). Each column holds a warehouse-local day (YYYY-MM-DD): the clock runs out at its end.
// The queue's other filters get the expression indexes their case-insensitive matches need.
// Existing undecided holds are filled here from the same facts, with the clock settings as stored
// (the defaults of that time when none were saved).
export default /* sql */ `
ALTER TABLE holds ADD COLUMN return_day TEXT;
ALTER TABLE holds ADD COLUMN free_day TEXT;
ALTER TABLE holds ADD COLUMN abandon_day TEXT;
ALTER TABLE holds ADD COLUMN proof_day TEXT;

UPDATE holds SET return_day = x.return_day, free_day = x.free_day, abandon_day = x.abandon_day, proof_day = x.proof_day
FROM (
  SELECT h.id,
         date(coalesce(o.delivery_date, date(p.created_at, '+480 minutes')), '+' || s.ret || ' days') AS return_day,
         date(p.created_at, '+480 minutes', '+' || s.free || ' days') AS free_day,
         date(p.created_at, '+480 minutes', '+' || s.aband || ' days') AS abandon_day,
         date(pr.deadline, '+480 minutes', '-1 day') AS proof_day
  FROM holds h
  JOIN parcels p ON p.id = h.parcel_id
  LEFT JOIN orders o ON o.tracking_no = p.tracking_no
  LEFT JOIN proof_requests pr ON pr.hold_id = h.id AND pr.status = 'OPEN'
  CROSS JOIN (
    SELECT coalesce((SELECT CAST(json_extract(value, '$.returnWindowDays') AS INTEGER) FROM settings WHERE key = 'hold_clocks'), 7) AS ret,
           coalesce((SELECT CAST(json_extract(value, '$.storageFreeDays') AS INTEGER) FROM settings WHERE key = 'hold_clocks'), 14) AS free,
           coalesce((SELECT CAST(json_extract(value, '$.abandonmentDays') AS INTEGER) FROM settings WHERE key = 'hold_clocks'), 90) AS aband
  ) s
  WHERE h.status IN ('OPEN', 'AWAITING_PROOF')
) x
WHERE holds.id = x.id;

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
