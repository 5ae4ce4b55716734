// Changes to the tables a station may not UPDATE or DELETE on PostgreSQL (audit, holds, decisions,
// shipments): the station role holds no such privilege, so each change below runs there as the database
// function `pg_gate_<name>` (SECURITY DEFINER, owned by the schema owner, migration pg/002). On SQLite
// it is the statement itself. Either way the lifecycle triggers check the change again.
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
    sql: 'UPDATE holds SET status = @status, decided_at = @decidedAt, decided_by = @decidedBy, decision_reason = @reason WHERE id = @holdId',
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
