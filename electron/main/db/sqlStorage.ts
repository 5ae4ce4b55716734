import type { EngineStatus } from '../../../shared/api';
// The storage port over one Engine (SQLite or PostgreSQL): every write method is one engine.write,
// one transaction per business action with its audit event; reads go to engine.read. The SQL lives
// in the repositories (repos/), the business decisions in shared/; this class only chooses the
// transaction and, for a SQLite file, copies the chain head to the anchor log after each commit.
import type { AuditEventRow, AuditVerifyResult } from '../../../shared/api';
import type { ClockSettings } from '../../../shared/holds/clocks';
import { mayLeave } from '../../../shared/gate';
import type { HolidayEntry } from '../../../shared/imports/holidaysFile';
import type { SellerListInput } from '../../../shared/imports/sellerListCsv';
import type { ShelfInput } from '../../../shared/imports/shelvesFile';
import { AppError } from '../../../shared/result';
import type { Brand, Certificate, Locale, Order, Role, User } from '../../../shared/types';
import { anchorLogProblem, appendAnchor, readAnchors, type AnchorLogState } from './anchorLog';
import { auditSource } from './auditSource';
import { appendAudit, auditEventsOf, auditHead, chainHead, listAudit, verifyAudit, type Anchor, type AuditFilter, type AuditInput, type ChainHead } from './audit';
import { crossCheckState } from './auditCrossCheck';
import * as holds from './repos/holds';
import * as orderImport from './repos/orderImport';
import * as orders from './repos/orders';
import * as parcels from './repos/parcels';
import { recordInspectionPg } from './repos/inspectionWritePg';
import * as photos from './repos/photos';
import * as proof from './repos/proof';
import * as registry from './repos/registry';
import * as reports from './repos/reports';
import * as sellers from './repos/sellers';
import * as settings from './repos/settings';
import * as shelves from './repos/shelves';
import * as shipments from './repos/shipments';
import * as users from './repos/users';
import { describeSchemaChanges, schemaChangeParams, type SchemaChange } from './schemaCheck';
import type { Engine, Sql } from './sql';
import type { ImportBatch, InspectionRecord, OrderChunk, InspectionStored, PhotoMeta, RulesetRecord, Storage, UpsertCounts, UserRecord } from './storage';

// Kept once: the first event the anchor log covers (the chain head when the first anchored action commits).
const ANCHOR_LOG_SINCE_SQL = "INSERT INTO settings (key, value) SELECT 'anchor_log_since', CAST(coalesce(max(seq), 1) AS TEXT) FROM audit_events WHERE true ON CONFLICT (key) DO NOTHING";

export interface SqlStorageOptions {
  now?: () => Date;
  /** The append-only anchor log (beside a SQLite file); none on a server, whose chain is anchored by its own backups. */
  anchorFile?: string | null;
}

export class SqlStorage implements Storage {
  protected readonly now: () => Date;
  /** The append-only anchor log, or null. */
  readonly anchorFile: string | null;
  private anchoredSeq = 0;

  constructor(
    readonly engine: Engine,
    options: SqlStorageOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.anchorFile = options.anchorFile ?? null;
  }

  private get read(): Sql {
    return this.engine.read;
  }

  private iso(): string {
    return this.now().toISOString();
  }

  /** Differences from the migrations' schema found when the file was opened (schemaCheck.ts); none on a server. */
  protected safeguardChanges: SchemaChange[] = [];

  schemaChanges(): SchemaChange[] {
    return this.safeguardChanges;
  }

  /** A file whose safeguards were changed takes no more business actions: every write says why. */
  private refuseIfTampered(): void {
    if (!this.safeguardChanges.length) return;
    throw new AppError('CONFLICT', describeSchemaChanges(this.safeguardChanges), this.safeguardChanges.map((c) => `${c.type} ${c.name}: ${c.change}`), {
      key: 'schemaChanged',
      params: schemaChangeParams(this.safeguardChanges),
    });
  }

