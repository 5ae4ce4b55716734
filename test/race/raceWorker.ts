// One side of the release-versus-ship race: a separate process (a station) on the same database, a
// SQLite file or a PostgreSQL server (DB is a path or a postgres:// URL).
//   tsx raceWorker.ts release DB N     decides holds 1..N in order (even: release, odd: destroy)
//   tsx raceWorker.ts ship DB N SHIP   tries to put each parcel on shipment SHIP while it is being decided
import { openStorage } from '../../electron/main/db/openStorage';
import { AppError } from '../../shared/result';

const [mode, dbFile, nText, shipText] = process.argv.slice(2);
const n = Number(nText);
const storage = openStorage(dbFile);
const holdStatus = async (id: number) => (await storage.engine.read.get<{ status: string }>('SELECT status FROM holds WHERE id = ?', [id]))!.status;
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
      const before = await holdStatus(i);
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
await storage.close();
