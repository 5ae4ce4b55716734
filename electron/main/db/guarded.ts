// Changes to the tables a station may not UPDATE or DELETE on PostgreSQL (audit, holds, decisions,
// shipments): the station role holds no such privilege, so each change below runs there as the database
// function `pg_gate_<name>` (SECURITY DEFINER, owned by the schema owner, migration pg/002). On SQLite
// it is the statement itself. Either way the lifecycle triggers check the change again.
import { DEFAULT_CLOCK_SETTINGS } from '../../../shared/holds/clocks';
import { WAREHOUSE_UTC_OFFSET_MINUTES } from '../../../shared/holds/workingDays';
import type { Sql } from './sql';

interface GuardedStatement {
  /** The statement, with @named parameters; the PostgreSQL function runs the same one. */
  sql: string;
  /** The function's arguments, in order, with their PostgreSQL types. */
  args: readonly (readonly [name: string, type: 'bigint' | 'text'])[];
}

export const GUARDED = {
  /** A hold is put on a shelf. */
  hold_locate: {
    sql: 'UPDATE holds SET location = @location, location_set_at = @at WHERE id = @holdId',
    args: [['holdId', 'bigint'], ['location', 'text'], ['at', 'text']],
  },
  /** A supervisor's decision moves the hold (the decision row and its audit event are written first). */
  hold_decide: {
    // A decided hold has no clock: its stored clock days (migration 11) are cleared with the decision.
    sql:
      "UPDATE holds SET status = @status, decided_at = @decidedAt, decided_by = @decidedBy, decision_reason = @reason, return_day = CASE WHEN @status IN ('OPEN', 'AWAITING_PROOF') THEN return_day END, free_day = CASE WHEN @status IN ('OPEN', 'AWAITING_PROOF') THEN free_day END, abandon_day = CASE WHEN @status IN ('OPEN', 'AWAITING_PROOF') THEN abandon_day END, proof_day = CASE WHEN @status IN ('OPEN', 'AWAITING_PROOF') THEN proof_day END WHERE id = @holdId",
    args: [['holdId', 'bigint'], ['status', 'text'], ['decidedAt', 'text'], ['decidedBy', 'bigint'], ['reason', 'text']],
  },
  /** A parcel comes off an open shipment (removed by a person, or held again on re-inspection). */
  shipment_remove_parcel: {
    sql: "DELETE FROM shipment_parcels WHERE parcel_id = @parcelId AND shipment_id = @shipmentId AND shipment_id IN (SELECT id FROM shipments WHERE status = 'OPEN')",
    args: [['shipmentId', 'bigint'], ['parcelId', 'bigint']],
  },
  /** A shipment is closed (its parcels become SHIPPED afterwards, each with the close's audit event). */
  shipment_close: {
    sql: "UPDATE shipments SET status = 'CLOSED', closed_at = @at WHERE id = @shipmentId AND status = 'OPEN'",
    args: [['shipmentId', 'bigint'], ['at', 'text']],
  },
} as const satisfies Record<string, GuardedStatement>;

export type GuardedName = keyof typeof GUARDED;

/** Runs one guarded change inside the caller's write transaction; returns the rows it changed. */
export async function guarded(tx: Sql, name: GuardedName, params: Record<string, unknown>): Promise<number> {
  const g: GuardedStatement = GUARDED[name];
  if (tx.dialect === 'sqlite') return (await tx.run(g.sql, params)).changes;
  const list = g.args.map(([arg]) => `@${arg}`).join(', ');
  const r = await tx.get<{ changes: number }>(`SELECT pg_gate_${name}(${list}) AS changes`, params);
  return Number(r?.changes ?? 0);
}

// ---- hold clock days (migration 11 / pg 6) ------------------------------------------------------
// Not one statement with fixed arguments like those above: which holds are refreshed depends on the
// kind (repos/holdClockDays.ts). The days are recomputed from the facts, never taken from the caller.

const TZ = `'+${WAREHOUSE_UTC_OFFSET_MINUTES} minutes'`;
const UNDECIDED = "status IN ('OPEN', 'AWAITING_PROOF')";

/** A clock setting as stored (the whole set is one JSON value), or its default. */
const setting = (key: keyof typeof DEFAULT_CLOCK_SETTINGS) =>
  `coalesce((SELECT CAST(json_extract(value, '$.${key}') AS INTEGER) FROM settings WHERE key = 'hold_clocks'), ${DEFAULT_CLOCK_SETTINGS[key]})`;

const HOLDS_OF: Record<'hold' | 'holds' | 'all', string> = {
  hold: 'h.id = @hold',
  // A JSON array of hold ids (an import's, found as it wrote its chunks).
  holds: 'h.id IN (SELECT value FROM json_each(@holds))',
  all: `(h.${UNDECIDED} OR h.return_day IS NOT NULL)`,
};

/** SQLite's statement; PostgreSQL runs the same one inside pg_gate_hold_clocks (migration pg/007). */
function sqliteHoldClocks(kind: keyof typeof HOLDS_OF): string {
  return `
  UPDATE holds SET return_day = x.return_day, free_day = x.free_day, abandon_day = x.abandon_day, proof_day = x.proof_day
  FROM (
    SELECT h.id,
           CASE WHEN h.${UNDECIDED} THEN date(coalesce(o.delivery_date, date(p.created_at, ${TZ})), '+' || ${setting('returnWindowDays')} || ' days') END AS return_day,
           CASE WHEN h.${UNDECIDED} THEN date(p.created_at, ${TZ}, '+' || ${setting('storageFreeDays')} || ' days') END AS free_day,
           CASE WHEN h.${UNDECIDED} THEN date(p.created_at, ${TZ}, '+' || ${setting('abandonmentDays')} || ' days') END AS abandon_day,
           CASE WHEN h.${UNDECIDED} THEN date(pr.deadline, ${TZ}, '-1 day') END AS proof_day
    FROM holds h
    JOIN parcels p ON p.id = h.parcel_id
    LEFT JOIN orders o ON o.tracking_no = p.tracking_no
    LEFT JOIN proof_requests pr ON pr.hold_id = h.id AND pr.status = 'OPEN'
    WHERE ${HOLDS_OF[kind]}
  ) x
  WHERE holds.id = x.id
    AND (holds.return_day IS DISTINCT FROM x.return_day OR holds.free_day IS DISTINCT FROM x.free_day
         OR holds.abandon_day IS DISTINCT FROM x.abandon_day OR holds.proof_day IS DISTINCT FROM x.proof_day)`;
}

/** Recomputes the stored clock days of one hold (`hold`), of a list (`holds`, a JSON array of ids) or all (`all`); returns how many changed. */
export async function guardedHoldClocks(tx: Sql, kind: keyof typeof HOLDS_OF, key: string | number): Promise<number> {
  if (tx.dialect === 'postgres') {
    const r = await tx.get<{ changed: number }>('SELECT pg_gate_hold_clocks(@kind, CAST(@key AS TEXT)) AS changed', { kind, key: String(key) });
    return Number(r?.changed ?? 0);
  }
  return (await tx.run(sqliteHoldClocks(kind), kind === 'all' ? {} : { [kind]: key })).changes;
}
