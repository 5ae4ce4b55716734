// One walk through every method of the storage port, engine-agnostic: users and sign-in, registry
// and order imports (staged too), rulesets, photos, shelves, holidays, inspections (held, cleared,
// provisional, untracked, re-inspected on an open shipment), the hold queue under each filter and
// sort, decisions (four eyes, proof requests, release, destroy, return as counterfeit), seller flags
// and lists, shipments and the gate's refusals, reports, replays and the audit chain. Every step's
// answer (or error code and message) goes into the log, with time set per step, so two engines given
// the same walk must give the same log: SQLite against PostgreSQL, step by step.
import type { InspectionRecord, Storage } from '../../electron/main/db/storage';
import type { Order } from '../../shared/types';

export interface ScenarioStep {
  name: string;
  value?: unknown;
  error?: { code: string | null; message: string; key: string | null };
}

/** The storage's clock: each step of the walk happens one minute after the one before. */
export class ScenarioClock {
  step = 0;
  constructor(private readonly start = Date.parse('2026-03-02T01:00:00.000Z')) {}
  readonly now = (): Date => new Date(this.start + this.step * 60_000);
}

export async function storageScenario(s: Storage, clock: ScenarioClock): Promise<ScenarioStep[]> {
  const log: ScenarioStep[] = [];
  clock.step = 0;
  const rec = async (name: string, f: () => Promise<unknown>) => {
    clock.step++;
    try {
      log.push({ name, value: await f() });
    } catch (e) {
      const err = e as { code?: string; message?: string; key?: string };
      log.push({ name, error: { code: err.code ?? null, message: String(err.message).split('\n')[0], key: err.key ?? null } });
    }
  };
  await rec('counts0', () => s.counts());
  const admin = (await s.addUser({ name: 'Admin', role: 'admin', locale: 'en', pinHash: 'h' }, 'setup', { onlyIfFirst: true })) as { id: number };
  await rec('firstAgain', () => s.addUser({ name: 'x', role: 'admin', locale: 'en', pinHash: 'h' }, 'setup', { onlyIfFirst: true }));
  const ann = await s.addUser({ name: 'ann', role: 'inspector', locale: 'en', pinHash: 'h' }, 'Admin');
  const boss = await s.addUser({ name: 'boss', role: 'supervisor', locale: 'zh', pinHash: 'h' }, 'Admin');
  await rec('dupUser', () => s.addUser({ name: 'ann', role: 'inspector', locale: 'en', pinHash: 'h' }, 'Admin'));
  await s.addUser({ name: 'system', role: 'admin', locale: 'en', pinHash: 'system$x' }, 'Admin');
  await rec('listUsers', () => s.listUsers());
  await rec('countPeople', () => s.countPeople());
  await rec('userByName', () => s.userByName(' ann '));
  await rec('userByNameCase', () => s.userByName('ANN'));
  await rec('reserve1', () => s.reservePinAttempt(ann.id, '2026-03-02T01:00:00.000Z', '2026-03-02T02:00:00.000Z', 2));
  await rec('pinFail', () => s.recordPinFailure(ann.id, null, 'S1'));
  await rec('reserve2', () => s.reservePinAttempt(ann.id, '2026-03-02T01:00:00.000Z', '2026-03-02T02:00:00.000Z', 2));
  await rec('reserve3', () => s.reservePinAttempt(ann.id, '2026-03-02T01:00:00.000Z', '2026-03-02T02:00:00.000Z', 2));
  await rec('usersAdmin', () => s.listUsersForAdmin());
  await rec('unlock', () => s.unlockUser(ann.id, 'Admin'));
  await rec('signIn', () => s.recordSignIn(ann.id, 'S1'));
  await rec('setLocale', () => s.setLocale(boss.id, 'en'));
  await rec('resetPin', () => s.resetUserPin(boss.id, 'h2', 'Admin'));
  await rec('deactSelf', () => s.setUserActive(admin.id, false, 'Admin'));
  await rec('noUser', () => s.unlockUser(999, 'Admin'));

  const brands = [
    { id: 'nike', name: 'Nike', aliases: ['耐克', 'NIKE'], gs1Prefixes: ['00883412'], officialStores: [{ channel: 'tmall' as never, storeId: 'nike-official', name: 'Nike官方旗舰店' }], lookalikes: [{ mark: 'NIKF', source: 'x' }] },
    { id: 'muji', name: 'MUJI', aliases: ['无印良品'], gs1Prefixes: ['4550002'], officialStores: [] },
  ];
  await rec('importBrands', () => s.importBrands(brands, 'Admin', 'brands.json'));
  await rec('importBrandsAgain', () => s.importBrands(brands, 'Admin', 'brands.json'));
  await rec('importCerts', () =>
    s.importCertificates([{ id: 'C1', brandId: 'nike', sellerName: 'Shop', sellerTaxId: '91310000MA1FL0000X', validFrom: '2026-01-01', validTo: '2026-12-31', scope: ['shoes'] }], 'Admin', 'certs.json'),
  );
  await rec('listBrands', () => s.listBrands());
  await rec('listCerts', () => s.listCertificates());
  await rec('brandIds', async () => [...(await s.brandIds())].sort());
  await rec('revision', () => s.registryRevision());
  const order = (n: number, extra: Partial<Order> = {}): Order => ({
    orderNo: `O${n}`, trackingNo: `SF${n}`, customer: `C${n}`, item: 'shoes', declaredBrand: n % 2 ? 'nike' : null, category: 'shoes', channel: 'taobao' as never,
    storeId: `store${n % 3}`, storeName: 'S', sellerTaxId: n % 2 ? '91310000MA1FL0000X' : null, purchaseDate: '2026-02-01', amountFen: 1000 * n, deliveryDate: n % 2 ? '2026-02-20' : null, ...extra,
  });
  await rec('importOrders', () => s.importOrders([order(1), order(2), order(3)], 'Admin', 'orders.csv'));
  await rec('importOrdersSame', () => s.importOrders([order(1), order(2), order(3, { customer: 'changed' })], 'Admin', 'orders.csv'));
  await rec('importOrdersConflict', () => s.importOrders([order(9, { trackingNo: 'SF1' })], 'Admin', 'bad.csv'));
  await rec('importBatch', () => s.importBatch({ orders: { items: [order(1), order(2, { item: 'bag' }), order(4), order(5), order(6), order(7), order(8)], file: 'o2.csv' }, brands: { items: brands, file: 'b.json' } }, 'Admin'));
  await rec('importBatchConflict', () => s.importBatch({ orders: { items: [order(10, { trackingNo: 'SF2' })], file: 'o3.csv' } }, 'Admin'));
  await rec('orderByTracking', () => s.orderByTracking('sf2'));
  await rec('counts', () => s.counts());

  await rec('saveRuleset', () => s.saveRuleset('{"a":1}', 'system'));
  await rec('saveRulesetSame', () => s.saveRuleset('{"a":1}', 'system'));
  await rec('saveRuleset2', () => s.saveRuleset('{"a":2}', 'system'));
  await rec('activeRuleset', () => s.activeRuleset());
  await rec('photo', () => s.recordPhoto({ sha256: 'a'.repeat(64), bytes: 10, mime: 'image/jpeg', width: 2, height: 3, originalName: 'p.jpg' }));
  await rec('photoAgain', () => s.recordPhoto({ sha256: 'a'.repeat(64), bytes: 10, mime: 'image/jpeg', width: 2, height: 3, originalName: 'p.jpg' }));
  await s.recordPhoto({ sha256: 'b'.repeat(64), bytes: 10, mime: 'application/pdf', width: 0, height: 0, originalName: null });
  await rec('photoMeta', () => s.photoMeta('a'.repeat(64)));
  await rec('shelvesEmpty', () => s.listShelves());
  await rec('importShelves', () => s.importShelves([{ code: 'B-01', label: 'b1', active: true }, { code: 'B-02', label: 'b2', active: false }], 'Admin', 'shelves.csv'));
  await rec('importShelves2', () => s.importShelves([{ code: 'B-01', label: 'b1', active: true }, { code: 'B-02', label: 'b2x', active: true }], 'Admin', 'shelves.csv'));
  await rec('listShelves', () => s.listShelves());
  await rec('holidays', () => s.importHolidays([{ date: '2026-04-06', name: 'Qingming', type: 'holiday' }, { date: '2026-04-11', name: 'makeup', type: 'workday' }], 'Admin', 'h.csv'));
  await rec('holidays2', () => s.importHolidays([{ date: '2026-04-06', name: 'Qingming', type: 'holiday' }], 'Admin', 'h.csv'));
  await rec('listHolidays', () => s.listHolidays());
  await rec('clocks', () => s.clockSettings());
  await rec('fourEyes', () => s.getFourEyes());

  const insp = (t: string | null, outcome: 'CLEAR' | 'HOLD', at: string, extra: Partial<InspectionRecord> = {}): InspectionRecord => ({
    trackingNo: t, scan: t ?? 'garbled', orderNo: t ? `O${t.slice(2)}` : null, station: extra.station ?? 'S1', inspectorId: ann.id, inspectorName: 'ann', startedAt: at, finishedAt: at, outcome,
    findings: outcome === 'HOLD' ? [{ code: 'BRAND_LOOKALIKE', message: 'looks like nike', messageZh: '仿冒', evidence: [] } as never, { code: 'UNREADABLE', message: 'x', messageZh: 'x', evidence: [] } as never] : [],
    rulesetVersion: 2, rules: 'r@1', brands: outcome === 'HOLD' ? ['nike'] : [], reads: [], photoIds: ['a'.repeat(64)], timingsMs: { total: 5 }, ...extra,
  });
  for (let n = 1; n <= 8; n++) await rec(`inspect${n}`, () => s.recordInspection(insp(`SF${n}`, n % 3 === 0 ? 'CLEAR' : 'HOLD', `2026-03-0${(n % 5) + 1}T0${n}:00:00.000Z`, { station: n % 2 ? 'S1' : 'S2' })));
  await rec('inspectNoTracking', () => s.recordInspection(insp(null, 'HOLD', '2026-03-02T05:00:00.000Z')));
  await rec('inspectProvisional', () => s.recordInspection(insp('SF3', 'HOLD', '2026-03-03T05:00:00.000Z', { provisional: true })));
  await rec('summary', () => s.parcelSummary('sf1'));
  await rec('summaryNone', () => s.parcelSummary('nope'));
  await rec('recent', () => s.recentInspections('S1', 20));
  await rec('stationCounts', () => s.stationCounts('S1', '2026-03-01T00:00:00.000Z'));
  const holdsFilters: Record<string, unknown>[] = [
    { status: 'undecided' }, { status: 'all', sort: 'oldest' }, { status: 'undecided', expiresWithinHours: 48 }, { status: 'undecided', expiresWithinHours: 24 * 40 },
    { status: 'all', brand: 'NIKE' }, { status: 'all', brand: '耐克' }, { status: 'all', station: 's2' }, { status: 'all', inspector: 'ANN', sort: 'oldest' },
    { status: 'all', reason: 'UNREADABLE', minAgeHours: 1 }, { status: 'all', maxAgeHours: 24 }, { status: 'undecided', offset: 50 }, { status: 'undecided', offset: 2, limit: 2 },
  ];
  for (const f of holdsFilters) await rec(`holds ${JSON.stringify(f)}`, () => s.listHolds({ offset: 0, limit: 50, ...f } as never));
  await rec('locate', () => s.setHoldLocation(1, 'B-01', 'ann', 'S1'));
  await rec('locateBad', () => s.setHoldLocation(1, 'Z-99', 'ann', 'S1'));
  await rec('locateNone', () => s.setHoldLocation(99, 'B-01', 'ann', 'S1'));
  await rec('fourEyesRefused', () => s.decideHold({ holdId: 1, disposition: 'RELEASE', reason: 'ok', documents: [], userId: ann.id, userName: 'ann', station: 'S1', fourEyes: true }));
  await rec('awaitProof', () => s.decideHold({ holdId: 1, disposition: 'AWAIT_PROOF', reason: 'send cert', documents: [], userId: boss.id, userName: 'boss', station: 'S1', fourEyes: true }));
  await rec('openProof', () => s.openProofRequests());
  await rec('attach', () => s.attachProofDocument(1, 'b'.repeat(64), boss.id, 'boss'));
  await rec('attachMissing', () => s.attachProofDocument(1, 'c'.repeat(64), boss.id, 'boss'));
  await rec('proofOfParcel', () => s.proofRequestsOfParcel('sf1'));
  await rec('release', () => s.decideHold({ holdId: 1, disposition: 'RELEASE', reason: 'cert ok', documents: ['b'.repeat(64)], userId: boss.id, userName: 'boss', station: 'S1', fourEyes: true }));
  await rec('releaseAgain', () => s.decideHold({ holdId: 1, disposition: 'DESTROY', reason: 'x', documents: [], userId: boss.id, userName: 'boss', station: 'S1', fourEyes: true }));
  await rec('attachClosed', () => s.attachProofDocument(1, 'b'.repeat(64), boss.id, 'boss'));
  await rec('destroy', () => s.decideHold({ holdId: 2, disposition: 'DESTROY', reason: 'fake', documents: [], userId: boss.id, userName: 'boss', station: 'S1', fourEyes: true }));
  await rec('return', () => s.decideHold({ holdId: 3, disposition: 'RETURN', reason: 'fake', documents: [], userId: boss.id, userName: 'boss', station: 'S1', fourEyes: false, counterfeit: true }));
  await rec('sellerFlags', () => s.listSellerFlags(true));
  await rec('sellerFacts', () => s.sellerFacts('STORE1', '91310000MA1FL0000X'));
  await rec('clearFlag', () => s.clearSellerFlag(1, 'mistake', 'Admin'));
  await rec('clearFlagAgain', () => s.clearSellerFlag(1, 'mistake', 'Admin'));
  await rec('sellerFlagsOpen', () => s.listSellerFlags(false));
  const entry = { list: 'deny' as const, storeId: 'store2', creditCode: null, brandId: 'nike', channel: null, reason: 'fakes', expiresOn: '2026-12-31' };
  await rec('addEntry', () => s.addSellerEntry(entry, 'Admin'));
  await rec('renewEntry', () => s.addSellerEntry({ ...entry, reason: 'more fakes' }, 'Admin'));
  await rec('importEntries', () => s.importSellerEntries([{ ...entry, reason: 'more fakes' }, { ...entry, list: 'allow', channel: 'taobao', reason: 'ok' }, { ...entry, expiresOn: '2027-01-01', reason: 'more fakes' }], 'Admin', 'l.csv'));
  await rec('entries', () => s.listSellerEntries());
  await rec('removeEntry', () => s.removeSellerEntry(2, 'done', 'Admin'));
  await rec('removeEntryAgain', () => s.removeSellerEntry(2, 'done', 'Admin'));
  await rec('cfList', () => s.setCounterfeitList('phrases', 'fake\nreplica', 'Admin', 'p.txt', { phrases: 2 }));
  await rec('cfGet', () => s.counterfeitList('phrases'));
  await rec('cfNone', () => s.counterfeitList('lookalikes'));

  await rec('history', () => s.parcelHistory('sf1'));
  await rec('historyNone', () => s.parcelHistory('none'));
  const sh = (await s.createShipment('LAX', 'SF', ann.id, 'ann')) as { shipmentId: number };
  await rec('addCleared', () => s.addToShipment(sh.shipmentId, 'sf3', ann.id, 'ann', 'S1'));
  await rec('addReleased', () => s.addToShipment(sh.shipmentId, 'SF1', ann.id, 'ann', 'S1'));
  await rec('addReturned', () => s.addToShipment(sh.shipmentId, 'SF4', ann.id, 'ann', 'S1'));
  await rec('addDestroyed', () => s.addToShipment(sh.shipmentId, 'SF2', ann.id, 'ann', 'S1'));
  await rec('addNever', () => s.addToShipment(sh.shipmentId, 'ZZ9', ann.id, 'ann', 'S1'));
  await rec('addTwice', () => s.addToShipment(sh.shipmentId, 'SF3', ann.id, 'ann', 'S1'));
  await rec('reinspectOnShipment', () => s.recordInspection(insp('SF6', 'CLEAR', '2026-03-04T09:00:00.000Z')));
  await rec('add6', () => s.addToShipment(sh.shipmentId, 'SF6', ann.id, 'ann', 'S1'));
  await rec('reholdOnShipment', () => s.recordInspection(insp('SF6', 'HOLD', '2026-03-04T10:00:00.000Z')));
  await rec('remove', () => s.removeFromShipment(sh.shipmentId, 'sf1', 'ann'));
  await rec('removeAgain', () => s.removeFromShipment(sh.shipmentId, 'sf1', 'ann'));
  await rec('removeNever', () => s.removeFromShipment(sh.shipmentId, 'nope', 'ann'));
  await rec('shipments', () => s.listShipments('all'));
  await rec('manifest', () => s.manifest(sh.shipmentId));
  await rec('close', () => s.closeShipment(sh.shipmentId, 'boss'));
  await rec('closeAgain', () => s.closeShipment(sh.shipmentId, 'boss'));
  await rec('removeClosed', () => s.removeFromShipment(sh.shipmentId, 'sf3', 'ann'));
  const empty = (await s.createShipment('NRT', 'EMS', ann.id, 'ann')) as { shipmentId: number };
  await rec('closeEmpty', () => s.closeShipment(empty.shipmentId, 'boss'));
  await rec('openShipments', () => s.listShipments('OPEN'));
  await rec('reinspectShipped', () => s.recordInspection(insp('SF3', 'HOLD', '2026-03-05T10:00:00.000Z')));
  await rec('setFourEyes', () => s.setFourEyes(false, 'Admin'));
  await rec('setClocks', async () => s.setClockSettings({ ...(await s.clockSettings()), proofWorkingDays: 2 }, 'Admin'));
  await rec('awaitProof5', () => s.decideHold({ holdId: 5, disposition: 'AWAIT_PROOF', reason: 'ask', documents: [], userId: boss.id, userName: 'boss', station: 'S1', fourEyes: false, proof: { asked: ['INVOICE'], customer: 'Zhang' } }));
  for (const f of holdsFilters.slice(0, 4)) await rec(`holds2 ${JSON.stringify(f)}`, () => s.listHolds({ offset: 0, limit: 50, ...f } as never));
  await rec('report', () => s.reportSummary('2026-03-01', '2026-03-31'));
  await rec('late', () => s.lateDecisions('2026-03-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z'));
  await rec('replay', () => s.replayInputs(null));
  await rec('replaySince', () => s.replayInputs('2026-03-04T00:00:00.000Z'));
  await rec('auditList', () => s.listAudit({ action: 'hold', offset: 0, limit: 5 }));
  await rec('auditListActor', () => s.listAudit({ actor: 'boss', entity: 'SF1', offset: 0, limit: 50 }));
  await rec('allAudit', async () => (await s.allAudit({ action: 'shipment' })).length);
  await rec('auditOf', () => s.auditEventsOf('SF1'));
  await rec('auditHead', () => s.auditHead());
  await rec('appendAudit', () => s.appendAudit({ actor: 'x', action: 'test.x', entityType: 't', entityId: '1', details: { a: [1, 'b'] } }));
  await rec('verify', () => s.verifyAudit([], false));
  await rec('chainHead', () => s.chainHead());
  return log;
}
