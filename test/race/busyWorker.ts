// One side of the busy-database test: a separate process on the same database file.
//   tsx busyWorker.ts import DB N DONE imports N generated orders through the service (one logical import), then writes DONE
//   tsx busyWorker.ts write DB DONE    writes one small setting (with its audit event) every 50 ms until the
//                                      file DONE exists; prints the longest wait and how many writes failed
import path from 'node:path';
import fs from 'node:fs';
import { ParcelGateService } from '../../electron/main/service/service';
import { SYSTEM } from '../../shared/systemIdentities';

const [mode, dbFile, arg] = process.argv.slice(2);
const service = new ParcelGateService({ dbFile, dataDir: path.join(path.dirname(dbFile), 'data'), ocrWorkers: 1 });
const sys = { system: SYSTEM.busyTest };

if (mode === 'import') {
  const n = Number(arg);
  const header = 'order_no,tracking_no,customer,item,declared_brand,category,channel,store_id,store_name,seller_tax_id,purchase_date,amount_cny';
  const rows = Array.from({ length: n }, (_, i) => `ORD${i},TRK${String(i).padStart(10, '0')},C${i},item ${i},,household,TAOBAO,s,store,,2026-01-01,12.00`);
  const bytes = new TextEncoder().encode(`${header}\n${rows.join('\n')}\n`);
  const t0 = performance.now();
  const r = await service.call('data:import', { orders: { name: 'orders.csv', bytes } }, sys);
  console.log(JSON.stringify({ ok: r.ok, ms: Math.round(performance.now() - t0), error: r.ok ? null : r.error }));
  if (process.argv[5]) fs.writeFileSync(process.argv[5], 'done');
} else {
  let longest = 0;
  let failed = 0;
  let writes = 0;
  const errors: string[] = [];
  while (!fs.existsSync(arg)) {
    const t0 = performance.now();
    // settings:set is a small write of the kind a station makes (with its audit event).
    const r = await service.call('settings:set', { fourEyes: true }, sys);
    const ms = performance.now() - t0;
    writes++;
    if (!r.ok) {
      failed++;
      errors.push(`${r.error.code} ${r.error.message}`);
    } else longest = Math.max(longest, ms);
    await new Promise((res) => setTimeout(res, 50));
  }
  console.log(JSON.stringify({ writes, failed, longestMs: Math.round(longest), errors: errors.slice(0, 3) }));
}
await service.close();
