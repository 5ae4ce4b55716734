// The PostgreSQL schema on a real server: it is the SQLite schema (tables, columns, indexes, triggers,
// settings), its triggers judge every raw-SQL attack and every parcel status change exactly as SQLite's
// do (same refusals, same words), the owner cannot get round them, the station role can do what the app
// does and nothing more (the four guarded changes only through their functions), and migrating is
// idempotent, safe when two owners do it at once, and refuses a newer database.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import Database from 'better-sqlite3';
import { registerSqliteFunctions } from '../../electron/main/db/sqliteFunctions';
import pg from 'pg';
import { MIGRATIONS } from '../../electron/main/db/migrations';
import { GUARDED_TABLES, STATION_DELETES, STATION_UPDATES } from '../../electron/main/db/migrations/pg/002_roles';
import { SESSION_TABLES } from '../../electron/main/db/migrations/pg/005_server_sessions';
import { ORDER_IMPORT_DELETES, ORDER_IMPORT_UPDATES, REPLACED_TABLES } from '../../electron/main/db/migrations/pg/009_order_versions';
import { eventHash, GENESIS_HASH } from '../../electron/main/db/audit';
import { guarded } from '../../electron/main/db/guarded';
import { migratePg, PG_MIGRATE_LOCK, PG_SCHEMA_VERSION, pgSchemaVersion } from '../../electron/main/db/pgMigrate';
import type { Params, Sql } from '../../electron/main/db/sql';
import { PARCEL_STATUSES, TRANSITIONS } from '../../shared/lifecycle';
import type { ParcelStatus } from '../../shared/types';
import { asUser, numericTypes, OWNER_ROLE, pgSkipped, STATION_ROLE, testServer, type PgServer } from '../helpers/postgres';

const T = '2026-01-01T00:00:00.000Z';
const ALL_VERSIONS = Array.from({ length: PG_SCHEMA_VERSION }, (_, i) => i + 1);
type Row = Record<string, unknown>;

/** One engine, raw: `?` parameters on both (rewritten to $n for PostgreSQL). */
interface Raw {
  engine: 'sqlite' | 'postgres';
  q<R = Row>(sql: string, params?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

function sqliteRaw(): Raw {
  const db = new Database(':memory:');
  registerSqliteFunctions(db);
  db.pragma('foreign_keys = ON');
  for (const m of MIGRATIONS) db.exec(m);
  return {
    engine: 'sqlite',
    async q<R>(sql: string, params: unknown[] = []) {
      const st = db.prepare(sql);
      if (st.reader) return st.all(...params) as R[];
      st.run(...params);
      return [];
    },
    async close() {
      db.close();
    },
  };
}

async function client(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url, types: numericTypes });
  await c.connect();
  return c;
}

function pgRaw(c: pg.Client): Raw {
  return {
    engine: 'postgres',
    async q<R>(sql: string, params: unknown[] = []) {
      let n = 0;
      return (await c.query(sql.replace(/\?/g, () => `$${++n}`), params)).rows as R[];
    },
    close: () => c.end(),
  };
}

/** What a statement did: 'ok', or the database's refusal. */
async function attempt(f: () => Promise<unknown>): Promise<string> {
  try {
    await f();
    return 'ok';
  } catch (e) {
    return (e as Error).message;
  }
}

const depth = new WeakMap<Raw, number>();

/** `f` in one transaction (a savepoint inside another), undone if it throws; `keep: false` undoes it anyway. */
async function inTx(db: Raw, f: () => Promise<unknown>, keep = true): Promise<void> {
  const d = depth.get(db) ?? 0;
  const [begin, commit, rollback] = d === 0 ? ['BEGIN', 'COMMIT', 'ROLLBACK'] : [`SAVEPOINT s${d}`, `RELEASE s${d}`, `ROLLBACK TO s${d}`];
  await db.q(begin);
  depth.set(db, d + 1);
  try {
    await f();
  } catch (e) {
    await db.q(rollback);
    if (d > 0) await db.q(commit);
    throw e;
  } finally {
    depth.set(db, d);
  }
  if (keep) await db.q(commit);
  else {
    await db.q(rollback);
    if (d > 0) await db.q(commit);
  }
}

/** Rows laid down by plain INSERTs and UPDATEs that satisfy the triggers, the way the app writes them. */
function writer(db: Raw) {
  const one = async <R = Row>(sql: string, params?: unknown[]) => (await db.q<R>(sql, params))[0];
  const w = {
    db,
    one,
    user: async (name: string, role: string) =>
      (await one<{ id: number }>("INSERT INTO users (name, role, pin_hash, locale, created_at) VALUES (?, ?, 'x', 'en', ?) RETURNING id", [name, role, T])).id,
    audit: async (entityType: string, entityId: string, action = 'test.event'): Promise<number> => {
      const last = await one<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1');
      const row = { seq: (last?.seq ?? 0) + 1, at: T, actor: 'test', action, entity_type: entityType, entity_id: entityId, details: '{}', prev_hash: last?.hash ?? GENESIS_HASH };
      await db.q('INSERT INTO audit_events (seq, at, actor, action, entity_type, entity_id, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', [
        row.seq, row.at, row.actor, row.action, row.entity_type, row.entity_id, row.details, row.prev_hash, eventHash(row),
      ]);
      return row.seq;
    },
    id: async (t: string) => (await one<{ id: number }>('SELECT id FROM parcels WHERE tracking_no = ?', [t])).id,
    newParcel: (t: string) => db.q("INSERT INTO parcels (tracking_no, status, created_at, updated_at) VALUES (?, 'NEW', ?, ?)", [t, T, T]),
    inspect: async (t: string, outcome: 'CLEAR' | 'HOLD', inspector: number) =>
      (
        await one<{ id: number }>(
          `INSERT INTO inspections (parcel_id, station, inspector_id, started_at, finished_at, outcome, reasons, ruleset_version, findings_json, reads_json, brands_json, timings_json)
           VALUES (?, 'S1', ?, ?, ?, ?, '', 1, '[]', '[]', '[]', '{}') RETURNING id`,
          [await w.id(t), inspector, T, T, outcome],
        )
      ).id,
    setStatus: (t: string, status: ParcelStatus, seq: number | null) => db.q('UPDATE parcels SET status = ?, audit_seq = ? WHERE tracking_no = ?', [status, seq, t]),
    /** A parcel's first inspection: CLEARED, or HELD with an open hold (whose id is returned). */
    inspected: async (t: string, outcome: 'CLEAR' | 'HOLD', inspector: number): Promise<number | null> => {
      let hold: number | null = null;
      await inTx(db, async () => {
        await w.newParcel(t);
        const insp = await w.inspect(t, outcome, inspector);
        if (outcome === 'HOLD') {
          hold = (
            await one<{ id: number }>("INSERT INTO holds (parcel_id, inspection_id, status, reasons, created_at) VALUES (?, ?, 'OPEN', 'UNREADABLE', ?) RETURNING id", [await w.id(t), insp, T])
          ).id;
          await db.q("INSERT INTO hold_reasons (hold_id, code) VALUES (?, 'UNREADABLE')", [hold]);
        }
        await w.setStatus(t, outcome === 'CLEAR' ? 'CLEARED' : 'HELD', await w.audit('parcel', t, 'parcel.inspect'));
      });
      return hold;
    },
    /** A supervisor's decision: the decision row, its audit event, the hold, then the parcel. */
    decide: async (t: string, hold: number, disposition: 'AWAIT_PROOF' | 'RELEASE' | 'RETURN' | 'DESTROY', by: number) => {
      const status = ({ AWAIT_PROOF: 'AWAITING_PROOF', RELEASE: 'RELEASED', RETURN: 'RETURNED', DESTROY: 'DESTROYED' } as const)[disposition];
      await inTx(db, async () => {
        const seq = await w.audit('parcel', t, `hold.${disposition.toLowerCase()}`);
        await db.q("INSERT INTO hold_decisions (hold_id, disposition, reason, decided_by, decided_at) VALUES (?, ?, 'checked', ?, ?)", [hold, disposition, by, T]);
        await db.q("UPDATE holds SET status = ?, decided_at = ?, decided_by = ?, decision_reason = 'checked' WHERE id = ?", [status, T, by, hold]);
        await w.setStatus(t, status, seq);
      });
    },
    shipment: async (by: number) =>
      (await one<{ id: number }>("INSERT INTO shipments (destination, carrier, status, created_at, created_by) VALUES ('LAX', 'SF', 'OPEN', ?, ?) RETURNING id", [T, by])).id,
    ship: async (shipment: number, t: string, by: number) =>
      db.q('INSERT INTO shipment_parcels (shipment_id, parcel_id, added_at, added_by) VALUES (?, ?, ?, ?)', [shipment, await w.id(t), T, by]),
    /** Closing: the shipment, the close's audit event, then each parcel SHIPPED with it. */
    close: async (shipment: number) => {
      await inTx(db, async () => {
        await db.q("UPDATE shipments SET status = 'CLOSED', closed_at = ? WHERE id = ?", [T, shipment]);
        const seq = await w.audit('shipment', String(shipment), 'shipment.close');
        const lines = await db.q<{ t: string }>('SELECT p.tracking_no AS t FROM shipment_parcels sp JOIN parcels p ON p.id = sp.parcel_id WHERE sp.shipment_id = ?', [shipment]);
        for (const l of lines) await w.setStatus(l.t, 'SHIPPED', seq);
      });
    },
  };
  return w;
}

