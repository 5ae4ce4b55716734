// The release-versus-ship race's shared parts: the parcels held the only way the database allows (an
// inspection that opens a hold, round i → hold i), and each side run as a process of its own.
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Storage } from '../../electron/main/db/storage';
import { ROOT } from '../helpers/paths';

export const raceTracking = (i: number) => `RACE${String(i).padStart(8, '0')}`;

/** Users boss, shipper and insp, an open shipment, and `rounds` held parcels; returns the shipment. */
export async function seedRace(storage: Storage, rounds: number): Promise<number> {
  await storage.addUser({ name: 'boss', role: 'supervisor', locale: 'en', pinHash: 'x' }, 'test');
  const shipper = await storage.addUser({ name: 'shipper', role: 'inspector', locale: 'en', pinHash: 'x' }, 'test');
  const inspector = await storage.addUser({ name: 'insp', role: 'inspector', locale: 'en', pinHash: 'x' }, 'test');
  await storage.saveRuleset('{}', 'test');
  const shipment = await storage.createShipment('LAX', 'SF', shipper.id, 'shipper');
  const now = new Date().toISOString();
  for (let i = 1; i <= rounds; i++) {
    const tracking = raceTracking(i);
    const r = await storage.recordInspection({
      trackingNo: tracking, scan: tracking, orderNo: null, station: 'S', inspectorId: inspector.id, inspectorName: 'insp', startedAt: now, finishedAt: now,
      outcome: 'HOLD', findings: [], rulesetVersion: 1, brands: [], reads: [], photoIds: [], timingsMs: {},
    });
    if (r.holdId !== i) throw new Error(`hold ${r.holdId} for round ${i}`);
  }
  return shipment.shipmentId;
}

/** One side of the race (raceWorker.ts) in a process of its own; resolves with what it printed. */
export function runRaceWorker(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'test', 'race', 'raceWorker.ts'), ...args], { cwd: ROOT });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`worker ${args[0]} exited ${code}: ${err}`))));
  });
}

/** The shipping side's last line: how many it shipped and how often it was refused. */
export const raceCounts = (out: string) => JSON.parse(out.trim().split('\n').pop()!) as { shipped: number; refused: number };
