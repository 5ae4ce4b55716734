// A second station process inspecting parcels on the same SQLite file while a backup is taken.
//   tsx inspectWorker.ts DB EVIDENCE_DIR N     N inspections, one photo each; prints "round i" after each
import { openStorage } from '../../electron/main/db/openStorage';
import { inspectOne } from '../helpers/backupStation';

const [dbFile, evidenceDir, nText] = process.argv.slice(2);
const storage = openStorage(dbFile);
for (let i = 1; i <= Number(nText); i++) {
  await inspectOne(storage, evidenceDir, 'BKW', i);
  console.log(`round ${i}`);
}
await storage.close();
