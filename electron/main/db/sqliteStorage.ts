// The SQLite engine of the storage port (better-sqlite3): one station's local file, or several
// processes on one file. Every write is one BEGIN IMMEDIATE transaction, with its audit event.
import type { AuditEventRow, AuditVerifyResult, ParcelSummary, RecentInspection } from '../../../shared/api';
import * as sup from './supervision';
import * as cases from './holdCases';
import * as records from './caseRecords';
import type { ClockSettings } from '../../../shared/holds/clocks';
import type { HolidayEntry } from '../../../shared/imports/holidaysFile';
import * as shelves from './shelves';
import * as userAdmin from './userAdmin';
import type { ShelfInput } from '../../../shared/imports/shelvesFile';
import * as sellers from './sellerRecords';
import type { SellerListInput } from '../../../shared/imports/sellerListCsv';
import type { Brand, Certificate, Locale, Order, ParcelStatus, ReasonCode, Role, User } from '../../../shared/types';
import type { OrderChannel } from '../../../shared/channels';
import { AppError } from '../../../shared/result';
import { appendAudit, chainHead, listAudit, verifyAudit, type Anchor, type AuditFilter, type AuditInput, type ChainHead } from './audit';
import { anchorLogPath, appendAnchor, readAnchors } from './anchorLog';
import { openDatabase, type Db, type OpenOptions } from './database';
import { setParcelStatus } from './lifecycleGuard';
import { dropStaged, mergeStagedOrders, stageOrders } from './stagedImport';
import type {
  ImportBatch,
  InspectionRecord,
  InspectionStored,
  PhotoMeta,
  RulesetRecord,
  Storage,
  UpsertCounts,
  UserRecord,
} from './storage';

interface OrderRow {
  order_no: string;
  tracking_no: string;
  customer: string;
  item: string;
  declared_brand: string | null;
  category: string;
  channel: string;
  store_id: string;
  store_name: string;
  seller_tax_id: string | null;
  purchase_date: string;
  amount_fen: number;
  delivery_date: string | null;
}

interface UserRow {
  id: number;
  name: string;
  role: Role;
  pin_hash: string;
  locale: Locale;
  active: number;
  failed_pins: number;
  locked_until: string | null;
}

const toOrder = (r: OrderRow): Order => ({
  orderNo: r.order_no,
  trackingNo: r.tracking_no,
  customer: r.customer,
  item: r.item,
  declaredBrand: r.declared_brand,
  category: r.category,
  channel: r.channel as OrderChannel,
  storeId: r.store_id,
  storeName: r.store_name,
  sellerTaxId: r.seller_tax_id,
  purchaseDate: r.purchase_date,
  amountFen: r.amount_fen,
  deliveryDate: r.delivery_date ?? null,
});

const toUser = (r: UserRow): User => ({ id: r.id, name: r.name, role: r.role, locale: r.locale });

export class SqliteStorage implements Storage {
  readonly db: Db;
  private readonly now: () => Date;

  /** The append-only anchor log beside the database file (none for an in-memory database). */
  readonly anchorFile: string | null;
  private anchoredSeq = 0;

  constructor(file: string, options: OpenOptions & { now?: () => Date } = {}) {
    this.db = openDatabase(file, options);
    this.now = options.now ?? (() => new Date());
    this.anchorFile = anchorLogPath(file);
  }

  private iso(): string {
    return this.now().toISOString();
  }

  /** One write transaction; BEGIN IMMEDIATE so concurrent stations queue instead of deadlocking. */
  private write<T>(fn: () => T): T {
    const result = this.db.transaction(fn).immediate();
    this.anchor();
    return result;
  }

  /** After a commit: the chain head goes to the anchor log if it moved. */
  private anchor(): void {
    if (!this.anchorFile) return;
    const head = chainHead(this.db);
    if (!head || head.seq <= this.anchoredSeq) return;
    appendAnchor(this.anchorFile, head, this.iso());
    this.anchoredSeq = head.seq;
  }

  async chainHead(): Promise<ChainHead | null> {
    return chainHead(this.db);
  }

  async close(): Promise<void> {
    this.db.close();
  }

  async counts() {
    const n = (sql: string) => (this.db.prepare(sql).get() as { n: number }).n;
    return {
      users: n('SELECT count(*) AS n FROM users'),
      orders: n('SELECT count(*) AS n FROM orders'),
      brands: n('SELECT count(*) AS n FROM brands'),
    };
  }

  // ---- registry -------------------------------------------------------------------------

  async importBrands(brands: Brand[], actor: string, file: string): Promise<UpsertCounts> {
    return this.write(() => this.importBrandsSync(brands, actor, file, this.iso()));
  }

  /** Several files in one transaction: all of them land, or none does (the error names the file). */
  async importBatch(batch: ImportBatch, actor: string): Promise<Record<keyof ImportBatch, UpsertCounts | undefined>> {
    const at = this.iso();
    // Orders first go to the staging table in short chunks; the one transaction below only merges.
    const staged = batch.orders ? stageOrders(this.db, batch.orders.items) : null;
    try {
      return this.write(() => ({
        brands: batch.brands && this.importBrandsSync(batch.brands.items, actor, batch.brands.file, at),
        certificates: batch.certificates && this.importCertificatesSync(batch.certificates.items, actor, batch.certificates.file, at),
        orders: batch.orders && staged ? mergeStagedOrders(this.db, staged, actor, batch.orders.file, at) : undefined,
      }));
    } finally {
      if (staged) dropStaged(this.db, staged);
    }
  }