/** The gateAttacks fixture, built by raw SQL: parcels in every interesting state. */
async function gateWorld(db: Raw) {
  const w = writer(db);
  const ann = await w.user('ann', 'inspector');
  const boss = await w.user('boss', 'supervisor');
  await w.audit('ruleset', '1', 'ruleset.activate');
  await db.q("INSERT INTO rulesets (version, created_at, definition, active) VALUES (1, ?, '{}', 1)", [T]);
  for (const t of ['CLEAR0001', 'CLEAR0002', 'CLEAR0003']) await w.inspected(t, 'CLEAR', ann);
  const heldHold = (await w.inspected('HELD0001', 'HOLD', ann))!;
  const destroyedHold = (await w.inspected('DEST0001', 'HOLD', ann))!;
  await w.decide('DEST0001', destroyedHold, 'DESTROY', boss);
  const releasedHold = (await w.inspected('RELS0001', 'HOLD', ann))!;
  await w.decide('RELS0001', releasedHold, 'RELEASE', boss);
  const open = await w.shipment(ann);
  await w.ship(open, 'CLEAR0001', ann);
  const closed = await w.shipment(ann);
  await w.ship(closed, 'CLEAR0002', ann);
  await w.ship(closed, 'RELS0001', ann);
  await w.close(closed);
  // Evidence rows: a photo on the held parcel's inspection, a proof request with a received document.
  const sha = 'a'.repeat(64);
  await db.q("INSERT INTO photos (sha256, bytes, mime, width, height, stored_at) VALUES (?, 1, 'image/jpeg', 1, 1, ?)", [sha, T]);
  const insp = (await w.one<{ id: number }>('SELECT inspection_id AS id FROM holds WHERE id = ?', [heldHold])).id;
  await db.q('INSERT INTO inspection_photos (inspection_id, position, photo_sha256) VALUES (?, 0, ?)', [insp, sha]);
  const request = (
    await w.one<{ id: number }>(
      "INSERT INTO proof_requests (hold_id, asked_json, customer, note, requested_at, requested_by, deadline, status) VALUES (?, '[]', 'c', '', ?, ?, ?, 'OPEN') RETURNING id",
      [heldHold, T, boss, T],
    )
  ).id;
  await db.q('INSERT INTO proof_documents (request_id, sha256, received_at, received_by) VALUES (?, ?, ?, ?)', [request, sha, T, boss]);
  return { w, ann, boss, open, closed, heldHold, destroyedHold, releasedHold };
}

type World = Awaited<ReturnType<typeof gateWorld>>;

const CERTIFICATE = "INSERT INTO certificates (id, brand_id, seller_name, seller_tax_id, valid_from, valid_to, scope_json, updated_at) VALUES ('C1', 'acme', 's', 't', '2026-01-01', '2027-01-01', '[]', '2026-01-01')";

/**
 * Migration 13 / pg 8: each change of a user, a setting, a ruleset or a certificate, and each decision row,
 * tried by `by` in a transaction undone afterwards, with no event, the wrong event, or its own event first.
 */