  /** One business action: one write transaction, then the anchor. */
  private async write<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    this.refuseIfTampered();
    const result = await this.engine.write(async (tx) => {
      const r = await fn(tx);
      // A station file records, with its first anchored action, that it keeps an anchor log and from
      // which event: a log deleted later is then named by verify, never taken for "nothing to check".
      if (this.anchorFile && this.engine.dialect === 'sqlite' && !this.anchorLogRecorded) await tx.run(ANCHOR_LOG_SINCE_SQL);
      return r;
    });
    this.anchorLogRecorded = true;
    await this.anchor();
    return result;
  }

  private anchorLogRecorded = false;
  /** Why the last anchor could not be written (a folder or a read-only file in its place), for verify to report. */
  private anchorWriteProblem: string | null = null;

  /** After a commit: the chain head (the one the write returned, or read) goes to the anchor log if it moved. */
  private async anchor(known?: ChainHead): Promise<void> {
    if (!this.anchorFile) return;
    const head = known ?? (await chainHead(this.read));
    if (!head || head.seq <= this.anchoredSeq) return;
    try {
      appendAnchor(this.anchorFile, head, this.iso());
      this.anchoredSeq = head.seq;
    } catch (e) {
      // The action has committed: it is not undone, but the gap is kept and reported by audit verify.
      this.anchorWriteProblem = `event ${head.seq} could not be written to the anchor log ${this.anchorFile} (${(e as NodeJS.ErrnoException).code ?? String(e)})`;
    }
  }

  /** The anchor log's state for verify: kept since which event, and whether it can be read. */
  async anchorLogState(): Promise<AnchorLogState> {
    if (!this.anchorFile || this.engine.dialect !== 'sqlite') return { kept: false, since: null, problem: null };
    const since = await this.read.get<{ value: string }>("SELECT value FROM settings WHERE key = 'anchor_log_since'");
    const events = Number((await this.read.get<{ n: number }>('SELECT count(*) AS n FROM audit_events'))?.n ?? 0);
    const from = since ? Number(since.value) : events > 0 ? 1 : null;
    if (from === null) return { kept: false, since: null, problem: null };
    return { kept: true, since: from, problem: anchorLogProblem(this.anchorFile) ?? this.anchorWriteProblem };
  }

  async close(): Promise<void> {
    await this.engine.close();
  }

  async engineStatus(): Promise<EngineStatus> {
    const info = this.engine.info();
    const version = async () =>
      this.engine.dialect === 'sqlite'
        ? Number((await this.read.get<{ user_version: number }>('PRAGMA user_version'))?.user_version ?? 0)
        : Number((await this.read.get<{ v: number }>('SELECT coalesce(max(version), 0) AS v FROM schema_migrations'))?.v ?? 0);
    // Asked every few seconds while the server is away: answer within a second and a half either way.
    const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 1500).unref());
    try {
      const schema = await Promise.race([version(), timeout]);
      return { ...info, connected: schema !== null, schema: schema ?? 0 };
    } catch (e) {
      if (e instanceof AppError && e.code === 'SERVER_LOST') return { ...info, connected: false, schema: 0 };
      throw e;
    }
  }

  async counts() {
    const n = async (sql: string) => Number((await this.read.get<{ n: number }>(sql))?.n ?? 0);
    return {
      users: await n('SELECT count(*) AS n FROM users'),
      orders: await n('SELECT count(*) AS n FROM orders'),
      brands: await n('SELECT count(*) AS n FROM brands'),
    };
  }

  // ---- registry and orders ------------------------------------------------------------------

  async importBrands(brands: Brand[], actor: string, file: string): Promise<UpsertCounts> {
    const at = this.iso();
    return this.write((tx) => registry.importBrands(tx, brands, actor, file, at));
  }

  async importCertificates(certs: Certificate[], actor: string, file: string): Promise<UpsertCounts> {
    const at = this.iso();
    return this.write((tx) => registry.importCertificates(tx, certs, actor, file, at));
  }

  async importOrders(list: Order[], actor: string, file: string): Promise<UpsertCounts> {
    return (await this.importBatch({ orders: { items: list, file } }, actor)).orders!;
  }

  /**
   * Several files in one transaction: all of them land, or none does (the error names the file). The
   * orders are first written as an unpublished generation in short chunks (repos/orderImport.ts); the
   * one transaction below publishes them with the other files, so no station waits longer than a chunk.
   */
  async importBatch(batch: ImportBatch, actor: string): Promise<Record<keyof ImportBatch, UpsertCounts | undefined>> {
    const at = this.iso();
    this.refuseIfTampered();
    const registryFiles = async (tx: Sql) => ({
      brands: batch.brands && (await registry.importBrands(tx, batch.brands.items, actor, batch.brands.file, at)),
      certificates: batch.certificates && (await registry.importCertificates(tx, batch.certificates.items, actor, batch.certificates.file, at)),
    });
    if (!batch.orders) return this.write(async (tx) => ({ ...(await registryFiles(tx)), orders: undefined }));
    const imp = await orderImport.beginOrderImport(this.engine, batch.orders.file, at);
    let published = false;
    try {
      const errors = await this.writeOrderChunks(imp, batch.orders.items);
      if (errors.length) throw new AppError('IMPORT_REJECTED', `${batch.orders.file} rejected`, errors);
      const result = await this.write(async (tx) => ({ ...(await registryFiles(tx)), orders: await orderImport.publishOrderImport(tx, imp, actor) }));
      published = true;
      return result;
    } finally {
      // Either way the station may go on: a failed cleanup is finished by the next import (the rows stay invisible).
      if (!published) await orderImport.abortOrderImport(this.engine, imp).catch(() => undefined);
      else await orderImport.settleOrderImports(this.engine).catch(() => undefined);
    }
  }

  /** Writes the orders chunk by chunk until the first error; reads on to the end to name every row error; returns them. */
  private async writeOrderChunks(imp: orderImport.OrderImport, items: Order[] | AsyncIterable<OrderChunk>): Promise<string[]> {
    const errors: string[] = [];
    if (Array.isArray(items)) {
      for (let i = 0; i < items.length && !imp.conflicts.length; i += orderImport.IMPORT_CHUNK_ROWS) {
        await orderImport.writeOrderChunk(this.engine, imp, items.slice(i, i + orderImport.IMPORT_CHUNK_ROWS));
      }
      return errors;
    }
    for await (const chunk of items as AsyncIterable<OrderChunk>) {
      if (chunk.fatal) return [chunk.fatal];
      errors.push(...chunk.errors);
      if (!errors.length && !imp.conflicts.length) await orderImport.writeOrderChunk(this.engine, imp, chunk.orders);
    }
    return errors;
  }

  async registryRevision(): Promise<number> {
    return registry.registryRevision(this.read);
  }

  async brandIds(): Promise<Set<string>> {
    return registry.brandIds(this.read);
  }

  async listBrands(): Promise<Brand[]> {
    return registry.listBrands(this.read);
  }

  async listCertificates(): Promise<Certificate[]> {
    return registry.listCertificates(this.read);
  }

  async declaredCategories(names: readonly string[]): Promise<string[]> {
    return orders.declaredCategories(this.read, names);
  }

  async orderByTracking(trackingNo: string): Promise<Order | null> {
    return orders.orderByTracking(this.read, trackingNo);
  }

  // ---- users ----------------------------------------------------------------------------

  async listUsers(): Promise<User[]> {
    return users.listUsers(this.read);
  }

  async countPeople(): Promise<number> {
    return users.countPeople(this.read);
  }

  async userByName(name: string): Promise<UserRecord | null> {
    return users.userByName(this.read, name);
  }

  async addUser(u: { name: string; role: Role; locale: Locale; pinHash: string }, actor: string, opts: { onlyIfFirst?: boolean } = {}): Promise<User> {
    const at = this.iso();
    return this.write((tx) => users.addUser(tx, u, actor, opts.onlyIfFirst === true, at));
  }

  async reservePinAttempt(userId: number, nowIso: string, lockUntil: string, max: number) {
    return this.write((tx) => users.reservePinAttempt(tx, userId, nowIso, lockUntil, max));
  }

  async recordPinFailure(userId: number, lockUntil: string | null, station: string): Promise<number> {
    const at = this.iso();
    return this.write((tx) => users.recordPinFailure(tx, userId, lockUntil, station, at));
  }

  async recordSignIn(userId: number, station: string): Promise<void> {
    const at = this.iso();
    await this.write((tx) => users.recordSignIn(tx, userId, station, at));
  }

  async setLocale(userId: number, locale: Locale): Promise<User> {
    return this.write((tx) => users.setLocale(tx, userId, locale));
  }

  async listUsersForAdmin() {
    return users.listUsersForAdmin(this.read, this.iso());
  }

  async setUserActive(userId: number, active: boolean, actor: string) {
    const at = this.iso();
    await this.write((tx) => users.setUserActive(tx, userId, active, actor, at));
  }

  async resetUserPin(userId: number, pinHash: string, actor: string) {
    const at = this.iso();
    await this.write((tx) => users.resetUserPin(tx, userId, pinHash, actor, at));
  }

  async unlockUser(userId: number, actor: string) {
    const at = this.iso();
    await this.write((tx) => users.unlockUser(tx, userId, actor, at));
  }

  // ---- audit ----------------------------------------------------------------------------

  async appendAudit(input: AuditInput): Promise<number> {
    const at = this.iso();
    return this.write((tx) => appendAudit(tx, input, at));
  }

  async verifyAudit(anchors: ChainHead[] = [], useAnchorLog = true): Promise<AuditVerifyResult & { anchorLogProblems: string[] }> {
    const given: Anchor[] = anchors.map((a) => ({ ...a, source: 'given' }));
    const log = useAnchorLog && this.anchorFile ? readAnchors(this.anchorFile) : { anchors: [], bad: [], present: false };
    return { ...(await verifyAudit(this.read, [...given, ...log.anchors], { source: auditSource(this.engine) })), anchorLogProblems: log.bad };
  }

  async crossCheckState(): Promise<string[]> {
    return crossCheckState(this.read);
  }

  async chainHead(): Promise<ChainHead | null> {
    return chainHead(this.read);
  }

  async listAudit(f: AuditFilter): Promise<{ rows: AuditEventRow[]; total: number }> {
    return listAudit(this.read, f);
  }

  async allAudit(f: Omit<AuditFilter, 'offset' | 'limit'>) {
    return (await listAudit(this.read, { ...f, offset: 0, limit: 1_000_000 })).rows.reverse();
  }

  async auditEventsOf(entityId: string) {
    return auditEventsOf(this.read, entityId);
  }

  async auditHead() {
    return auditHead(this.read);
  }

  // ---- photos, rulesets, settings ---------------------------------------------------------

  async recordPhoto(m: PhotoMeta): Promise<void> {
    const at = this.iso();
    this.refuseIfTampered();
    await this.engine.write((tx) => photos.recordPhoto(tx, m, at)); // no audit event: no anchor to move
  }

  async photoMeta(sha256: string): Promise<PhotoMeta | null> {
    return photos.photoMeta(this.read, sha256);
  }

  async activeRuleset(): Promise<RulesetRecord | null> {
    return settings.activeRuleset(this.read);
  }

  async saveRuleset(definition: string, actor: string): Promise<RulesetRecord> {
    const at = this.iso();
    return this.write((tx) => settings.saveRuleset(tx, definition, actor, at));
  }

  async getFourEyes(): Promise<boolean> {
    return settings.fourEyes(this.read);
  }

  async setFourEyes(on: boolean, actor: string): Promise<boolean> {
    const at = this.iso();
    return this.write((tx) => settings.setFourEyes(tx, on, actor, at));
  }

  async clockSettings() {
    return settings.clockSettings(this.read);
  }

  async setClockSettings(s: ClockSettings, actor: string) {
    const at = this.iso();
    return this.write((tx) => settings.saveClockSettings(tx, s, actor, at));
  }

  async listHolidays() {
    return settings.listHolidays(this.read);
  }

  async importHolidays(items: HolidayEntry[], actor: string, file: string) {
    const at = this.iso();
    return this.write((tx) => settings.importHolidays(tx, items, actor, file, at));
  }

  async listShelves() {
    return shelves.listShelves(this.read);
  }

  async importShelves(items: ShelfInput[], actor: string, file: string) {
    const at = this.iso();
    return this.write((tx) => shelves.importShelves(tx, items, actor, file, at));
  }

  // ---- parcels, inspections ---------------------------------------------------------------

  async parcelSummary(trackingNo: string) {
    return parcels.parcelSummary(this.read, trackingNo.toUpperCase());
  }

  async recordInspection(rec: InspectionRecord): Promise<InspectionStored> {
    const engine = this.engine;
    if (engine.writeStatement) {
      // PostgreSQL: two round trips, none of them waiting inside another station's write lock.
      this.refuseIfTampered();
      const stored = await recordInspectionPg({ read: engine.read, writeStatement: engine.writeStatement.bind(engine) }, rec);
      if (stored) {
        // The same anchoring as every other write: without it the events after a restored dump went unnamed.
        await this.anchor(stored.chainHead);
        return stored;
      }
    }
    return this.write((tx) => parcels.recordInspection(tx, rec));
  }

  async recentInspections(station: string, limit: number) {
    return parcels.recentInspections(this.read, station, limit);
  }

  async stationCounts(station: string, sinceIso: string) {
    return parcels.stationCounts(this.read, station, sinceIso);
  }

  async parcelHistory(trackingNo: string) {
    return parcels.parcelHistory(this.read, trackingNo.toUpperCase(), this.now());
  }

  async replayInputs(sinceIso: string | null) {
    return parcels.replayInputs(this.read, sinceIso);
  }

  // ---- holds and decisions ----------------------------------------------------------------

  async listHolds(f: holds.HoldFilter) {
    return holds.listHolds(this.read, f, this.now());
  }

  async setHoldLocation(holdId: number, location: string, actor: string, station: string) {
    const at = this.iso();
    return this.write((tx) => holds.setHoldLocation(tx, holdId, location, actor, station, at));
  }

  async decideHold(d: holds.DecideInput) {
    const at = this.iso();
    return this.write(async (tx) => {
      const decided = await holds.decideHold(tx, d, at, this.now());
      // Same transaction: a seller whose parcel goes back or is destroyed as counterfeit is remembered with the decision.
      await sellers.rememberCounterfeitSeller(tx, d, at);
      return decided;
    });
  }

  async proofRequest(requestId: number) {
    return proof.proofRequest(this.read, requestId);
  }

  async proofRequestsOfParcel(trackingNo: string) {
    return proof.proofRequestsOfParcel(this.read, trackingNo.toUpperCase());
  }

  async openProofRequests() {
    return proof.openProofRequests(this.read);
  }

  async attachProofDocument(requestId: number, sha256: string, userId: number, userName: string) {
    const at = this.iso();
    return this.write((tx) => proof.attachProofDocument(tx, requestId, sha256, userId, userName, at));
  }

  // ---- shipments ------------------------------------------------------------------------

  async createShipment(destination: string, carrier: string, userId: number, userName: string) {
    const at = this.iso();
    return this.write((tx) => shipments.createShipment(tx, destination, carrier, userId, userName, at));
  }

  async listShipments(status: 'OPEN' | 'CLOSED' | 'all') {
    return shipments.listShipments(this.read, status);
  }

  async addToShipment(shipmentId: number, trackingNo: string, userId: number, userName: string, station: string) {
    const at = this.iso();
    const tracking = trackingNo.toUpperCase();
    try {
      return await this.write((tx) => shipments.addToShipment(tx, shipmentId, tracking, userId, userName, station, at));
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const refused = (e instanceof AppError && e.code === 'GATE_REFUSED') || message.startsWith('GATE_REFUSED');
      if (!refused) throw e;
      const why = message.replace(/^GATE_REFUSED: /, '');
      const status = await this.write((tx) => shipments.recordGateRefusal(tx, shipmentId, tracking, userName, station, why, at));
      // Refused though cleared: another station's gate got there first (or a trigger saw a change this check did not).
      throw new AppError('GATE_REFUSED', why, undefined, { key: mayLeave(status) ? 'gateElsewhere' : undefined, params: { tracking, status: status ?? 'NONE' } });
    }
  }

  async removeFromShipment(shipmentId: number, trackingNo: string, userName: string) {
    const at = this.iso();
    return this.write((tx) => shipments.removeFromShipment(tx, shipmentId, trackingNo.toUpperCase(), userName, at));
  }

  async closeShipment(shipmentId: number, userName: string) {
    const at = this.iso();
    try {
      return await this.write((tx) => shipments.closeShipment(tx, shipmentId, userName, at));
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (message.startsWith('GATE_REFUSED')) throw new AppError('GATE_REFUSED', message.replace(/^GATE_REFUSED: /, ''), undefined, { key: 'gateClose' });
      throw e;
    }
  }

  async manifest(shipmentId: number) {
    return { shipment: await shipments.shipment(this.read, shipmentId), lines: await shipments.manifestLines(this.read, shipmentId) };
  }

  // ---- reports ----------------------------------------------------------------------------

  async reportSummary(from: string, to: string) {
    return reports.reportSummary(this.read, from, to);
  }

  async lateDecisions(fromIso: string, toIso: string) {
    return reports.lateDecisions(this.read, fromIso, toIso);
  }

  // ---- counterfeit signals (issue 10) ------------------------------------------------------

  async sellerFacts(storeId: string | null, creditCode: string | null) {
    // Both at once: on a server, two round trips in the time of one.
    const [flags, entries] = await Promise.all([sellers.flagsForSeller(this.read, storeId, creditCode), sellers.entriesForSeller(this.read, storeId, creditCode)]);
    return { flags, entries };
  }

  async listSellerFlags(includeCleared: boolean) {
    return sellers.listFlags(this.read, includeCleared);
  }

  async clearSellerFlag(id: number, reason: string, actor: string) {
    const at = this.iso();
    return this.write((tx) => sellers.clearFlag(tx, id, reason, actor, at));
  }

  async listSellerEntries() {
    return sellers.listEntries(this.read);
  }

  async addSellerEntry(e: SellerListInput, actor: string) {
    const at = this.iso();
    return this.write((tx) => sellers.addEntry(tx, e, actor, at));
  }

  async removeSellerEntry(id: number, reason: string, actor: string) {
    const at = this.iso();
    await this.write((tx) => sellers.removeEntry(tx, id, reason, actor, at));
  }

  async importSellerEntries(entries: SellerListInput[], actor: string, file: string) {
    const at = this.iso();
    return this.write((tx) => sellers.importEntries(tx, entries, actor, file, at));
  }

  async counterfeitList(name: registry.CounterfeitListName) {
    return registry.getCounterfeitList(this.read, name);
  }

  async setCounterfeitList(name: registry.CounterfeitListName, body: string, actor: string, file: string, counts: Record<string, number>) {
    const at = this.iso();
    await this.write((tx) => registry.setCounterfeitList(tx, name, body, actor, file, counts, at));
  }
}