  private importBrandsSync(brands: Brand[], actor: string, file: string, at: string): UpsertCounts {
    const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
    {
      const existing = new Map((this.listBrandsSync()).map((b) => [b.id, JSON.stringify(normalizeBrand(b))]));
      for (const b of brands) {
        const before = existing.get(b.id);
        if (before === JSON.stringify(normalizeBrand(b))) {
          counts.unchanged++;
          continue;
        }
        if (before) counts.updated++;
        else counts.inserted++;
        this.db
          .prepare('INSERT INTO brands (id, name, updated_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at')
          .run(b.id, b.name, at);
        for (const t of ['brand_aliases', 'brand_gs1_prefixes', 'brand_stores']) {
          this.db.prepare(`DELETE FROM ${t} WHERE brand_id = ?`).run(b.id);
        }
        const alias = this.db.prepare('INSERT OR IGNORE INTO brand_aliases (brand_id, alias) VALUES (?, ?)');
        for (const a of b.aliases) alias.run(b.id, a);
        const prefix = this.db.prepare('INSERT OR IGNORE INTO brand_gs1_prefixes (brand_id, prefix) VALUES (?, ?)');
        for (const p of b.gs1Prefixes) prefix.run(b.id, p);
        const store = this.db.prepare('INSERT OR IGNORE INTO brand_stores (brand_id, channel, store_id, name) VALUES (?, ?, ?, ?)');
        for (const s of b.officialStores) store.run(b.id, s.channel, s.storeId, s.name);
        sellers.saveBrandLookalikes(this.db, b.id, b.lookalikes ?? []);
      }
      if (counts.inserted + counts.updated > 0) this.bumpRegistryRevision();
      appendAudit(this.db, { actor, action: 'import.brands', entityType: 'file', entityId: file, details: counts }, at);
    }
    return counts;
  }

  async importCertificates(certs: Certificate[], actor: string, file: string): Promise<UpsertCounts> {
    return this.write(() => this.importCertificatesSync(certs, actor, file, this.iso()));
  }

  private importCertificatesSync(certs: Certificate[], actor: string, file: string, at: string): UpsertCounts {
    const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
    {
      const existing = new Map(this.listCertificatesSync().map((c) => [c.id, JSON.stringify(c)]));
      const upsert = this.db.prepare(
        `INSERT INTO certificates (id, brand_id, seller_name, seller_tax_id, valid_from, valid_to, scope_json, updated_at)
         VALUES (@id, @brandId, @sellerName, @sellerTaxId, @validFrom, @validTo, @scope, @at)
         ON CONFLICT(id) DO UPDATE SET brand_id = excluded.brand_id, seller_name = excluded.seller_name,
           seller_tax_id = excluded.seller_tax_id, valid_from = excluded.valid_from, valid_to = excluded.valid_to,
           scope_json = excluded.scope_json, updated_at = excluded.updated_at`,
      );
      for (const c of certs) {
        const before = existing.get(c.id);
        const normalized: Certificate = { ...c, scope: [...c.scope] };
        if (before === JSON.stringify(normalized)) {
          counts.unchanged++;
          continue;
        }
        if (before) counts.updated++;
        else counts.inserted++;
        upsert.run({ ...c, scope: JSON.stringify(c.scope), at });
      }
      if (counts.inserted + counts.updated > 0) this.bumpRegistryRevision();
      appendAudit(this.db, { actor, action: 'import.certificates', entityType: 'file', entityId: file, details: counts }, at);
    }
    return counts;
  }

  async importOrders(orders: Order[], actor: string, file: string): Promise<UpsertCounts> {
    return this.write(() => this.importOrdersSync(orders, actor, file, this.iso()));
  }

  private importOrdersSync(orders: Order[], actor: string, file: string, at: string): UpsertCounts {
    const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
    {
      const byNo = this.db.prepare('SELECT * FROM orders WHERE order_no = ?');
      const byTracking = this.db.prepare('SELECT order_no FROM orders WHERE tracking_no = ?');
      const upsert = this.db.prepare(
        `INSERT INTO orders (order_no, tracking_no, customer, item, declared_brand, category, channel, store_id, store_name,
           seller_tax_id, purchase_date, amount_fen, delivery_date, updated_at)
         VALUES (@orderNo, @trackingNo, @customer, @item, @declaredBrand, @category, @channel, @storeId, @storeName,
           @sellerTaxId, @purchaseDate, @amountFen, @deliveryDate, @at)
         ON CONFLICT(order_no) DO UPDATE SET tracking_no = excluded.tracking_no, customer = excluded.customer,
           item = excluded.item, declared_brand = excluded.declared_brand, category = excluded.category,
           channel = excluded.channel, store_id = excluded.store_id, store_name = excluded.store_name,
           seller_tax_id = excluded.seller_tax_id, purchase_date = excluded.purchase_date,
           amount_fen = excluded.amount_fen, delivery_date = excluded.delivery_date, updated_at = excluded.updated_at`,
      );
      const conflicts: string[] = [];
      for (const o of orders) {
        const other = byTracking.get(o.trackingNo) as { order_no: string } | undefined;
        if (other && other.order_no !== o.orderNo) {
          conflicts.push(`${file}: order ${o.orderNo}, column "tracking_no": ${o.trackingNo} already belongs to stored order ${other.order_no}`);
        }
      }
      // Rolled back whole: a file is stored entirely or not at all.
      if (conflicts.length) throw new AppError('IMPORT_REJECTED', `${file} rejected`, conflicts);
      for (const o of orders) {
        const row = byNo.get(o.orderNo) as OrderRow | undefined;
        if (row && JSON.stringify(toOrder(row)) === JSON.stringify({ ...o, deliveryDate: o.deliveryDate ?? null })) {
          counts.unchanged++;
          continue;
        }
        if (row) counts.updated++;
        else counts.inserted++;
        upsert.run({ ...o, deliveryDate: o.deliveryDate ?? null, at });
      }
      appendAudit(this.db, { actor, action: 'import.orders', entityType: 'file', entityId: file, details: counts }, at);
    }
    return counts;
  }

