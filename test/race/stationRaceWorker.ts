// One side of the release-versus-ship race as a station of the warehouse server: its own process,
// no database, only the pinned HTTPS link and a user's PIN (see pgWarehouse.test.ts).
//   tsx stationRaceWorker.ts release URL FINGERPRINT N        boss decides holds 1..N (even: release, odd: destroy)
//   tsx stationRaceWorker.ts ship URL FINGERPRINT N SHIP      shipper tries to put each parcel on shipment SHIP
import { connectStation } from '../../electron/main/server/stationLink';
import { makeClient } from '../../shared/client';
import { raceTracking } from './raceSetup';

const [mode, url, fingerprint, nText, shipText] = process.argv.slice(2);
const n = Number(nText);
const link = connectStation({ url, fingerprint });
const api = makeClient(link.invoke);
const jitter = () => new Promise((r) => setTimeout(r, Math.random() * 1.5));
const must = <T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};

if (mode === 'release') {
  must(await api['session:signIn']({ name: 'boss', pin: '2468', station: 'RELEASE' }));
  for (let i = 1; i <= n; i++) {
    must(await api['hold:decide']({ holdId: i, disposition: i % 2 === 0 ? 'RELEASE' : 'DESTROY', reason: `race round ${i}`, documents: [] }));
    await jitter();
  }
} else {
  must(await api['session:signIn']({ name: 'shipper', pin: '1357', station: `SHIP-${process.pid}` }));
  const shipmentId = Number(shipText);
  let shipped = 0;
  let refused = 0;
  for (let i = 1; i <= n; i++) {
    const trackingNo = raceTracking(i);
    for (;;) {
      const open = must(await api['parcel:lookup']({ trackingNo })).parcel?.openHold != null;
      const r = await api['shipment:addParcel']({ shipmentId, trackingNo });
      if (r.ok) {
        shipped++;
        break;
      }
      if (r.error.code !== 'GATE_REFUSED') throw new Error(`${r.error.code}: ${r.error.message}`);
      refused++;
      // Decided before this attempt and still refused: it will never be allowed (destroyed).
      if (!open) break;
      await jitter();
    }
  }
  console.log(JSON.stringify({ shipped, refused }));
}
link.close();
