// One side of the release-versus-ship race: a separate process on the same database file.
//   tsx raceWorker.ts release DB N     decides holds 1..N in order (even: release, odd: destroy)
//   tsx raceWorker.ts ship DB N SHIP   tries to put each parcel on shipment SHIP while it is being decided
import Database from 'better-sqlite3';
import { SqliteStorage } from '../../electron/main/db/sqliteStorage';
import { AppError } from '../../shared/result';

const [mode, dbFile, nText, shipText] = process.argv.slice(2);
const n = Number(nText);
const storage = new SqliteStorage(dbFile);
const reader = new Database(dbFile, { readonly: true });
const decided = reader.prepare("SELECT status FROM holds WHERE id = ?");
const jitter = () => new Promise((r) => setTimeout(r, Math.random() * 1.5));

if (mode === 'release') {
  const boss = await storage.userByName('boss');
  for (let i = 1; i <= n; i++) {
    await storage.decideHold({ holdId: i, disposition: i % 2 === 0 ? 'RELEASE' : 'DESTROY', reason: `race round ${i}`, documents: [], userId: boss!.id, userName: 'boss', station: 'R', fourEyes: true });
    await jitter();
  }
} else {
  const shipper = await storage.userByName('shipper');
  const shipmentId = Number(shipText);
  let shipped = 0;
  let refused = 0;
  for (let i = 1; i <= n; i++) {
    const tracking = `RACE${String(i).padStart(8, '0')}`;
    for (;;) {
      const before = (decided.get(i) as { status: string }).status;
      try {
        await storage.addToShipment(shipmentId, tracking, shipper!.id, 'shipper', 'S');
        shipped++;
        break;
      } catch (e) {
        if (!(e instanceof AppError) || e.code !== 'GATE_REFUSED') throw e;
        refused++;
        // Decided before this attempt and still refused: it will never be allowed (destroyed).
        if (before !== 'OPEN') break;
      }
      await jitter();
    }
  }
  console.log(JSON.stringify({ shipped, refused }));
}
reader.close();
await storage.close();