async function auditRequiredTable(f: World, by: Raw): Promise<string[]> {
  const w = writer(by);
  if (!(await f.w.one("SELECT 1 FROM brands WHERE id = 'acme'"))) await f.w.db.q("INSERT INTO brands (id, name, updated_at) VALUES ('acme', 'Acme', ?)", [T]);
  const decision = `INSERT INTO hold_decisions (hold_id, disposition, reason, decided_by, decided_at) VALUES (${f.heldHold}, 'RELEASE', 'x', ${f.boss}, '${T}')`;
  const cases: [what: string, sql: string, event?: [string, string, string]][] = [
    ['role', "UPDATE users SET role = 'admin' WHERE name = 'ann'"],
    ['role, event of another user', "UPDATE users SET role = 'admin' WHERE name = 'ann'", ['user', 'boss', 'user.role']],
    ['role, its event', "UPDATE users SET role = 'admin' WHERE name = 'ann'", ['user', 'ann', 'user.role']],
    ['PIN', "UPDATE users SET pin_hash = 'mine' WHERE name = 'ann'"],
    ['PIN, its event', "UPDATE users SET pin_hash = 'mine' WHERE name = 'ann'", ['user', 'ann', 'user.pin_reset']],
    ['active', "UPDATE users SET active = 0 WHERE name = 'boss'", ['user', 'boss', 'user.activate']],
    ['active, its event', "UPDATE users SET active = 0 WHERE name = 'boss'", ['user', 'boss', 'user.deactivate']],
    ['four-eyes', "UPDATE settings SET value = 'off' WHERE key = 'four_eyes'", ['settings', 'hold_clocks', 'settings.clocks']],
    ['four-eyes, its event', "UPDATE settings SET value = 'off' WHERE key = 'four_eyes'", ['settings', 'four_eyes', 'settings.four_eyes']],
    ['four-eyes deleted', "DELETE FROM settings WHERE key = 'four_eyes'"],
    ['clocks', "INSERT INTO settings (key, value) VALUES ('hold_clocks', '{}')"],
    ['clocks, its event', "INSERT INTO settings (key, value) VALUES ('hold_clocks', '{}')", ['settings', 'hold_clocks', 'settings.clocks']],
    ['ruleset off', 'UPDATE rulesets SET active = 0'],
    ['ruleset rewritten, with an activation', "UPDATE rulesets SET definition = 'x'", ['ruleset', '2', 'ruleset.activate']],
    ['ruleset added', "INSERT INTO rulesets (version, created_at, definition, active) VALUES (2, 'x', '{}', 0)", ['ruleset', '3', 'ruleset.activate']],
    ['ruleset added, its event', "INSERT INTO rulesets (version, created_at, definition, active) VALUES (2, 'x', '{}', 0)", ['ruleset', '2', 'ruleset.activate']],
    ['certificate', CERTIFICATE, ['file', 'brands.json', 'import.brands']],
    ['certificate, its import', CERTIFICATE, ['file', 'certificates.json', 'import.certificates']],
    ['orphan decision', decision],
    ['decision, event of another parcel', decision, ['parcel', 'CLEAR0003', 'hold.release']],
    ['decision, its event', decision, ['parcel', 'HELD0001', 'hold.release']],
  ];
  const said: string[] = [];
  for (const [what, sql, event] of cases) {
    await inTx(by, async () => {
      if (event) await w.audit(...event);
      said.push(`${what}: ${await attempt(() => by.q(sql))}`);
    }, false);
  }
  return said;
}

const AUDIT_REQUIRED = [
  "role: AUDIT_REQUIRED: a user's role, PIN or active flag changes only with its audit event",
  "role, event of another user: AUDIT_REQUIRED: a user's role, PIN or active flag changes only with its audit event",
  'role, its event: ok',
  "PIN: AUDIT_REQUIRED: a user's role, PIN or active flag changes only with its audit event",
  'PIN, its event: ok',
  "active: AUDIT_REQUIRED: a user's role, PIN or active flag changes only with its audit event",
  'active, its event: ok',
  'four-eyes: AUDIT_REQUIRED: a setting changes only with its audit event',
  'four-eyes, its event: ok',
  'four-eyes deleted: AUDIT_REQUIRED: a setting changes only with its audit event',
  'clocks: AUDIT_REQUIRED: a setting changes only with its audit event',
  'clocks, its event: ok',
  'ruleset off: AUDIT_REQUIRED: a ruleset changes only with its audit event',
  'ruleset rewritten, with an activation: AUDIT_REQUIRED: a ruleset changes only with its audit event',
  'ruleset added: AUDIT_REQUIRED: a ruleset changes only with its audit event',
  'ruleset added, its event: ok',
  'certificate: AUDIT_REQUIRED: a certificate changes only with its audit event',
  'certificate, its import: ok',
  'orphan decision: AUDIT_REQUIRED: a decision is written only after its audit event',
  'decision, event of another parcel: AUDIT_REQUIRED: a decision is written only after its audit event',
  'decision, its event: ok',
];