  private bumpRegistryRevision(): void {
    this.db
      .prepare(
        `INSERT INTO settings (key, value) VALUES ('registry_revision', '1')
         ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)`,
      )
      .run();
  }

  async registryRevision(): Promise<number> {
    const r = this.db.prepare("SELECT value FROM settings WHERE key = 'registry_revision'").get() as { value: string } | undefined;
    return r ? Number(r.value) : 0;
  }

  async brandIds(): Promise<Set<string>> {
    return new Set((this.db.prepare('SELECT id FROM brands').all() as { id: string }[]).map((r) => r.id));
  }

  async listBrands(): Promise<Brand[]> {
    return this.listBrandsSync();
  }

  private listBrandsSync(): Brand[] {
    const brands = this.db.prepare('SELECT id, name FROM brands ORDER BY id').all() as { id: string; name: string }[];
    const aliases = this.db.prepare('SELECT brand_id, alias FROM brand_aliases ORDER BY rowid').all() as { brand_id: string; alias: string }[];
    const prefixes = this.db.prepare('SELECT brand_id, prefix FROM brand_gs1_prefixes ORDER BY rowid').all() as { brand_id: string; prefix: string }[];
    const stores = this.db.prepare('SELECT brand_id, channel, store_id, name FROM brand_stores ORDER BY rowid').all() as {
      brand_id: string;
      channel: string;
      store_id: string;
      name: string;
    }[];
    const lookalikes = sellers.brandLookalikes(this.db);
    return brands.map((b) => ({
      id: b.id,
      name: b.name,
      ...(lookalikes.has(b.id) ? { lookalikes: lookalikes.get(b.id) } : {}),
      aliases: aliases.filter((a) => a.brand_id === b.id).map((a) => a.alias),
      gs1Prefixes: prefixes.filter((p) => p.brand_id === b.id).map((p) => p.prefix),
      officialStores: stores
        .filter((s) => s.brand_id === b.id)
        .map((s) => ({ channel: s.channel as OrderChannel, storeId: s.store_id, name: s.name })),
    }));
  }

  async listCertificates(): Promise<Certificate[]> {
    return this.listCertificatesSync();
  }

  private listCertificatesSync(): Certificate[] {
    const rows = this.db.prepare('SELECT * FROM certificates ORDER BY id').all() as {
      id: string;
      brand_id: string;
      seller_name: string;
      seller_tax_id: string;
      valid_from: string;
      valid_to: string;
      scope_json: string;
    }[];
    return rows.map((r) => ({
      id: r.id,
      brandId: r.brand_id,
      sellerName: r.seller_name,
      sellerTaxId: r.seller_tax_id,
      validFrom: r.valid_from,
      validTo: r.valid_to,
      scope: JSON.parse(r.scope_json) as string[],
    }));
  }

  async orderByTracking(trackingNo: string): Promise<Order | null> {
    const r = this.db.prepare('SELECT * FROM orders WHERE tracking_no = ?').get(trackingNo.toUpperCase()) as OrderRow | undefined;
    return r ? toOrder(r) : null;
  }

  // ---- users ---------------------------------------------------------------------------

  async listUsers(): Promise<User[]> {
    return (this.db.prepare("SELECT * FROM users WHERE active = 1 AND pin_hash NOT LIKE 'system$%' ORDER BY name").all() as UserRow[]).map(toUser);
  }

  async countPeople(): Promise<number> {
    return (this.db.prepare("SELECT count(*) AS n FROM users WHERE pin_hash NOT LIKE 'system$%'").get() as { n: number }).n;
  }

  async userByName(name: string): Promise<UserRecord | null> {
    const r = this.db.prepare('SELECT * FROM users WHERE name = ?').get(name.trim()) as UserRow | undefined;
    if (!r) return null;
    return { ...toUser(r), pinHash: r.pin_hash, active: r.active === 1, failedPins: r.failed_pins, lockedUntil: r.locked_until };
  }

  async addUser(u: { name: string; role: Role; locale: Locale; pinHash: string }, actor: string, opts: { onlyIfFirst?: boolean } = {}): Promise<User> {
    const at = this.iso();
    return this.write(() => {
      // The first administrator: "nobody yet" and the insert are one step under the write lock, so
      // parallel first calls create exactly one. System identities (pin_hash system$…) are no people.
      if (opts.onlyIfFirst && (this.db.prepare("SELECT count(*) AS n FROM users WHERE pin_hash NOT LIKE 'system$%'").get() as { n: number }).n > 0) {
        throw new AppError('FORBIDDEN', 'Only an admin may add users');
      }
      if (this.db.prepare('SELECT 1 FROM users WHERE name = ?').get(u.name)) {
        throw new AppError('CONFLICT', `A user named "${u.name}" already exists`, undefined, { key: 'duplicateUser', params: { name: u.name } });
      }
      const id = Number(
        this.db
          .prepare('INSERT INTO users (name, role, pin_hash, locale, created_at) VALUES (?, ?, ?, ?, ?)')
          .run(u.name, u.role, u.pinHash, u.locale, at).lastInsertRowid,
      );
      appendAudit(this.db, { actor, action: 'user.add', entityType: 'user', entityId: u.name, details: { role: u.role } }, at);
      return { id, name: u.name, role: u.role, locale: u.locale };
    });
  }

