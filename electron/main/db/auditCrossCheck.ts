// `audit verify`'s second half: the state of the database against its audit events. A chain that is
// intact proves only the events it holds; a row written behind the app's back (a parcel marked SHIPPED,
// a decision row, a role or a setting changed by raw SQL) has no event, and is named here. Portable SQL,
// both engines; kept apart from audit.ts, whose chain walk is tuned on its own.
import { canonicalJson } from '../../../shared/canonicalJson';
import type { Sql } from './sql';

interface EventRow {
  seq: number;
  action: string;
  entity_type: string;
  entity_id: string;
  details: string;
}

function detailsOf(e: EventRow): Record<string, unknown> {
  try {
    const v = JSON.parse(e.details) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Every disagreement between state and events, one sentence each, in a stable order. */
export async function crossCheckState(db: Sql): Promise<string[]> {
  const problems: string[] = [];
  const events = async (where: string, params: unknown[] = []) =>
    (await db.all<EventRow>(`SELECT seq, action, entity_type, entity_id, details FROM audit_events WHERE ${where} ORDER BY seq`, params as never)).map((e) => ({ ...e, seq: Number(e.seq) }));

  // Shipped parcels: each was added to its shipment, and the shipment closed, with events.
  const shipped = await db.all<{ tracking_no: string; shipment_id: number | null }>(
    "SELECT p.tracking_no, sp.shipment_id FROM parcels p LEFT JOIN shipment_parcels sp ON sp.parcel_id = p.id WHERE p.status = 'SHIPPED' ORDER BY p.id",
  );
  if (shipped.length) {
    const added = new Set((await events("action = 'shipment.add'")).map((e) => e.entity_id));
    const closed = new Set((await events("action = 'shipment.close'")).map((e) => e.entity_id));
    for (const s of shipped) {
      if (!added.has(s.tracking_no)) problems.push(`parcel ${s.tracking_no} is SHIPPED with no shipment.add event`);
      if (s.shipment_id === null) problems.push(`parcel ${s.tracking_no} is SHIPPED but on no shipment`);
      else if (!closed.has(String(s.shipment_id))) problems.push(`parcel ${s.tracking_no} is SHIPPED but its shipment ${s.shipment_id} has no shipment.close event`);
    }
  }

  // Decisions: each row has its hold.<disposition> event; each decided hold has a decision.
  const decisions = await db.all<{ id: number; hold_id: number; disposition: string; tracking_no: string }>(
    'SELECT d.id, d.hold_id, d.disposition, p.tracking_no FROM hold_decisions d JOIN holds h ON h.id = d.hold_id JOIN parcels p ON p.id = h.parcel_id ORDER BY d.id',
  );
  const decisionEvents = new Map<string, number>();
  for (const e of await events("action IN ('hold.release', 'hold.return', 'hold.destroy', 'hold.await_proof')")) {
    const k = `${String(detailsOf(e).holdId)} ${e.action}`;
    decisionEvents.set(k, (decisionEvents.get(k) ?? 0) + 1);
  }
  for (const d of decisions) {
    const k = `${d.hold_id} hold.${d.disposition.toLowerCase()}`;
    const left = decisionEvents.get(k) ?? 0;
    if (left > 0) decisionEvents.set(k, left - 1);
    else problems.push(`decision ${d.id} (${d.disposition} of hold ${d.hold_id}, parcel ${d.tracking_no}) has no hold.${d.disposition.toLowerCase()} event`);
  }
  const undecided = await db.all<{ id: number; status: string }>(
    "SELECT h.id, h.status FROM holds h WHERE h.status <> 'OPEN' AND NOT EXISTS (SELECT 1 FROM hold_decisions d WHERE d.hold_id = h.id) ORDER BY h.id",
  );
  for (const h of undecided) problems.push(`hold ${h.id} is ${h.status} with no decision`);

  // People: each was added with an event, keeps the role it was added with, and is active as its last event says.
  const people = await db.all<{ name: string; role: string; active: number | boolean }>("SELECT name, role, active FROM users WHERE pin_hash NOT LIKE 'system$%' ORDER BY id");
  if (people.length) {
    const byUser = new Map<string, EventRow[]>();
    for (const e of await events("entity_type = 'user' AND action IN ('user.add', 'user.role', 'user.activate', 'user.deactivate')")) {
      const k = e.entity_id.toLowerCase();
      byUser.set(k, [...(byUser.get(k) ?? []), e]);
    }
    for (const u of people) {
      const list = byUser.get(u.name.toLowerCase()) ?? [];
      const add = list.find((e) => e.action === 'user.add');
      if (!add) {
        problems.push(`user ${u.name} has no user.add event`);
        continue;
      }
      const roles = list.filter((e) => e.action === 'user.add' || e.action === 'user.role').map((e) => detailsOf(e).role);
      if (roles[roles.length - 1] !== u.role) problems.push(`user ${u.name} has role ${u.role}, but the events give ${String(roles[roles.length - 1])}`);
      const last = list.filter((e) => e.action === 'user.activate' || e.action === 'user.deactivate').pop();
      const active = Boolean(Number(u.active));
      if (active !== (last ? last.action === 'user.activate' : true)) problems.push(`user ${u.name} is ${active ? 'active' : 'inactive'}, but the events say ${active ? 'inactive' : 'active'}`);
    }
  }

  // Settings: four-eyes and the hold clocks are what their last event set (four-eyes starts on).
  const fourEyes = (await db.get<{ value: string }>("SELECT value FROM settings WHERE key = 'four_eyes'"))?.value ?? 'on';
  const lastFourEyes = (await events("action = 'settings.four_eyes'")).pop();
  const expectedFourEyes = lastFourEyes ? String(detailsOf(lastFourEyes).to) : 'on';
  if (fourEyes !== expectedFourEyes) problems.push(`four-eyes is ${fourEyes}, but the events say ${expectedFourEyes}`);
  const clocks = (await db.get<{ value: string }>("SELECT value FROM settings WHERE key = 'hold_clocks'"))?.value;
  if (clocks !== undefined) {
    const last = (await events("action = 'settings.clocks'")).pop();
    if (!last || canonicalJson(detailsOf(last).to) !== canonicalJson(JSON.parse(clocks) as unknown)) problems.push('the hold clock settings differ from what their last settings.clocks event set');
  }

  // The ruleset in force was activated with an event.
  const active = await db.get<{ version: number }>('SELECT version FROM rulesets WHERE active = 1 ORDER BY version DESC LIMIT 1');
  if (active) {
    const activated = await events("action = 'ruleset.activate' AND entity_id = ?", [String(active.version)]);
    if (!activated.length) problems.push(`ruleset ${active.version} is active with no ruleset.activate event`);
  }
  return problems;
}