const ATTACKS: [name: string, refusal: string, attack: (f: World) => Promise<unknown>][] = [
  ['ship a held parcel', 'GATE_REFUSED: parcel is not cleared for forwarding', (f) => f.w.ship(f.open, 'HELD0001', f.ann)],
  ['ship a destroyed parcel', 'GATE_REFUSED: parcel is not cleared for forwarding', (f) => f.w.ship(f.open, 'DEST0001', f.ann)],
  ['add a cleared parcel to a closed shipment', 'GATE_REFUSED: shipment is closed', (f) => f.w.ship(f.closed, 'CLEAR0003', f.ann)],
  ['ship a shipped parcel again', 'GATE_REFUSED: the parcel is already on a shipment', (f) => f.w.ship(f.open, 'CLEAR0002', f.ann)],
  ['move an open shipment line onto a held parcel', 'LIFECYCLE: shipment lines are never changed; remove and add', async (f) =>
    f.w.db.q('UPDATE shipment_parcels SET parcel_id = ? WHERE shipment_id = ?', [await f.w.id('HELD0001'), f.open])],
  ['take a parcel off a closed shipment', 'GATE_REFUSED: a closed shipment never changes', (f) => f.w.db.q('DELETE FROM shipment_parcels WHERE shipment_id = ?', [f.closed])],
  ['reopen a closed shipment', 'GATE_REFUSED: a closed shipment never changes', (f) => f.w.db.q("UPDATE shipments SET status = 'OPEN', closed_at = NULL WHERE id = ?", [f.closed])],
  ['close a closed shipment again', 'GATE_REFUSED: a closed shipment never changes', (f) => f.w.db.q("UPDATE shipments SET status = 'CLOSED' WHERE id = ?", [f.closed])],
  ['create a shipment already closed', 'LIFECYCLE: a shipment is created OPEN', (f) =>
    f.w.db.q("INSERT INTO shipments (destination, carrier, status, created_at, created_by) VALUES ('X', 'Y', 'CLOSED', ?, ?)", [T, f.ann])],
  ['delete a shipment', 'LIFECYCLE: shipments are never deleted', (f) => f.w.db.q('DELETE FROM shipments WHERE id = ?', [f.open])],
  ['set a cleared parcel SHIPPED without a closed shipment', 'LIFECYCLE: shipped only as a line of a closed shipment', async (f) =>
    f.w.setStatus('CLEAR0003', 'SHIPPED', await f.w.audit('parcel', 'CLEAR0003'))],
  ['set a parcel on an open shipment SHIPPED', 'LIFECYCLE: shipped only as a line of a closed shipment', async (f) =>
    f.w.setStatus('CLEAR0001', 'SHIPPED', await f.w.audit('parcel', 'CLEAR0001'))],
  ['set a held parcel RELEASED without a decision', "LIFECYCLE: only a supervisor's decision on its hold settles a held parcel", async (f) =>
    f.w.setStatus('HELD0001', 'RELEASED', await f.w.audit('parcel', 'HELD0001'))],
  ['clear a parcel never inspected', 'LIFECYCLE: cleared only by an inspection that cleared it, with no undecided hold', async (f) => {
    await f.w.newParcel('FAKE0002');
    return f.w.setStatus('FAKE0002', 'CLEARED', await f.w.audit('parcel', 'FAKE0002'));
  }],
  ['set a held parcel CLEARED', 'LIFECYCLE: this status change is not allowed', async (f) => f.w.setStatus('HELD0001', 'CLEARED', await f.w.audit('parcel', 'HELD0001'))],
  ['set a destroyed parcel CLEARED', 'LIFECYCLE: this status change is not allowed', async (f) => f.w.setStatus('DEST0001', 'CLEARED', await f.w.audit('parcel', 'DEST0001'))],
  ['change a status without its audit event', 'LIFECYCLE: a status change must be written with its audit event', (f) =>
    f.w.db.q("UPDATE parcels SET status = 'HELD' WHERE tracking_no = 'CLEAR0003'")],
  ['change a status with another parcel\'s audit event', 'LIFECYCLE: a status change must be written with its audit event', async (f) =>
    f.w.setStatus('CLEAR0003', 'HELD', await f.w.audit('parcel', 'CLEAR0001'))],
  ['hold a parcel on an open shipment, unaudited', 'LIFECYCLE: a status change must be written with its audit event', (f) =>
    f.w.db.q("UPDATE parcels SET status = 'HELD' WHERE tracking_no = 'CLEAR0001'")],
  ['hold a parcel on an open shipment, audited', 'LIFECYCLE: held only with an open hold, off any shipment', async (f) =>
    f.w.setStatus('CLEAR0001', 'HELD', await f.w.audit('parcel', 'CLEAR0001'))],
  ['open a hold on a parcel on a shipment', 'GATE_REFUSED: parcel is on an outbound shipment; remove it from the shipment first', async (f) =>
    f.w.db.q("INSERT INTO holds (parcel_id, inspection_id, status, reasons, created_at) SELECT parcel_id, id, 'OPEN', 'X', ? FROM inspections WHERE parcel_id = ?", [T, await f.w.id('CLEAR0001')])],
  ['insert a parcel already cleared', 'LIFECYCLE: a parcel is created NEW, by its first inspection', (f) =>
    f.w.db.q("INSERT INTO parcels (tracking_no, status, created_at, updated_at) VALUES ('FAKE0001', 'CLEARED', ?, ?)", [T, T])],
  ['insert a second row for a tracking number', 'LIFECYCLE: parcels rows are never replaced', (f) => f.w.newParcel('HELD0001')],
  ['give a parcel another tracking number', 'LIFECYCLE: a parcel keeps its id and tracking number', (f) =>
    f.w.db.q("UPDATE parcels SET tracking_no = 'X' || tracking_no WHERE tracking_no = 'HELD0001'")],
  ['delete a parcel', 'LIFECYCLE: parcels are never deleted', (f) => f.w.db.q("DELETE FROM parcels WHERE tracking_no = 'HELD0001'")],
  ['rewrite an inspection\'s outcome', 'LIFECYCLE: inspections are never changed', async (f) =>
    f.w.db.q("UPDATE inspections SET outcome = 'CLEAR', reasons = '' WHERE parcel_id = ?", [await f.w.id('HELD0001')])],
  ['delete an inspection', 'LIFECYCLE: inspections are never deleted', async (f) => f.w.db.q('DELETE FROM inspections WHERE parcel_id = ?', [await f.w.id('CLEAR0003')])],
  ['delete an inspection photo', 'LIFECYCLE: inspection photos are never deleted', (f) => f.w.db.q('DELETE FROM inspection_photos')],
  ['swap an inspection photo', 'LIFECYCLE: inspection photos are never changed', (f) => f.w.db.q('UPDATE inspection_photos SET position = 1')],
  ['open a hold already released', 'LIFECYCLE: a hold is opened OPEN', async (f) =>
    f.w.db.q("INSERT INTO holds (parcel_id, inspection_id, status, reasons, created_at) SELECT parcel_id, id, 'RELEASED', 'X', ? FROM inspections WHERE parcel_id = ?", [T, await f.w.id('CLEAR0003')])],
  ['set a hold RELEASED without a decision', 'LIFECYCLE: a hold is decided only with its decision and audit event', async (f) => {
    await f.w.audit('parcel', 'HELD0001');
    return f.w.db.q("UPDATE holds SET status = 'RELEASED' WHERE id = ?", [f.heldHold]);
  }],
  ['send a hold waiting for proof back to OPEN', 'LIFECYCLE: this hold status change is not allowed', async (f) => {
    await f.w.decide('HELD0001', f.heldHold, 'AWAIT_PROOF', f.boss);
    return f.w.db.q("UPDATE holds SET status = 'OPEN' WHERE id = ?", [f.heldHold]);
  }],
  ['reopen a decided hold', 'LIFECYCLE: a decided hold is final', (f) => f.w.db.q("UPDATE holds SET status = 'OPEN', decided_at = NULL WHERE id = ?", [f.releasedHold])],
  ['shelve a decided hold', 'LIFECYCLE: a decided hold is final', (f) => f.w.db.q("UPDATE holds SET location = 'A-01' WHERE id = ?", [f.releasedHold])],
  ['move a hold to another parcel', 'LIFECYCLE: a hold keeps its parcel, inspection and reasons', async (f) =>
    f.w.db.q('UPDATE holds SET parcel_id = ? WHERE id = ?', [await f.w.id('CLEAR0003'), f.heldHold])],
  ['delete an open hold', 'LIFECYCLE: holds are never deleted', (f) => f.w.db.q('DELETE FROM holds WHERE id = ?', [f.heldHold])],
  ['delete a hold\'s reasons', 'LIFECYCLE: hold reasons are never deleted', (f) => f.w.db.q('DELETE FROM hold_reasons WHERE hold_id = ?', [f.heldHold])],
  ['change a hold\'s reasons', 'LIFECYCLE: hold reasons are never changed', (f) => f.w.db.q("UPDATE hold_reasons SET code = 'NONE' WHERE hold_id = ?", [f.heldHold])],
  ['delete a decision', 'LIFECYCLE: decisions are never deleted', (f) => f.w.db.q('DELETE FROM hold_decisions WHERE hold_id = ?', [f.destroyedHold])],
  ['rewrite a decision', 'LIFECYCLE: decisions are never changed', (f) => f.w.db.q("UPDATE hold_decisions SET disposition = 'RELEASE' WHERE hold_id = ?", [f.destroyedHold])],
  ['decide a decided hold again', 'LIFECYCLE: a decided hold takes no further decision', (f) =>
    f.w.db.q("INSERT INTO hold_decisions (hold_id, disposition, reason, decided_by, decided_at) VALUES (?, 'RELEASE', 'x', ?, ?)", [f.destroyedHold, f.boss, T])],
  ['delete a received proof document', 'received documents are evidence and cannot be removed', (f) => f.w.db.q('DELETE FROM proof_documents')],
  ['edit an audit event', 'audit events are append-only', (f) => f.w.db.q("UPDATE audit_events SET actor = 'mallory' WHERE seq = 2")],
  ['delete the newest audit event', 'audit events are append-only', (f) => f.w.db.q('DELETE FROM audit_events WHERE seq = (SELECT max(seq) FROM audit_events)')],
  ['insert an audit event past the end of the chain', 'audit events are append-only', (f) =>
    f.w.db.q("INSERT INTO audit_events (seq, at, actor, action, entity_type, entity_id, details, prev_hash, hash) VALUES (999, 'x', 'x', 'x', 'x', 'x', '{}', 'x', 'x')")],
  ['insert the next audit event linked to the wrong hash', 'audit events are append-only', (f) =>
    f.w.db.q(
      "INSERT INTO audit_events (seq, at, actor, action, entity_type, entity_id, details, prev_hash, hash) SELECT max(seq) + 1, 'x', 'x', 'x', 'x', 'x', '{}', ?, 'x' FROM audit_events",
      [GENESIS_HASH],
    )],
  ['move the audit encoding switch point', 'audit encoding switch point never changes', (f) => f.w.db.q("UPDATE settings SET value = '5' WHERE key = 'audit_v2_from'")],
  ['delete the audit encoding switch point', 'audit encoding switch point never changes', (f) => f.w.db.q("DELETE FROM settings WHERE key = 'audit_v2_from'")],
];