  async reservePinAttempt(userId: number, nowIso: string, lockUntil: string, max: number) {
    return this.write(() => {
      // One statement under the write lock: the check and the count cannot be split by another guess.
      const r = this.db
        .prepare(
          `UPDATE users SET failed_pins = failed_pins + 1,
             locked_until = CASE WHEN failed_pins + 1 >= @max THEN @lockUntil ELSE NULL END
           WHERE id = @userId AND (locked_until IS NULL OR locked_until <= @now)
           RETURNING failed_pins, locked_until`,
        )
        .get({ userId, now: nowIso, lockUntil, max }) as { failed_pins: number; locked_until: string | null } | undefined;
      if (r) return { allowed: true, failures: r.failed_pins, lockedUntil: r.locked_until };
      const u = this.db.prepare('SELECT failed_pins, locked_until FROM users WHERE id = ?').get(userId) as { failed_pins: number; locked_until: string | null };
      return { allowed: false, failures: u.failed_pins, lockedUntil: u.locked_until };
    });
  }

  /** The audit event of a wrong PIN (the count itself was taken by reservePinAttempt). */
  async recordPinFailure(userId: number, lockUntil: string | null, station: string): Promise<number> {
    const at = this.iso();
    return this.write(() => {
      const r = this.db.prepare('SELECT failed_pins, name FROM users WHERE id = ?').get(userId) as { failed_pins: number; name: string };
      appendAudit(this.db, { actor: r.name, action: 'session.pin_wrong', entityType: 'user', entityId: r.name, details: { station, failures: r.failed_pins, lockedUntil: lockUntil } }, at);
      return r.failed_pins;
    });
  }

  async recordSignIn(userId: number, station: string): Promise<void> {
    const at = this.iso();
    this.write(() => {
      const r = this.db
        .prepare('UPDATE users SET failed_pins = 0, locked_until = NULL WHERE id = ? RETURNING name')
        .get(userId) as { name: string };
      appendAudit(this.db, { actor: r.name, action: 'session.sign_in', entityType: 'user', entityId: r.name, details: { station } }, at);
    });
  }

  async setLocale(userId: number, locale: Locale): Promise<User> {
    const r = this.db.prepare('UPDATE users SET locale = ? WHERE id = ? RETURNING *').get(locale, userId) as UserRow | undefined;
    if (!r) throw new AppError('NOT_FOUND', 'No such user');
    return toUser(r);
  }

  // ---- audit ---------------------------------------------------------------------------

  async appendAudit(input: AuditInput): Promise<number> {
    const at = this.iso();
    return this.write(() => appendAudit(this.db, input, at));
  }

  async verifyAudit(anchors: ChainHead[] = [], useAnchorLog = true): Promise<AuditVerifyResult & { anchorLogProblems: string[] }> {
    const given: Anchor[] = anchors.map((a) => ({ ...a, source: 'given' }));
    const log = useAnchorLog && this.anchorFile ? readAnchors(this.anchorFile) : { anchors: [], bad: [], present: false };
    return { ...verifyAudit(this.db, [...given, ...log.anchors]), anchorLogProblems: log.bad };
  }

  async listAudit(f: AuditFilter): Promise<{ rows: AuditEventRow[]; total: number }> {
    return listAudit(this.db, f);
  }

  // ---- photos --------------------------------------------------------------------------

