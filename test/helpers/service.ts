// A fresh service on a temporary database, with the public pack imported when asked.
import path from 'node:path';
import { ParcelGateService } from '../../electron/main/service/service';
import type { Channel, Req, Responses } from '../../shared/api';
import { packFile, PUBLIC_PACK, tempDir } from './paths';
import { SYSTEM } from '../../shared/systemIdentities';

export interface TestService {
  service: ParcelGateService;
  dir: string;
  dbFile: string;
  /** Calls as the local command line would; throws on an error result. */
  sys<C extends Channel>(channel: C, req: Req<C>): Promise<Responses[C]>;
}

export function freshService(opts: { now?: () => Date; ocrWorkers?: number; ocrEngine?: 'ppocr' | 'tesseract'; ocrModelDir?: string } = {}): TestService {
  const dir = tempDir('svc');
  const dbFile = path.join(dir, 'station.db');
  const service = new ParcelGateService({ dbFile, dataDir: path.join(dir, 'data'), ...opts });
  return {
    service,
    dir,
    dbFile,
    async sys(channel, req) {
      const r = await service.call(channel, req, { system: SYSTEM.test });
      if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
      return r.value;
    },
  };
}

export async function importPack(t: TestService, pack = PUBLIC_PACK) {
  return t.sys('data:import', {
    brands: packFile('brands.json', pack),
    certificates: packFile('certificates.json', pack),
    orders: packFile('orders.csv', pack),
  });
}