/** Each attack alone on the same fixture, rolled back after: what the database said. */
async function runAttacks(db: Raw, f: World, attacks: typeof ATTACKS): Promise<Record<string, string>> {
  const said: Record<string, string> = {};
  for (const [name, , attack] of attacks) {
    await inTx(db, async () => {
      said[name] = await attempt(() => attack(f));
    }, false);
  }
  return said;
}

/** Every (from, to) status pair, with and without its audit event, as lifecycle.test.ts tries them. */
async function lifecycleTable(db: Raw): Promise<{ row: string; said: string }[]> {
  const w = writer(db);
  const ann = await w.user('ann', 'inspector');
  const boss = await w.user('boss', 'supervisor');
  await w.audit('ruleset', '1', 'ruleset.activate');
  await db.q("INSERT INTO rulesets (version, created_at, definition, active) VALUES (1, ?, '{}', 1)", [T]);
  const DISPOSITION = { AWAITING_PROOF: 'AWAIT_PROOF', RELEASED: 'RELEASE', RETURNED: 'RETURN', DESTROYED: 'DESTROY' } as const;
  let n = 0;
  const parcelIn = async (status: ParcelStatus): Promise<string> => {
    const t = `LIFE${String(++n).padStart(6, '0')}`;
    if (status === 'NEW') await w.newParcel(t);
    else if (status === 'CLEARED' || status === 'SHIPPED') {
      await w.inspected(t, 'CLEAR', ann);
      if (status === 'SHIPPED') {
        const s = await w.shipment(ann);
        await w.ship(s, t, ann);
        await w.close(s);
      }
    } else {
      const hold = (await w.inspected(t, 'HOLD', ann))!;
      if (status !== 'HELD') await w.decide(t, hold, DISPOSITION[status], boss);
    }
    return t;
  };
  const rows: { row: string; said: string }[] = [];
  for (const from of PARCEL_STATUSES) {
    for (const to of PARCEL_STATUSES) {
      if (from === to) continue;
      for (const audited of [true, false]) {
        const t = await parcelIn(from);
        const id = await w.id(t);
        // Lay down what would justify `to`, as far as the database lets it.
        if (to === 'CLEARED' || to === 'HELD') await attempt(() => w.inspect(t, to === 'CLEARED' ? 'CLEAR' : 'HOLD', ann));
        if (to === 'HELD') {
          const insp = (await w.one<{ i: number }>('SELECT max(id) AS i FROM inspections WHERE parcel_id = ?', [id])).i;
          await attempt(() => db.q("INSERT INTO holds (parcel_id, inspection_id, status, reasons, created_at) VALUES (?, ?, 'OPEN', 'UNREADABLE', ?)", [id, insp, T]));
        }
        const disposition = (DISPOSITION as Partial<Record<ParcelStatus, string>>)[to];
        if (disposition) {
          const hold = await w.one<{ id: number }>("SELECT id FROM holds WHERE parcel_id = ? AND status IN ('OPEN', 'AWAITING_PROOF')", [id]);
          if (hold) {
            await attempt(() =>
              inTx(db, async () => {
                await w.audit('parcel', t, `hold.${disposition.toLowerCase()}`);
                await db.q("INSERT INTO hold_decisions (hold_id, disposition, reason, decided_by, decided_at) VALUES (?, ?, 'x', ?, ?)", [hold.id, disposition, boss, T]);
                await db.q('UPDATE holds SET status = ? WHERE id = ?', [to, hold.id]);
              }),
            );
          }
        }
        if (to === 'SHIPPED') {
          await attempt(() =>
            inTx(db, async () => {
              const s = await w.shipment(ann);
              await w.ship(s, t, ann);
              await db.q("UPDATE shipments SET status = 'CLOSED' WHERE id = ?", [s]);
            }),
          );
        }
        const seq = audited ? await w.audit('parcel', t, 'parcel.status') : null;
        rows.push({ row: `${from}>${to}${audited ? '' : ' (no audit)'}`, said: await attempt(() => w.setStatus(t, to, seq)) });
      }
    }
  }
  return rows;
}