  async recordPhoto(m: PhotoMeta): Promise<void> {
    this.db
      .prepare(
        'INSERT OR IGNORE INTO photos (sha256, bytes, mime, width, height, original_name, stored_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(m.sha256, m.bytes, m.mime, m.width, m.height, m.originalName, this.iso());
  }

  async photoMeta(sha256: string): Promise<PhotoMeta | null> {
    const r = this.db.prepare('SELECT * FROM photos WHERE sha256 = ?').get(sha256) as
      | { sha256: string; bytes: number; mime: string; width: number; height: number; original_name: string | null }
      | undefined;
    return r ? { sha256: r.sha256, bytes: r.bytes, mime: r.mime, width: r.width, height: r.height, originalName: r.original_name } : null;
  }

  // ---- rulesets ------------------------------------------------------------------------

  async activeRuleset(): Promise<RulesetRecord | null> {
    const r = this.db.prepare('SELECT version, definition FROM rulesets WHERE active = 1').get() as RulesetRecord | undefined;
    return r ?? null;
  }

  async saveRuleset(definition: string, actor: string): Promise<RulesetRecord> {
    const at = this.iso();
    return this.write(() => {
      const current = this.db.prepare('SELECT version, definition FROM rulesets WHERE active = 1').get() as RulesetRecord | undefined;
      if (current && current.definition === definition) return current;
      const version = ((this.db.prepare('SELECT max(version) AS v FROM rulesets').get() as { v: number | null }).v ?? 0) + 1;
      this.db.prepare('UPDATE rulesets SET active = 0 WHERE active = 1').run();
      this.db.prepare('INSERT INTO rulesets (version, created_at, definition, active) VALUES (?, ?, ?, 1)').run(version, at, definition);
      appendAudit(this.db, { actor, action: 'ruleset.activate', entityType: 'ruleset', entityId: String(version), details: { previous: current?.version ?? null } }, at);
      return { version, definition };
    });
  }

  // ---- parcels, inspections, holds -----------------------------------------------------

  async parcelSummary(trackingNo: string): Promise<ParcelSummary | null> {
    return this.parcelSummarySync(trackingNo.toUpperCase());
  }

  private parcelSummarySync(trackingNo: string): ParcelSummary | null {
    const p = this.db.prepare('SELECT id, tracking_no, status FROM parcels WHERE tracking_no = ?').get(trackingNo) as
      | { id: number; tracking_no: string; status: ParcelStatus }
      | undefined;
    if (!p) return null;
    const order = this.db.prepare('SELECT order_no FROM orders WHERE tracking_no = ?').get(trackingNo) as { order_no: string } | undefined;
    const hold = this.db
      .prepare("SELECT id, location, reasons, created_at FROM holds WHERE parcel_id = ? AND status IN ('OPEN','AWAITING_PROOF')")
      .get(p.id) as { id: number; location: string | null; reasons: string; created_at: string } | undefined;
    return {
      trackingNo: p.tracking_no,
      status: p.status,
      orderNo: order?.order_no ?? null,
      openHold: hold
        ? { holdId: hold.id, location: hold.location, reasons: hold.reasons.split(',').filter(Boolean) as ReasonCode[], since: hold.created_at }
        : null,
    };
  }

  async recordInspection(rec: InspectionRecord): Promise<InspectionStored> {
    const at = rec.finishedAt;
    return this.write(() => {
      let parcelId: number | null = null;
      let parcelStatus: ParcelStatus | null = null;
      let before: ParcelStatus = 'NEW';
      let holdId: number | null = null;
      const reasons = rec.findings.map((f) => f.code).join(',');
      if (rec.trackingNo) {
        const existing = this.db.prepare('SELECT id, status FROM parcels WHERE tracking_no = ?').get(rec.trackingNo) as
          | { id: number; status: ParcelStatus }
          | undefined;
        parcelId = existing
          ? existing.id
          : Number(
              this.db
                .prepare("INSERT INTO parcels (tracking_no, status, created_at, updated_at) VALUES (?, 'NEW', ?, ?)")
                .run(rec.trackingNo, at, at).lastInsertRowid,
            );
        const openHold = this.db
          .prepare("SELECT id FROM holds WHERE parcel_id = ? AND status IN ('OPEN','AWAITING_PROOF')")
          .get(parcelId) as { id: number } | undefined;
        before = existing?.status ?? 'NEW';
        const shipment = this.db
          .prepare('SELECT s.id, s.status FROM shipment_parcels sp JOIN shipments s ON s.id = sp.shipment_id WHERE sp.parcel_id = ?')
          .get(parcelId) as { id: number; status: string } | undefined;
        // A parcel already decided (shipped, returned, destroyed) keeps its status; re-inspection is recorded only.
        const settled = before === 'SHIPPED' || before === 'RETURNED' || before === 'DESTROYED' || shipment?.status === 'CLOSED';
        if (rec.outcome === 'HOLD' && shipment?.status === 'OPEN' && !settled) {
          // Held again while waiting on an open shipment: it comes off the shipment before it is held.
          this.db.prepare('DELETE FROM shipment_parcels WHERE parcel_id = ?').run(parcelId);
          appendAudit(this.db, { actor: rec.inspectorName, action: 'shipment.remove', entityType: 'parcel', entityId: rec.trackingNo, details: { shipmentId: shipment.id, why: 'held on re-inspection' } }, at);
        }
        if (settled || rec.provisional) parcelStatus = before;
        else if (rec.outcome === 'HOLD' || openHold) parcelStatus = before === 'AWAITING_PROOF' && openHold ? 'AWAITING_PROOF' : 'HELD';
        else parcelStatus = before === 'RELEASED' ? 'RELEASED' : 'CLEARED';
        holdId = openHold?.id ?? null;
      }
      const provisional = rec.provisional === true;
      const inspectionId = Number(
        this.db
          .prepare(
            `INSERT INTO inspections (parcel_id, scan, order_no, station, inspector_id, started_at, finished_at, outcome, reasons,
               ruleset_version, rules, findings_json, reads_json, brands_json, timings_json, notes_json)
             VALUES (@parcelId, @scan, @orderNo, @station, @inspectorId, @startedAt, @finishedAt, @outcome, @reasons,
               @rulesetVersion, @rules, @findings, @reads, @brands, @timings, @notes)`,
          )
          .run({
            parcelId,
            scan: rec.scan,
            orderNo: rec.orderNo,
            station: rec.station,
            inspectorId: rec.inspectorId,
            startedAt: rec.startedAt,
            finishedAt: rec.finishedAt,
            outcome: rec.outcome,
            reasons,
            rulesetVersion: rec.rulesetVersion,
            rules: rec.rules ?? null,
            findings: JSON.stringify(rec.findings),
            reads: JSON.stringify(rec.reads),
            brands: JSON.stringify(rec.brands),
            timings: JSON.stringify(rec.timingsMs),
            notes: JSON.stringify(rec.notes ?? []),
          }).lastInsertRowid,
      );
      const photo = this.db.prepare('INSERT INTO inspection_photos (inspection_id, position, photo_sha256) VALUES (?, ?, ?)');
      rec.photoIds.forEach((id, i) => photo.run(inspectionId, i, id));
      if (rec.outcome === 'HOLD' && !provisional && parcelId !== null && holdId === null && parcelStatus === 'HELD') {
        holdId = Number(
          this.db
            .prepare("INSERT INTO holds (parcel_id, inspection_id, status, reasons, created_at, station, inspector_id) VALUES (?, ?, 'OPEN', ?, ?, ?, ?)")
            .run(parcelId, inspectionId, reasons, at, rec.station, rec.inspectorId).lastInsertRowid,
        );
        const reason = this.db.prepare('INSERT OR IGNORE INTO hold_reasons (hold_id, code) VALUES (?, ?)');
        for (const f of rec.findings) reason.run(holdId, f.code);
        const brand = this.db.prepare('INSERT OR IGNORE INTO hold_brands (hold_id, brand_id) VALUES (?, ?)');
        for (const b of rec.brands) brand.run(holdId, b);
      }
      const seq = appendAudit(
        this.db,
        {
          actor: rec.inspectorName,
          action: provisional ? 'parcel.retake' : rec.outcome === 'HOLD' ? 'parcel.hold' : 'parcel.clear',
          entityType: 'parcel',
          entityId: rec.trackingNo ?? `inspection:${inspectionId}`,
          details: { inspectionId, station: rec.station, reasons, holdId, rulesetVersion: rec.rulesetVersion, rules: rec.rules ?? null, photos: rec.photoIds },
        },
        at,
      );
      // The status changes last, carrying the audit event just written (the lifecycle's rule).
      if (parcelId !== null && parcelStatus !== null && parcelStatus !== before) setParcelStatus(this.db, parcelId, parcelStatus, seq, at);
      return { inspectionId, holdId, parcelStatus };
    });
  }

  async setHoldLocation(holdId: number, location: string, actor: string, station: string) {
    const at = this.iso();
    return this.write(() => {
      const h = this.db.prepare('SELECT h.id, h.status, p.tracking_no FROM holds h JOIN parcels p ON p.id = h.parcel_id WHERE h.id = ?').get(holdId) as
        | { id: number; status: string; tracking_no: string }
        | undefined;
      if (!h) throw new AppError('NOT_FOUND', `No hold ${holdId}`);
      if (h.status !== 'OPEN' && h.status !== 'AWAITING_PROOF') throw new AppError('CONFLICT', `Hold ${holdId} is already decided (${h.status})`);
      if (!shelves.isKnownShelf(this.db, location)) throw new AppError('BAD_REQUEST', `${location} is not a shelf on the list`, undefined, { key: 'unknownShelf', params: { location } });
      this.db.prepare('UPDATE holds SET location = ?, location_set_at = ? WHERE id = ?').run(location, at, holdId);
      appendAudit(this.db, { actor, action: 'hold.locate', entityType: 'parcel', entityId: h.tracking_no, details: { holdId, location, station } }, at);
      return { holdId, status: h.status, location };
    });
  }

  async listUsersForAdmin() {
    return userAdmin.listUsersForAdmin(this.db, this.iso());
  }

  async setUserActive(userId: number, active: boolean, actor: string) {
    const at = this.iso();
    this.write(() => userAdmin.setUserActive(this.db, userId, active, actor, at));
  }

  async resetUserPin(userId: number, pinHash: string, actor: string) {
    const at = this.iso();
    this.write(() => userAdmin.resetUserPin(this.db, userId, pinHash, actor, at));
  }

  async unlockUser(userId: number, actor: string) {
    const at = this.iso();
    this.write(() => userAdmin.unlockUser(this.db, userId, actor, at));
  }

  async listShelves() {
    return shelves.listShelves(this.db);
  }

  async importShelves(items: ShelfInput[], actor: string, file: string) {
    const at = this.iso();
    return this.write(() => {
      const counts = shelves.upsertShelves(this.db, items, at);
      appendAudit(this.db, { actor, action: 'shelves.import', entityType: 'shelves', entityId: file, details: counts }, at);
      return counts;
    });
  }

  async recentInspections(station: string, limit: number): Promise<RecentInspection[]> {
    const rows = this.db
      .prepare(
        `SELECT i.id, p.tracking_no, i.scan, i.outcome, i.reasons, i.finished_at, u.name AS inspector, h.id AS hold_id, h.location
         FROM inspections i
         JOIN users u ON u.id = i.inspector_id
         LEFT JOIN parcels p ON p.id = i.parcel_id
         LEFT JOIN holds h ON h.inspection_id = i.id OR (h.parcel_id = i.parcel_id AND h.status IN ('OPEN','AWAITING_PROOF') AND i.outcome = 'HOLD')
         WHERE i.station = ?
         GROUP BY i.id
         ORDER BY i.id DESC LIMIT ?`,
      )
      .all(station, limit) as {
      id: number;
      tracking_no: string | null;
      scan: string | null;
      outcome: 'CLEAR' | 'HOLD';
      reasons: string;
      finished_at: string;
      inspector: string;
      hold_id: number | null;
      location: string | null;
    }[];
    return rows.map((r) => ({
      inspectionId: r.id,
      trackingNo: r.tracking_no ?? r.scan,
      outcome: r.outcome,
      reasons: r.reasons.split(',').filter(Boolean) as ReasonCode[],
      at: r.finished_at,
      inspector: r.inspector,
      holdId: r.hold_id,
      location: r.location,
    }));
  }

  async stationCounts(station: string, sinceIso: string) {
    const r = this.db
      .prepare(
        `SELECT count(*) AS inspected, coalesce(sum(outcome = 'CLEAR'), 0) AS cleared, coalesce(sum(outcome = 'HOLD'), 0) AS held
         FROM inspections WHERE station = ? AND finished_at >= ?`,
      )
      .get(station, sinceIso) as { inspected: number; cleared: number; held: number };
    return r;
  }

  // ---- supervision: holds, decisions, shipments, reports ----------------------------------

  async listHolds(f: sup.HoldFilter) {
    return sup.listHolds(this.db, f, this.now());
  }

  async parcelHistory(trackingNo: string) {
    const p = this.db.prepare('SELECT id FROM parcels WHERE tracking_no = ?').get(trackingNo.toUpperCase()) as { id: number } | undefined;
    if (!p) return null;
    const holdIds = (this.db.prepare('SELECT id FROM holds WHERE parcel_id = ? ORDER BY id').all(p.id) as { id: number }[]).map((h) => h.id);
    const ship = this.db
      .prepare('SELECT s.id AS shipmentId, s.status FROM shipment_parcels sp JOIN shipments s ON s.id = sp.shipment_id WHERE sp.parcel_id = ?')
      .get(p.id) as { shipmentId: number; status: string } | undefined;
    return {
      inspections: sup.inspectionsOf(this.db, p.id),
      holds: holdIds.map((id) => ({ ...sup.holdRow(this.db, id, this.now()), decisions: sup.decisionsOf(this.db, id) })),
      shipment: ship ?? null,
    };
  }

  async decideHold(d: sup.DecideInput) {
    const at = this.iso();
    return this.write(() => {
      const decided = sup.decideHold(this.db, d, at, this.now());
      // Same transaction: a seller whose parcel goes back or is destroyed as counterfeit is remembered with the decision.
      sellers.rememberCounterfeitSeller(this.db, d, at);
      return decided;
    });
  }

  // ---- counterfeit signals (issue 10) ------------------------------------------------------

  async sellerFacts(storeId: string | null, creditCode: string | null) {
    return { flags: sellers.flagsForSeller(this.db, storeId, creditCode), entries: sellers.entriesForSeller(this.db, storeId, creditCode) };
  }
  async listSellerFlags(includeCleared: boolean) {
    return sellers.listFlags(this.db, includeCleared);
  }
  async clearSellerFlag(id: number, reason: string, actor: string) {
    const at = this.iso();
    return this.write(() => sellers.clearFlag(this.db, id, reason, actor, at));
  }
  async listSellerEntries() {
    return sellers.listEntries(this.db);
  }
  async addSellerEntry(e: SellerListInput, actor: string) {
    const at = this.iso();
    return this.write(() => sellers.addEntry(this.db, e, actor, at));
  }
  async removeSellerEntry(id: number, reason: string, actor: string) {
    const at = this.iso();
    this.write(() => sellers.removeEntry(this.db, id, reason, actor, at));
  }
  async importSellerEntries(entries: SellerListInput[], actor: string, file: string) {
    const at = this.iso();
    return this.write(() => sellers.importEntries(this.db, entries, actor, file, at));
  }
  async counterfeitList(name: sellers.CounterfeitListName) {
    return sellers.getCounterfeitList(this.db, name);
  }
  async setCounterfeitList(name: sellers.CounterfeitListName, body: string, actor: string, file: string, counts: Record<string, number>) {
    const at = this.iso();
    this.write(() => {
      sellers.setCounterfeitList(this.db, name, body, actor, file, counts, at);
      // Brand hits depend on the clone marks: cached reads are stale.
      this.bumpRegistryRevision();
    });
  }

  async getFourEyes(): Promise<boolean> {
    const r = this.db.prepare("SELECT value FROM settings WHERE key = 'four_eyes'").get() as { value: string } | undefined;
    return (r?.value ?? 'on') === 'on';
  }

  async setFourEyes(on: boolean, actor: string): Promise<boolean> {
    const at = this.iso();
    return this.write(() => {
      const before = (this.db.prepare("SELECT value FROM settings WHERE key = 'four_eyes'").get() as { value: string } | undefined)?.value ?? 'on';
      this.db.prepare("INSERT INTO settings (key, value) VALUES ('four_eyes', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(on ? 'on' : 'off');
      appendAudit(this.db, { actor, action: 'settings.four_eyes', entityType: 'settings', entityId: 'four_eyes', details: { from: before, to: on ? 'on' : 'off' } }, at);
      return on;
    });
  }

  async createShipment(destination: string, carrier: string, userId: number, userName: string) {
    const at = this.iso();
    return this.write(() => sup.createShipment(this.db, destination, carrier, userId, userName, at));
  }

  async listShipments(status: 'OPEN' | 'CLOSED' | 'all') {
    return sup.listShipments(this.db, status);
  }

  async addToShipment(shipmentId: number, trackingNo: string, userId: number, userName: string, station: string) {
    const at = this.iso();
    const tracking = trackingNo.toUpperCase();
    try {
      return this.write(() => {
        const s = sup.shipment(this.db, shipmentId);
        if (s.status !== 'OPEN') throw new AppError('CONFLICT', `Shipment ${shipmentId} is closed`);
        const refusal = sup.gateRefusal(this.db, tracking);
        if (refusal) throw new AppError('GATE_REFUSED', refusal);
        const p = this.db.prepare('SELECT id FROM parcels WHERE tracking_no = ?').get(tracking) as { id: number };
        // The trigger re-checks inside this same transaction: no other station can slip in between.
        this.db.prepare('INSERT INTO shipment_parcels (shipment_id, parcel_id, added_at, added_by) VALUES (?, ?, ?, ?)').run(shipmentId, p.id, at, userId);
        appendAudit(this.db, { actor: userName, action: 'shipment.add', entityType: 'parcel', entityId: tracking, details: { shipmentId, station } }, at);
        return { shipment: sup.shipment(this.db, shipmentId), line: sup.manifestLines(this.db, shipmentId).find((l) => l.trackingNo === tracking)! };
      });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const refused = (e instanceof AppError && e.code === 'GATE_REFUSED') || message.startsWith('GATE_REFUSED');
      if (!refused) throw e;
      const why = message.replace(/^GATE_REFUSED: /, '');
      // The alarm is part of the record: who tried to ship what, and why it was refused.
      this.write(() => appendAudit(this.db, { actor: userName, action: 'shipment.refused', entityType: 'parcel', entityId: tracking, details: { shipmentId, station, why } }, at));
      const st = this.db.prepare('SELECT status FROM parcels WHERE tracking_no = ?').get(tracking) as { status: string } | undefined;
      const passable = st?.status === 'CLEARED' || st?.status === 'RELEASED';
      throw new AppError('GATE_REFUSED', why, undefined, { key: passable ? 'gateElsewhere' : undefined, params: { tracking, status: st?.status ?? 'NONE' } });
    }
  }

  async removeFromShipment(shipmentId: number, trackingNo: string, userName: string) {
    const at = this.iso();
    return this.write(() => {
      const s = sup.shipment(this.db, shipmentId);
      if (s.status !== 'OPEN') throw new AppError('CONFLICT', `Shipment ${shipmentId} is closed`);
      const r = this.db
        .prepare('DELETE FROM shipment_parcels WHERE shipment_id = ? AND parcel_id = (SELECT id FROM parcels WHERE tracking_no = ?)')
        .run(shipmentId, trackingNo.toUpperCase());
      if (!r.changes) throw new AppError('NOT_FOUND', `${trackingNo} is not on shipment ${shipmentId}`);
      appendAudit(this.db, { actor: userName, action: 'shipment.remove', entityType: 'parcel', entityId: trackingNo.toUpperCase(), details: { shipmentId } }, at);
      return sup.shipment(this.db, shipmentId);
    });
  }

  async closeShipment(shipmentId: number, userName: string) {
    const at = this.iso();
    try {
      return this.write(() => {
        const s = sup.shipment(this.db, shipmentId);
        if (s.status !== 'OPEN') throw new AppError('CONFLICT', `Shipment ${shipmentId} is already closed`);
        if (!s.parcels) throw new AppError('CONFLICT', `Shipment ${shipmentId} has no parcels`);
        this.db.prepare("UPDATE shipments SET status = 'CLOSED', closed_at = ? WHERE id = ?").run(at, shipmentId);
        const seq = appendAudit(this.db, { actor: userName, action: 'shipment.close', entityType: 'shipment', entityId: String(shipmentId), details: { parcels: s.parcels } }, at);
        const lines = this.db.prepare('SELECT parcel_id FROM shipment_parcels WHERE shipment_id = ?').all(shipmentId) as { parcel_id: number }[];
        for (const l of lines) setParcelStatus(this.db, l.parcel_id, 'SHIPPED', seq, at);
        return sup.shipment(this.db, shipmentId);
      });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (message.startsWith('GATE_REFUSED')) throw new AppError('GATE_REFUSED', message.replace(/^GATE_REFUSED: /, ''), undefined, { key: 'gateClose' });
      throw e;
    }
  }

  async manifest(shipmentId: number) {
    return { shipment: sup.shipment(this.db, shipmentId), lines: sup.manifestLines(this.db, shipmentId) };
  }

  async allAudit(f: Omit<AuditFilter, 'offset' | 'limit'>) {
    return listAudit(this.db, { ...f, offset: 0, limit: 1_000_000 }).rows.reverse();
  }

  async reportSummary(from: string, to: string) {
    return sup.reportSummary(this.db, from, to);
  }

  // ---- holds as cases -------------------------------------------------------------------

  async clockSettings() {
    return cases.clockSettings(this.db);
  }

  async setClockSettings(s: ClockSettings, actor: string) {
    const at = this.iso();
    return this.write(() => cases.saveClockSettings(this.db, s, actor, at));
  }

  async listHolidays() {
    return cases.listHolidays(this.db);
  }

  async importHolidays(items: HolidayEntry[], actor: string, file: string) {
    const at = this.iso();
    return this.write(() => cases.importHolidays(this.db, items, actor, file, at));
  }

  async proofRequest(requestId: number) {
    return cases.proofRequest(this.db, requestId);
  }

  async proofRequestsOfParcel(trackingNo: string) {
    return cases.proofRequestsOfParcel(this.db, trackingNo.toUpperCase());
  }

  async openProofRequests() {
    return cases.openProofRequests(this.db);
  }

  async attachProofDocument(requestId: number, sha256: string, userId: number, userName: string) {
    const at = this.iso();
    return this.write(() => cases.attachProofDocument(this.db, requestId, sha256, userId, userName, at));
  }

  async lateDecisions(fromIso: string, toIso: string) {
    return cases.lateDecisions(this.db, fromIso, toIso);
  }

  async auditEventsOf(entityId: string) {
    return records.auditEventsOf(this.db, entityId);
  }

  async auditHead() {
    return records.auditHead(this.db);
  }

  async replayInputs(sinceIso: string | null) {
    return records.replayInputs(this.db, sinceIso);
  }
}

function normalizeBrand(b: Brand): Brand {
  return {
    id: b.id,
    name: b.name,
    aliases: [...new Set(b.aliases)],
    gs1Prefixes: [...new Set(b.gs1Prefixes)],
    officialStores: b.officialStores.map((s) => ({ channel: s.channel, storeId: s.storeId, name: s.name })),
    ...(b.lookalikes?.length ? { lookalikes: b.lookalikes.map((l) => ({ mark: l.mark, source: l.source })) } : {}),
  };
}