/** Table, column, index and trigger names (and NOT NULL) of each engine, for comparison. */
async function shape(db: Raw) {
  if (db.engine === 'sqlite') {
    // Views too (\`orders\`, migration 14): PostgreSQL's information_schema lists their columns.
    const tables = await db.q<{ name: string }>("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name");
    const columns: Record<string, string[]> = {};
    for (const { name } of tables) {
      const cols = await db.q<{ name: string; notnull: number; pk: number }>(`SELECT name, "notnull", pk FROM pragma_table_info('${name}') ORDER BY cid`);
      columns[name] = cols.map((c) => `${c.name}${c.notnull || c.pk ? ' NOT NULL' : ''}`);
    }
    const indexes = (await db.q<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")).map((r) => r.name);
    const triggers = (await db.q<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")).map((r) => r.name);
    return { columns, indexes, triggers };
  }
  // photo_blobs is the server's own: a SQLite station keeps its photos as files (migration pg/003).
  const cols = await db.q<{ t: string; c: string; nullable: string }>(
    `SELECT table_name AS t, column_name AS c, is_nullable AS nullable FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name NOT IN ('schema_migrations', 'photo_blobs') AND column_name <> 'rowid' ORDER BY table_name, ordinal_position`,
  );
  const columns: Record<string, string[]> = {};
  for (const r of cols) (columns[r.t] ??= []).push(`${r.c}${r.nullable === 'NO' ? ' NOT NULL' : ''}`);
  const indexes = (
    await db.q<{ name: string }>(
      `SELECT i.relname AS name FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       WHERE n.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid) ORDER BY 1`,
    )
  ).map((r) => r.name);
  const triggers = (
    await db.q<{ name: string }>(
      `SELECT t.tgname AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND NOT t.tgisinternal ORDER BY 1`,
    )
  ).map((r) => r.name);
  return { columns, indexes, triggers };
}

describe.skipIf(pgSkipped())('PostgreSQL schema, triggers and station role', () => {
  let server: PgServer;
  let ownerUrl: string;
  beforeAll(async () => {
    server = await testServer(inject('pgBaseUrl'));
    ownerUrl = await server.createDatabase();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('migrates a new database once, again as a no-op, safely from two owners at once, and refuses a newer one', async () => {
    const url = await server.createDatabase({ migrate: false });
    const owner = await client(url);
    expect(await pgSchemaVersion(owner)).toBe(0);
    expect(await migratePg(owner)).toEqual({ from: 0, to: PG_SCHEMA_VERSION });
    expect(await migratePg(owner)).toEqual({ from: PG_SCHEMA_VERSION, to: PG_SCHEMA_VERSION });
    expect((await owner.query('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version)).toEqual(ALL_VERSIONS);
    expect(await pgSchemaVersion(owner)).toBe(PG_SCHEMA_VERSION);

    // Two owners at once: a third session holds the migration lock until both are waiting on it.
    const twice = await server.createDatabase({ migrate: false });
    const holder = await client(twice);
    await holder.query('SELECT pg_advisory_lock($1)', [PG_MIGRATE_LOCK]);
    const [a, b] = [new pg.Pool({ connectionString: twice, max: 1 }), new pg.Pool({ connectionString: twice, max: 1 })];
    const racing = Promise.all([migratePg(a), migratePg(b)]);
    const waiting = async () => (await holder.query<{ n: number }>("SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")).rows[0].n;
    for (let i = 0; i < 200 && (await waiting()) < 2; i++) await new Promise((r) => setTimeout(r, 25));
    expect(await waiting()).toBe(2);
    await holder.query('SELECT pg_advisory_unlock($1)', [PG_MIGRATE_LOCK]);
    await holder.end();
    const both = await racing;
    expect(both.map((r) => r.to)).toEqual([PG_SCHEMA_VERSION, PG_SCHEMA_VERSION]);
    expect(Math.min(...both.map((r) => r.from))).toBe(0);
    expect((await a.query('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version)).toEqual(ALL_VERSIONS);
    await Promise.all([a.end(), b.end()]);

    await owner.query("INSERT INTO schema_migrations (version, applied_at) VALUES (99, 'later')");
    await expect(migratePg(owner)).rejects.toThrow(`schema version 99, newer than this Parcel Gate knows (${PG_SCHEMA_VERSION})`);
    expect(await pgSchemaVersion(owner)).toBe(99);
    await owner.end();

    const station = await client(asUser(ownerUrl, STATION_ROLE));
    await expect(migratePg(station)).rejects.toThrow(/not as the station role/);
    expect(await pgSchemaVersion(station)).toBe(PG_SCHEMA_VERSION);
    await station.end();
  });

  it('has the tables, columns, indexes, triggers and settings SQLite has after its migrations', async () => {
    const lite = sqliteRaw();
    const pgc = await client(ownerUrl);
    const pgdb = pgRaw(pgc);
    const [s, p] = [await shape(lite), await shape(pgdb)];
    expect(p.columns).toEqual(s.columns);
    expect(p.indexes).toEqual(s.indexes);
    // The same triggers, with their firing order in the name, plus TRUNCATE guards SQLite has no need of.
    const pgTriggers = p.triggers.filter((t) => !t.endsWith('_no_truncate')).map((t) => t.replace(/^t\d_/, '')).sort();
    expect(pgTriggers).toEqual(s.triggers);
    const settings = 'SELECT key, value FROM settings ORDER BY key';
    expect(await pgdb.q(settings)).toEqual(await lite.q(settings));
    // Text compares as bytes ("C"), as on SQLite, except the user's name, which ignores case.
    const collations = await pgdb.q<{ c: string; coll: string | null }>(
      `SELECT table_name || '.' || column_name AS c, collation_name AS coll FROM information_schema.columns
       WHERE table_schema = 'public' AND data_type = 'text' AND table_name <> 'schema_migrations'`,
    );
    expect(collations.filter((r) => r.coll !== 'C')).toEqual([{ c: 'users.name', coll: 'nocase' }]);
    await lite.close();
    await pgdb.close();
  });

  it('sorts text as bytes and finds users regardless of case, even in a database whose default collation is not C', async () => {
    const admin = await client(server.url('postgres'));
    const name = `parcel_gate_icu_${process.pid}`;
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name} OWNER ${OWNER_ROLE} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C' LOCALE_PROVIDER icu ICU_LOCALE 'en-US'`);
    await admin.end();
    const owner = await client(server.url(name, OWNER_ROLE));
    await migratePg(owner);
    const q = async (sql: string) => (await owner.query(sql)).rows.map((r) => Object.values(r)[0]);
    expect(await q("SELECT x FROM (VALUES ('a'), ('B')) v(x) ORDER BY x")).toEqual(['a', 'B']); // the database's own order
    await owner.query("INSERT INTO brands (id, name, updated_at) VALUES ('a', 'a', 'x'), ('B', 'B', 'x')");
    expect(await q('SELECT id FROM brands ORDER BY id')).toEqual(['B', 'a']); // SQLite's
    await owner.query("INSERT INTO users (name, role, pin_hash, created_at) VALUES ('Ann', 'inspector', 'x', 'x')");
    expect(await q("SELECT name FROM users WHERE name = 'aNN'")).toEqual(['Ann']);
    await expect(owner.query("INSERT INTO users (name, role, pin_hash, created_at) VALUES ('ANN', 'admin', 'x', 'x')")).rejects.toThrow(/duplicate key/);
    expect(await q("SELECT count(*) FROM brands WHERE id = 'A' COLLATE NOCASE")).toEqual([1]); // a query's COLLATE NOCASE, as on SQLite
    await owner.end();
  });

  it('refuses every raw-SQL attack by the owner with the words SQLite uses', async () => {
    const lite = sqliteRaw();
    const pgc = await client(ownerUrl);
    const pgdb = pgRaw(pgc);
    const liteSaid = await runAttacks(lite, await gateWorld(lite), ATTACKS);
    const world = await gateWorld(pgdb);
    const pgSaid = await runAttacks(pgdb, world, ATTACKS);
    const expected = Object.fromEntries(ATTACKS.map(([name, refusal]) => [name, refusal]));
    expect(liteSaid).toEqual(expected); // the list describes SQLite truly
    expect(pgSaid).toEqual(expected);
    console.log(`pg attacks: ${ATTACKS.length} tried, ${Object.values(pgSaid).filter((s) => s !== 'ok').length} refused, same words as SQLite`);

    // TRUNCATE (which SQLite lacks) would skip the row triggers: refused where a DELETE is.
    for (const [table, refusal] of [
      ['audit_events', 'audit events are append-only'],
      ['settings', 'audit encoding switch point never changes'],
      ['shipment_parcels', 'GATE_REFUSED: a closed shipment never changes'],
      ['proof_documents', 'received documents are evidence and cannot be removed'],
      ['hold_decisions, hold_reasons, hold_brands, proof_documents, proof_requests, seller_flags, holds', 'LIFECYCLE: decisions are never deleted'],
    ]) {
      await pgdb.q('BEGIN');
      expect(await attempt(() => pgdb.q(`TRUNCATE ${table}`))).toBe(refusal);
      await pgdb.q('ROLLBACK');
    }
    // Temporary tables come first in a session's search path; the triggers read the real ones all the same.
    await inTx(pgdb, async () => {
      await pgdb.q("CREATE TEMP TABLE parcels AS SELECT id, tracking_no, 'CLEARED'::text AS status FROM public.parcels");
      await pgdb.q('CREATE TEMP TABLE holds AS SELECT * FROM public.holds WHERE false');
      expect((await pgdb.q<{ status: string }>("SELECT status FROM parcels WHERE tracking_no = 'HELD0001'"))[0].status).toBe('CLEARED');
      expect(await attempt(() => world.w.ship(world.open, 'HELD0001', world.ann))).toBe('GATE_REFUSED: parcel is not cleared for forwarding');
    }, false);
    // The chain the fixture wrote is all there and intact.
    const events = await pgdb.q<{ seq: number; at: string; actor: string; action: string; entity_type: string; entity_id: string; details: string; prev_hash: string; hash: string }>(
      'SELECT * FROM audit_events ORDER BY seq',
    );
    expect(events.map((e) => e.seq)).toEqual((await lite.q<{ seq: number }>('SELECT seq FROM audit_events ORDER BY seq')).map((e) => e.seq));
    events.forEach((e, i) => {
      expect(e.prev_hash).toBe(i === 0 ? GENESIS_HASH : events[i - 1].hash);
      expect(e.hash).toBe(eventHash(e));
    });
    await lite.close();
    await pgdb.close();
  });

  it('judges every parcel status change as SQLite does', async () => {
    const url = await server.createDatabase();
    const lite = sqliteRaw();
    const pgdb = pgRaw(await client(url));
    const [liteRows, pgRows] = [await lifecycleTable(lite), await lifecycleTable(pgdb)];
    expect(pgRows).toEqual(liteRows);
    const allowed = pgRows.filter((r) => r.said === 'ok').map((r) => r.row).sort();
    const edges = PARCEL_STATUSES.flatMap((f) => TRANSITIONS[f].map((t) => `${f}>${t}`)).sort();
    expect(allowed).toEqual(edges);
    expect(pgRows.filter((r) => r.said !== 'ok').every((r) => r.said.startsWith('LIFECYCLE: ') || r.said.startsWith('GATE_REFUSED: '))).toBe(true);
    console.log(`pg lifecycle table: ${pgRows.length} rows, ${allowed.length} allowed, same verdicts and words as SQLite`);
    await lite.close();
    await pgdb.close();
  });

  it('refuses a change of a user, a setting, a ruleset or a certificate, and a decision row, without its audit event, as SQLite does', async () => {
    const sqlite = sqliteRaw();
    expect(await auditRequiredTable(await gateWorld(sqlite), sqlite)).toEqual(AUDIT_REQUIRED);
    await sqlite.close();
    const url = await server.createDatabase();
    const owner = pgRaw(await client(url));
    const world = await gateWorld(owner);
    expect(await auditRequiredTable(world, owner)).toEqual(AUDIT_REQUIRED);
    // The station may update users, settings, rulesets and certificates: the triggers judge it all the same.
    const station = pgRaw(await client(asUser(url, STATION_ROLE)));
    // (It may not delete settings at all: that one is refused by its grants first.)
    expect(await auditRequiredTable(world, station)).toEqual(
      AUDIT_REQUIRED.map((l) => (l.startsWith('four-eyes deleted:') ? 'four-eyes deleted: permission denied for table settings' : l)),
    );
    await station.close();
    await owner.close();
  });

  it('gives the station role reads and inserts everywhere, changes only where the app makes them, none on audit, holds, decisions, shipments', async () => {
    const owner = pgRaw(await client(ownerUrl));
    const stationClient = await client(asUser(ownerUrl, STATION_ROLE));
    const station = pgRaw(stationClient);
    const grants = await owner.q<{ t: string; p: string }>(
      "SELECT table_name AS t, privilege_type AS p FROM information_schema.role_table_grants WHERE grantee = ? AND table_schema = 'public' ORDER BY 1, 2",
      [STATION_ROLE],
    );
    const tables = (await owner.q<{ t: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")).map((r) => r.t);
    const having = (p: string) => grants.filter((g) => g.p === p).map((g) => g.t).sort();
    const views = (await owner.q<{ t: string }>("SELECT table_name AS t FROM information_schema.views WHERE table_schema = 'public' ORDER BY 1")).map((r) => r.t);
    expect(views).toEqual(['orders']);
    const kept = (list: readonly string[]) => list.filter((t) => !(REPLACED_TABLES as readonly string[]).includes(t));
    expect(having('SELECT')).toEqual(tables);
    expect(having('INSERT')).toEqual(tables.filter((t) => t !== 'schema_migrations' && !views.includes(t)));
    expect(having('UPDATE')).toEqual(kept([...STATION_UPDATES, ...SESSION_TABLES, ...ORDER_IMPORT_UPDATES]).sort());
    expect(having('DELETE')).toEqual(kept([...STATION_DELETES, ...SESSION_TABLES, ...ORDER_IMPORT_DELETES]).sort());
    expect(grants.filter((g) => !['SELECT', 'INSERT', 'UPDATE', 'DELETE'].includes(g.p))).toEqual([]);
    expect(grants.filter((g) => (g.p === 'UPDATE' || g.p === 'DELETE') && GUARDED_TABLES.test(g.t))).toEqual([]);

    for (const t of tables) expect(await attempt(() => station.q(`SELECT * FROM ${t} LIMIT 1`))).toBe('ok');
    const refused = async (sql: string) => {
      try {
        await station.q(sql);
        return 'ok';
      } catch (e) {
        return (e as { code?: string }).code;
      }
    };
    const change = { audit_events: "actor = 'x'", holds: "location = 'x'", hold_decisions: "reason = 'x'", hold_reasons: "code = 'x'", shipments: "carrier = 'x'", shipment_parcels: "added_at = 'x'" };
    for (const [t, set] of Object.entries(change)) {
      expect(await refused(`UPDATE ${t} SET ${set}`), t).toBe('42501');
      expect(await refused(`DELETE FROM ${t}`), t).toBe('42501');
      expect(await refused(`TRUNCATE ${t}`), t).toBe('42501');
    }
    expect(await refused('DELETE FROM parcels')).toBe('42501');
    expect(await refused('CREATE TABLE station_scratch (a int)')).toBe('42501');
    expect(await refused('CREATE TEMP TABLE parcels (id bigint, status text)')).toBe('42501');
    expect(await refused('DROP TABLE audit_events')).toBe('42501');
    expect(await refused("UPDATE schema_migrations SET applied_at = 'x'")).toBe('42501');

    // What the app does as a station works, the owner's triggers still judging it.
    const w = writer(station);
    const ann = await w.user('sta', 'inspector');
    if (!(await w.one('SELECT 1 FROM rulesets WHERE version = 1'))) {
      await writer(owner).audit('ruleset', '1', 'ruleset.activate');
      await owner.q("INSERT INTO rulesets (version, created_at, definition, active) VALUES (1, ?, '{}', 1)", [T]);
    }
    await w.inspected('STATION0001', 'CLEAR', ann);
    expect(await attempt(() => w.setStatus('STATION0001', 'SHIPPED', null))).toBe('LIFECYCLE: a status change must be written with its audit event');
    expect(await attempt(() => station.q("INSERT INTO settings (key, value) VALUES ('four_eyes', 'off') ON CONFLICT (key) DO UPDATE SET value = excluded.value"))).toBe(
      'AUDIT_REQUIRED: a setting changes only with its audit event',
    );
    await w.audit('settings', 'four_eyes', 'settings.four_eyes');
    await station.q("INSERT INTO settings (key, value) VALUES ('four_eyes', 'off') ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    expect(await attempt(() => station.q("UPDATE settings SET value = '9' WHERE key = 'audit_v2_from'"))).toBe('audit encoding switch point never changes');

    // A role with no grants of its own gets nothing through PUBLIC.
    await owner.q(`DO $$ BEGIN CREATE ROLE parcel_gate_nobody LOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`);
    const nobody = await client(asUser(ownerUrl, 'parcel_gate_nobody'));
    await expect(nobody.query('SELECT 1 FROM parcels')).rejects.toMatchObject({ code: '42501' });
    await expect(nobody.query("SELECT pg_gate_hold_locate(1, 'A1', 'x')")).rejects.toMatchObject({ code: '42501' });
    await nobody.end();
    await station.close();
    await owner.close();
  });

  it('lets the station make the four guarded changes only through their functions, which the triggers still judge', async () => {
    const url = await server.createDatabase();
    const owner = pgRaw(await client(url));
    const f = await gateWorld(owner);
    const stationClient = await client(asUser(url, STATION_ROLE));
    const st = pgRaw(stationClient);
    const tx = stationSql(stationClient);
    const w = writer(st);

    // hold_locate
    expect(await guarded(tx, 'hold_locate', { holdId: f.heldHold, location: 'A-01', at: T })).toBe(1);
    expect((await w.one<{ location: string }>('SELECT location FROM holds WHERE id = ?', [f.heldHold])).location).toBe('A-01');
    expect(await attempt(() => guarded(tx, 'hold_locate', { holdId: f.releasedHold, location: 'B-02', at: T }))).toBe('LIFECYCLE: a decided hold is final');

    // hold_decide: refused without its decision, accepted with it (and the parcel follows)
    const args = { holdId: f.heldHold, status: 'RELEASED', decidedAt: T, decidedBy: f.boss, reason: 'genuine' };
    expect(await attempt(() => guarded(tx, 'hold_decide', args))).toBe('LIFECYCLE: a hold is decided only with its decision and audit event');
    await inTx(st, async () => {
      const seq = await w.audit('parcel', 'HELD0001', 'hold.release');
      await st.q("INSERT INTO hold_decisions (hold_id, disposition, reason, decided_by, decided_at) VALUES (?, 'RELEASE', 'genuine', ?, ?)", [f.heldHold, f.boss, T]);
      expect(await guarded(tx, 'hold_decide', args)).toBe(1);
      await w.setStatus('HELD0001', 'RELEASED', seq);
    });
    expect((await w.one<{ status: string }>("SELECT status FROM parcels WHERE tracking_no = 'HELD0001'")).status).toBe('RELEASED');

    // shipment_remove_parcel: off an open shipment, never off a closed one
    const line = (s: number, t: string) => w.one('SELECT 1 AS x FROM shipment_parcels sp JOIN parcels p ON p.id = sp.parcel_id WHERE sp.shipment_id = ? AND p.tracking_no = ?', [s, t]);
    expect(await guarded(tx, 'shipment_remove_parcel', { shipmentId: f.closed, parcelId: await w.id('CLEAR0002') })).toBe(0);
    expect(await line(f.closed, 'CLEAR0002')).toBeDefined();
    expect(await guarded(tx, 'shipment_remove_parcel', { shipmentId: f.open, parcelId: await w.id('CLEAR0001') })).toBe(1);
    expect(await line(f.open, 'CLEAR0001')).toBeUndefined();

    // shipment_close: the close gate still re-checks each parcel. Plant a hold behind the gate's back
    // (the owner switching its trigger off) on a parcel waiting on a shipment; closing must refuse.
    await w.ship(f.open, 'HELD0001', f.ann);
    await owner.q('ALTER TABLE holds DISABLE TRIGGER t2_holds_not_on_shipment');
    await owner.q(
      "INSERT INTO holds (parcel_id, inspection_id, status, reasons, created_at) SELECT parcel_id, max(id), 'OPEN', 'X', ? FROM inspections WHERE parcel_id = ? GROUP BY parcel_id",
      [T, await w.id('HELD0001')],
    );
    await owner.q('ALTER TABLE holds ENABLE TRIGGER t2_holds_not_on_shipment');
    expect(await attempt(() => guarded(tx, 'shipment_close', { shipmentId: f.open, at: T }))).toBe('GATE_REFUSED: a parcel on this shipment is no longer cleared');
    const fresh = await w.shipment(f.ann);
    await w.ship(fresh, 'CLEAR0003', f.ann);
    expect(await guarded(tx, 'shipment_close', { shipmentId: fresh, at: T })).toBe(1);
    expect(await guarded(tx, 'shipment_close', { shipmentId: fresh, at: T })).toBe(0);
    expect((await w.one<{ status: string; closed_at: string }>('SELECT status, closed_at FROM shipments WHERE id = ?', [fresh]))).toEqual({ status: 'CLOSED', closed_at: T });

    // The same changes written directly are not the station's to make.
    await expect(stationClient.query("UPDATE holds SET location = 'Z' WHERE id = $1", [f.heldHold])).rejects.toMatchObject({ code: '42501' });
    await expect(stationClient.query("UPDATE shipments SET status = 'CLOSED' WHERE id = $1", [f.open])).rejects.toMatchObject({ code: '42501' });
    await st.close();
    await owner.close();
  });

  it('sets the station password as a SCRAM verifier, never as text', async () => {
    const owner = await client(ownerUrl);
    expect(await migratePg(owner, { stationPassword: 'störe-7 pass' })).toEqual({ from: PG_SCHEMA_VERSION, to: PG_SCHEMA_VERSION });
    await owner.end();
    const admin = await client(server.url('postgres'));
    const r = await admin.query('SELECT rolpassword FROM pg_authid WHERE rolname = $1', [STATION_ROLE]);
    await admin.end();
    expect(r.rows[0].rolpassword).toMatch(/^SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
  });
});

/** Just enough of the PostgreSQL engine's Sql to call guarded() as the app does: @name parameters, in order. */
function stationSql(c: pg.Client): Sql {
  const run = async (sql: string, params?: Params) => {
    const values: unknown[] = [];
    const named = (params ?? {}) as Record<string, unknown>;
    const text = sql.replace(/@(\w+)/g, (_, name: string) => {
      values.push(named[name]);
      return `$${values.length}`;
    });
    return c.query(text, values);
  };
  return {
    dialect: 'postgres',
    all: async <R>(sql: string, params?: Params) => (await run(sql, params)).rows as R[],
    get: async <R>(sql: string, params?: Params) => (await run(sql, params)).rows[0] as R | undefined,
    run: async (sql: string, params?: Params) => ({ changes: (await run(sql, params)).rowCount ?? 0 }),
    exec: async (sql: string) => {
      await c.query(sql);
    },
  };
}
