// The service object: implements the API contract over a storage engine, the evidence folder and
// the photo reader. Plain Node: the Electron IPC mount, the HTTP bridge, the CLI and tests share it.
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { CONTRACT, type Channel, type ParsedReq, type Responses, type ImportFileReport, type Session } from '../../../shared/api';
import { AppError, ok, toApiError, type Result } from '../../../shared/result';
import type { Brand, Certificate, PhotoRead, Role, User, WordRead } from '../../../shared/types';
import { parseBrandsFile, parseCertificatesFile } from '../../../shared/imports/registryFiles';
import { parseOrdersFile } from '../../../shared/imports/ordersFile';
import { BrandMatcher } from '../../../shared/reading/brandMatcher';
import { evaluate, ORDER_TEXT, resolveBrand } from '../../../shared/rules/engine';
import { toCsv } from '../../../shared/csv';
import { looksLikeTracking } from '../../../shared/reading/documentFields';
import { DEFAULT_RULESET, type RulesetDefinition } from '../../../shared/rules/ruleset';
import { localIsoDate } from '../../../shared/dates';
import { canonicalJson } from '../../../shared/canonicalJson';
import type { Storage } from '../db/storage';
import { SqliteStorage } from '../db/sqliteStorage';
import { checkPhoto, PhotoStore } from './photoStore';
import { hashPin, verifyPin } from './pin';
import { OcrPool } from '../reading/ocrPool';
import { PhotoReader } from '../reading/photoReader';
import { InlineBarcodeService } from '../reading/barcodeService';
import { loadDemoPack } from './demoPack';
import { CounterfeitLists } from './counterfeitLists';
import { mergeLookalikes } from '../../../shared/reading/cloneMarks';

/** An order's item text as one line of confident words, for the brand matcher. */
function itemWords(item: string): WordRead[] {
  let x = 0;
  return item
    .split(/\s+/)
    .filter(Boolean)
    .map((text) => {
      const w = { text, confidence: 100, box: { x, y: 0, w: text.length * 10, h: 20 }, line: 0 };
      x += text.length * 10 + 10;
      return w;
    });
}

export interface ServiceOptions {
  dbFile: string;
  dataDir: string;
  /** better-sqlite3 build to load (Electron's); default: Node's. */
  nativeBinding?: string;
  now?: () => Date;
  ocrWorkers?: number;
  /** Where the demo pack lives (brands.json, certificates.json, orders.csv). */
  demoDir?: string;
}

/** Who is calling: a signed-in session, or the local command line (which holds the database file anyway). */
export type CallContext = { token?: string | null } | { system: string };

interface SessionState {
  user: User;
  station: string;
}

type Handlers = { [C in Channel]: (req: ParsedReq<C>, who: Caller) => Promise<Responses[C]> };
interface Caller {
  /** The local command line or a test harness in this process; never a remote transport. */
  system: boolean;
  user: User | null;
  actor: string;
  station: string;
  token: string | null;
}

const MAX_PIN_FAILURES = 5;
const LOCK_MINUTES = 5;

export class ParcelGateService {
  readonly storage: Storage;
  readonly ocr: OcrPool;
  private readonly photos: PhotoStore;
  private readonly reader: PhotoReader;
  private readonly sessions = new Map<string, SessionState>();
  private readonly readCache = new Map<string, Promise<PhotoRead>>();
  private readonly now: () => Date;
  private registry: { revision: number; brands: Brand[]; certificates: Certificate[]; matcher: BrandMatcher } | null = null;
  private ruleset: { version: number; definition: RulesetDefinition } | null = null;
  private readonly counterfeit: CounterfeitLists;

  constructor(readonly options: ServiceOptions) {
    this.now = options.now ?? (() => new Date());
    this.storage = new SqliteStorage(options.dbFile, { nativeBinding: options.nativeBinding, now: this.now });
    this.photos = new PhotoStore(path.join(options.dataDir, 'evidence'));
    this.ocr = new OcrPool(path.join(options.dataDir, 'tessdata'), options.ocrWorkers);
    this.reader = new PhotoReader(this.ocr, new InlineBarcodeService());
    this.counterfeit = new CounterfeitLists(this.storage, this.now, async () => (await this.currentRegistry()).brands);
  }

  /** Starts the OCR workers in the background so the first parcel does not wait for them. */
  warmUp(onProgress?: (started: number, total: number) => void): Promise<void> {
    return this.ocr.start(onProgress);
  }

  async close(): Promise<void> {
    await this.ocr.close();
    await this.storage.close();
  }

  /** The one entry point of every transport: validate, authorise, run, and answer with a value. */
  async call<C extends Channel>(channel: C, rawReq: unknown, ctx: CallContext = {}): Promise<Result<Responses[C]>> {
    try {
      const spec = CONTRACT[channel];
      if (!spec) throw new AppError('BAD_REQUEST', `Unknown operation "${String(channel)}"`);
      const parsed = spec.req.safeParse(rawReq ?? {});
      if (!parsed.success) {
        const details = parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`);
        throw new AppError('BAD_REQUEST', `Invalid request for ${channel}: ${details.join('; ')}`, details);
      }
      const caller = this.caller(ctx);
      if (spec.access !== 'public') {
        if (!caller.user && !caller.system) throw new AppError('NOT_SIGNED_IN', 'Sign in first');
        if (caller.user && !(spec.access as readonly Role[]).includes(caller.user.role)) {
          throw new AppError('FORBIDDEN', `A ${caller.user.role} may not do this (${channel}); it needs a ${(spec.access as readonly Role[]).join(' or ')}`);
        }
      }
      const handler = this.handlers[channel] as (req: unknown, who: Caller) => Promise<Responses[C]>;
      return ok(await handler(parsed.data, caller));
    } catch (e) {
      return { ok: false, error: toApiError(e) };
    }
  }

  private caller(ctx: CallContext): Caller {
    if ('system' in ctx) return { system: true, user: null, actor: ctx.system, station: ctx.system, token: null };
    const s = ctx.token ? this.sessions.get(ctx.token) : undefined;
    return s
      ? { system: false, user: s.user, actor: s.user.name, station: s.station, token: ctx.token ?? null }
      : { system: false, user: null, actor: 'anonymous', station: 'unknown', token: null };
  }

  private async currentRegistry() {
    const revision = await this.storage.registryRevision();
    if (!this.registry || this.registry.revision !== revision) {
      const [stored, certificates, curated] = await Promise.all([this.storage.listBrands(), this.storage.listCertificates(), this.counterfeit.lookalikes()]);
      // The shipped (or admin's) clone-mark list joins the customer's registry for the brands it holds.
      const brands = mergeLookalikes(stored, curated);
      this.registry = { revision, brands, certificates, matcher: new BrandMatcher(brands) };
      // Brand hits depend on the registry: reads cached under the old one are stale.
      this.readCache.clear();
    }
    return this.registry;
  }

  private async currentRuleset() {
    if (!this.ruleset) {
      // The rules this build ships become the active version; a changed definition is a new version,
      // and verdicts already made keep the version that made them.
      const stored = await this.storage.saveRuleset(canonicalJson(DEFAULT_RULESET), 'system');
      this.ruleset = { version: stored.version, definition: JSON.parse(stored.definition) as RulesetDefinition };
    }
    return this.ruleset;
  }

  /** Stores a photo as evidence (file first, then its row) and returns its id. */
  async addPhoto(bytes: Uint8Array, name = 'photo'): Promise<Responses['photo:add']> {
    const t0 = performance.now();
    const checked = await checkPhoto(bytes, name);
    await this.photos.put(checked, bytes);
    await this.storage.recordPhoto({ sha256: checked.sha256, bytes: checked.bytes, mime: checked.mime, width: checked.width, height: checked.height, originalName: name });
    return { photoId: checked.sha256, width: checked.width, height: checked.height, bytes: checked.bytes, mime: checked.mime, storeMs: Math.round(performance.now() - t0) };
  }

  /** Reads a stored photo once; later asks for the same photo share the work. */
  async readPhoto(photoId: string): Promise<PhotoRead> {
    const { matcher, certificates } = await this.currentRegistry();
    let pending = this.readCache.get(photoId);
    if (!pending) {
      pending = (async () => {
        const meta = await this.storage.photoMeta(photoId);
        if (!meta) throw new AppError('NOT_FOUND', `No stored photo ${photoId.slice(0, 12)}…; add it first`);
        const bytes = await this.photos.get(photoId, meta.mime);
        const sellers = certificates.map((c) => c.sellerTaxId);
        return this.reader.read(bytes, photoId, matcher, meta.originalName ?? undefined, sellers);
      })();
      pending.catch(() => this.readCache.delete(photoId));
      this.readCache.set(photoId, pending);
      if (this.readCache.size > 200) this.readCache.delete(this.readCache.keys().next().value!);
    }
    return pending;
  }

  private async importFiles(req: ParsedReq<'data:import'>, actor: string): Promise<Responses['data:import']> {
    const files: ImportFileReport[] = [];
    let rejected = false;
    const record = (kind: ImportFileReport['kind'], file: string, errors: string[], counts = { inserted: 0, updated: 0, unchanged: 0 }) => {
      files.push({ file, kind, ok: errors.length === 0, errors, ...counts });
      if (errors.length) rejected = true;
    };
    const known = await this.storage.brandIds();
    if (req.brands) {
      const parsed = parseBrandsFile(req.brands.name, req.brands.bytes);
      if (parsed.ok) {
        record('brands', req.brands.name, [], await this.storage.importBrands(parsed.items, actor, req.brands.name));
        for (const b of parsed.items) known.add(b.id);
      } else record('brands', req.brands.name, parsed.errors);
    }
    if (req.certificates) {
      const parsed = parseCertificatesFile(req.certificates.name, req.certificates.bytes, known);
      if (parsed.ok) record('certificates', req.certificates.name, [], await this.storage.importCertificates(parsed.items, actor, req.certificates.name));
      else record('certificates', req.certificates.name, parsed.errors);
    }
    if (req.orders) {
      const parsed = parseOrdersFile(req.orders.name, req.orders.bytes);
      if (parsed.ok) {
        try {
          record('orders', req.orders.name, [], await this.storage.importOrders(parsed.items, actor, req.orders.name));
        } catch (e) {
          if (e instanceof AppError && e.code === 'IMPORT_REJECTED') record('orders', req.orders.name, e.details ?? [e.message]);
          else throw e;
        }
      } else record('orders', req.orders.name, parsed.errors);
    }
    if (!files.length) throw new AppError('BAD_REQUEST', 'Nothing to import: give a brands, certificates or orders file');
    if (rejected) {
      const errors = files.flatMap((f) => f.errors);
      const bad = files.filter((f) => !f.ok).map((f) => f.file);
      throw new AppError('IMPORT_REJECTED', `Rejected ${bad.join(', ')}: nothing of ${bad.length > 1 ? 'those files' : 'that file'} was stored. ${errors[0]}${errors.length > 1 ? ` (+${errors.length - 1} more)` : ''}`, errors);
    }
    return { files };
  }

  private async inspect(req: ParsedReq<'parcel:inspect'>, who: Caller): Promise<Responses['parcel:inspect']> {
    const started = this.now();
    const t0 = performance.now();
    // A photo that cannot be read (damaged data) does not stop the inspection: it counts as
    // unreadable, which holds the parcel and says why.
    const reads = await Promise.all(
      req.photoIds.map((id) =>
        this.readPhoto(id).catch((e: unknown): PhotoRead => {
          if (e instanceof AppError && e.code === 'NOT_FOUND') throw e;
          return {
            photoId: id,
            width: 0,
            height: 0,
            kind: 'unknown',
            barcodes: [],
            words: [],
            text: '',
            meanConfidence: 0,
            brands: [],
            invoice: null,
            waybill: null,
            timingsMs: { decode: 0, barcodes: 0, ocr: 0, total: 0 },
            error: e instanceof Error ? e.message : String(e),
          };
        }),
      ),
    );
    const t1 = performance.now();
    const registry = await this.currentRegistry();
    const ruleset = await this.currentRuleset();
    const scan = req.scan ? req.scan.toUpperCase() : null;
    // Without a scan, the waybill supplies the number. A label can carry more than one courier-like
    // code (order or route numbers): the one that matches an order wins; else the waybill's first.
    let trackingNo = scan;
    let order = scan ? await this.storage.orderByTracking(scan) : null;
    if (!scan) {
      const candidates = [
        ...reads.map((r) => r.waybill?.trackingNo),
        ...reads.flatMap((r) => r.barcodes.filter((b) => looksLikeTracking(b.text)).map((b) => b.text.trim().toUpperCase())),
      ].filter((t, i, all): t is string => !!t && all.indexOf(t) === i);
      for (const c of candidates) {
        order = await this.storage.orderByTracking(c);
        if (order) {
          trackingNo = c;
          break;
        }
      }
      trackingNo ??= candidates[0] ?? null;
    }
    const seller = order ? await this.storage.sellerFacts(order.storeId, order.sellerTaxId) : { flags: [], entries: [] };
    const verdict = evaluate({
      trackingNo,
      order,
      brands: registry.brands,
      certificates: registry.certificates,
      reads,
      today: localIsoDate(this.now()),
      ruleset: ruleset.definition,
      rulesetVersion: ruleset.version,
      replicaPhrases: (await this.counterfeit.phrases()).phrases,
      sellerFlags: seller.flags,
      sellerList: seller.entries,
      // A clone mark or disguised name written in the order itself (the genuine name there is left to the declared brand).
      orderTextLookalikes: order ? registry.matcher.matchWords(itemWords(order.item), ORDER_TEXT).filter((h) => h.kind === 'lookalike') : [],
    });
    const t2 = performance.now();
    const inspector = who.user ?? (await this.systemUser(who.actor));
    const stored = await this.storage.recordInspection({
      trackingNo,
      scan,
      orderNo: order?.orderNo ?? null,
      station: who.station,
      inspectorId: inspector.id,
      inspectorName: inspector.name,
      startedAt: started.toISOString(),
      finishedAt: this.now().toISOString(),
      outcome: verdict.outcome,
      findings: verdict.findings,
      rulesetVersion: verdict.rulesetVersion,
      brands: verdict.brands,
      reads,
      photoIds: req.photoIds,
      timingsMs: { read: Math.round(t1 - t0), evaluate: Math.round(t2 - t1) },
    });
    const t3 = performance.now();
    return {
      inspectionId: stored.inspectionId,
      trackingNo,
      orderNo: order?.orderNo ?? null,
      outcome: verdict.outcome,
      findings: verdict.findings,
      brands: verdict.brands,
      rulesetVersion: verdict.rulesetVersion,
      holdId: stored.holdId,
      parcelStatus: stored.parcelStatus,
      // Words stay in the stored inspection; the answer carries what the screen shows.
      reads: reads.map((r) => ({ ...r, words: [] })),
      timingsMs: { read: Math.round(t1 - t0), evaluate: Math.round(t2 - t1), store: Math.round(t3 - t2), total: Math.round(t3 - t0) },
    };
  }

  private async manifestOf(shipmentId: number): Promise<Responses['shipment:manifest']> {
    const { shipment, lines } = await this.storage.manifest(shipmentId);
    const csv = toCsv(
      ['shipment', 'destination', 'carrier', 'tracking_no', 'order_no', 'customer', 'item', 'declared_brand', 'added_at', 'added_by'],
      lines.map((l) => [shipment.shipmentId, shipment.destination, shipment.carrier, l.trackingNo, l.orderNo, l.customer, l.item, l.declaredBrand, l.addedAt, l.addedBy]),
    );
    return { shipment, lines, csv };
  }

  /** Allow/deny list, seller flags and the counterfeit lists (electron/main/service/counterfeitLists.ts). */
  private counterfeitHandlers(): Pick<Handlers, keyof CounterfeitLists['handlers']> {
    // Field initialisers run before the constructor made `counterfeit`: look it up at call time.
    const h = () => this.counterfeit.handlers;
    return {
      'sellerLists:list': () => h()['sellerLists:list'](),
      'sellerLists:expiring': (req) => h()['sellerLists:expiring'](req),
      'sellerLists:add': (req, who) => h()['sellerLists:add'](req, who),
      'sellerLists:remove': (req, who) => h()['sellerLists:remove'](req, who),
      'sellerLists:import': (req, who) => h()['sellerLists:import'](req, who),
      'sellerLists:export': (req, who) => h()['sellerLists:export'](req, who),
      'sellerFlags:list': (req) => h()['sellerFlags:list'](req),
      'sellerFlags:clear': (req, who) => h()['sellerFlags:clear'](req, who),
      'counterfeitLists:export': (req, who) => h()['counterfeitLists:export'](req, who),
      'counterfeitLists:import': (req, who) => h()['counterfeitLists:import'](req, who),
    };
  }

  /** The command line inspects as a named local user; one is created (no PIN sign-in possible) if missing. */
  private async systemUser(name: string): Promise<User> {
    const existing = await this.storage.userByName(name);
    if (existing) return existing;
    return this.storage.addUser({ name, role: 'inspector', locale: 'en', pinHash: 'system$no-sign-in' }, name);
  }

  private readonly handlers: Handlers = {
    ...this.counterfeitHandlers(),
    'app:info': async () => {
      const counts = await this.storage.counts();
      return {
        version: '0.1.0',
        dbFile: this.options.dbFile,
        dataDir: this.options.dataDir,
        ...counts,
        ocr: { state: this.ocr.state, workers: this.ocr.size, message: this.ocr.message },
      };
    },
    'users:list': async () => (await this.storage.listUsers()).filter((u) => u.name !== 'cli').map(({ id, name, role }) => ({ id, name, role })),
    'users:add': async (req, who) => {
      const { users } = await this.storage.counts();
      const people = (await this.storage.listUsers()).filter((u) => !u.name.startsWith('cli'));
      const bootstrap = users === 0 || people.length === 0;
      if (!who.system && !bootstrap && who.user?.role !== 'admin') {
        throw new AppError('FORBIDDEN', 'Only an admin may add users');
      }
      if (!who.system && bootstrap && req.role !== 'admin') {
        throw new AppError('FORBIDDEN', 'The first user of a new database must be an admin');
      }
      return this.storage.addUser({ name: req.name, role: req.role, locale: req.locale, pinHash: await hashPin(req.pin) }, who.user?.name ?? who.actor);
    },
    'session:signIn': async (req) => {
      const u = await this.storage.userByName(req.name);
      if (!u || !u.active || u.pinHash.startsWith('system$')) throw new AppError('WRONG_PIN', 'Unknown user or wrong PIN');
      if (u.lockedUntil && u.lockedUntil > this.now().toISOString()) {
        throw new AppError('LOCKED_OUT', `Too many wrong PINs: ${u.name} is locked until ${new Date(u.lockedUntil).toLocaleTimeString()}. A supervisor can help.`);
      }
      if (!(await verifyPin(req.pin, u.pinHash))) {
        const failures = u.failedPins + 1;
        const lock = failures >= MAX_PIN_FAILURES ? new Date(this.now().getTime() + LOCK_MINUTES * 60_000).toISOString() : null;
        await this.storage.recordPinFailure(u.id, lock, req.station);
        throw new AppError(
          lock ? 'LOCKED_OUT' : 'WRONG_PIN',
          lock ? `Wrong PIN ${failures} times: locked for ${LOCK_MINUTES} minutes` : `Wrong PIN for ${u.name} (${MAX_PIN_FAILURES - failures} tries left)`,
        );
      }
      await this.storage.recordSignIn(u.id, req.station);
      const token = randomBytes(32).toString('hex');
      const user: User = { id: u.id, name: u.name, role: u.role, locale: u.locale };
      this.sessions.set(token, { user, station: req.station });
      void this.warmUp().catch(() => undefined);
      return { token, user, station: req.station } satisfies Session;
    },
    'session:signOut': async (_req, who) => {
      if (who.token) this.sessions.delete(who.token);
      return null;
    },
    'users:setLocale': async (req, who) => {
      const user = await this.storage.setLocale(who.user!.id, req.locale);
      const s = who.token ? this.sessions.get(who.token) : undefined;
      if (s) s.user = user;
      return user;
    },
    'data:import': (req, who) => this.importFiles(req, who.actor),
    'demo:load': async (_req, who) => this.importFiles(await loadDemoPack(this.options.demoDir), who.actor),
    'registry:brands': async () => {
      const r = await this.currentRegistry();
      return { brands: r.brands, certificates: r.certificates };
    },
    'audit:verify': async (_req, who) => {
      const result = await this.storage.verifyAudit();
      await this.storage.appendAudit({ actor: who.actor, action: 'audit.verify', entityType: 'audit', entityId: 'chain', details: { intact: result.intact, events: result.events, firstBroken: result.firstBroken?.seq ?? null } });
      return result;
    },
    'audit:list': (req) => this.storage.listAudit({ action: req.action, actor: req.actor, entity: req.entity, offset: req.page.offset, limit: req.page.limit }),
    'photo:add': (req) => this.addPhoto(req.bytes, req.name),
    'photo:read': (req) => this.readPhoto(req.photoId),
    'photo:get': async (req) => {
      const meta = await this.storage.photoMeta(req.photoId);
      if (!meta) throw new AppError('NOT_FOUND', `No stored photo ${req.photoId.slice(0, 12)}…`);
      return { bytes: await this.photos.get(req.photoId, meta.mime), mime: meta.mime };
    },
    'parcel:lookup': async (req) => ({
      parcel: await this.storage.parcelSummary(req.trackingNo),
      order: await this.storage.orderByTracking(req.trackingNo),
    }),
    'parcel:inspect': (req, who) => this.inspect(req, who),
    'hold:setLocation': (req, who) => this.storage.setHoldLocation(req.holdId, req.location.toUpperCase(), who.actor, who.station) as Promise<Responses['hold:setLocation']>,
    // Empty filters are ignored by the storage: the request passes as it is.
    'holds:list': ({ page, ...filter }) => this.storage.listHolds({ ...filter, offset: page.offset, limit: page.limit }),
    'parcel:detail': async (req) => {
      const parcel = await this.storage.parcelSummary(req.trackingNo);
      const history = await this.storage.parcelHistory(req.trackingNo);
      if (!parcel || !history) throw new AppError('NOT_FOUND', `${req.trackingNo} has never been inspected`);
      const order = await this.storage.orderByTracking(req.trackingNo);
      const registry = await this.currentRegistry();
      const involved = new Set(history.inspections.flatMap((i) => [...i.reads.flatMap((r) => r.brands.map((b) => b.brandId))]));
      for (const h of history.holds) for (const b of h.brands) involved.add(b);
      const declared = order?.declaredBrand ? resolveBrand(order.declaredBrand, registry.brands) : null;
      if (declared) involved.add(declared.id);
      const seller = order?.sellerTaxId ?? null;
      return {
        parcel,
        order,
        brands: registry.brands.filter((b) => involved.has(b.id)),
        certificates: registry.certificates.filter((c) => (seller && c.sellerTaxId === seller) || (declared && c.brandId === declared.id && order?.channel === 'AUTHORIZED_SELLER')),
        ...history,
      };
    },
    'hold:decide': async (req, who) => {
      const user = who.user;
      if (!user) throw new AppError('FORBIDDEN', 'A decision must be signed by a signed-in supervisor');
      return this.storage.decideHold({
        holdId: req.holdId,
        disposition: req.disposition,
        reason: req.reason,
        documents: req.documents,
        userId: user.id,
        userName: user.name,
        station: who.station,
        fourEyes: await this.storage.getFourEyes(),
        counterfeit: req.counterfeit,
      });
    },
    'settings:get': async () => ({ fourEyes: await this.storage.getFourEyes() }),
    'settings:set': async (req, who) => ({ fourEyes: await this.storage.setFourEyes(req.fourEyes, who.actor) }),
    'shipment:create': async (req, who) => {
      const u = who.user ?? (await this.systemUser(who.actor));
      return this.storage.createShipment(req.destination, req.carrier, u.id, u.name);
    },
    'shipments:list': (req) => this.storage.listShipments(req.status),
    'shipment:addParcel': async (req, who) => {
      const u = who.user ?? (await this.systemUser(who.actor));
      return this.storage.addToShipment(req.shipmentId, req.trackingNo, u.id, u.name, who.station);
    },
    'shipment:removeParcel': (req, who) => this.storage.removeFromShipment(req.shipmentId, req.trackingNo, who.actor),
    'shipment:close': async (req, who) => {
      await this.storage.closeShipment(req.shipmentId, who.actor);
      return this.manifestOf(req.shipmentId);
    },
    'shipment:manifest': (req) => this.manifestOf(req.shipmentId),
    'audit:export': async (req, who) => {
      const rows = await this.storage.allAudit({ action: req.action, actor: req.actor, entity: req.entity });
      const csv = toCsv(
        ['seq', 'at', 'actor', 'action', 'entity_type', 'entity_id', 'details', 'prev_hash', 'hash'],
        rows.map((r) => [r.seq, r.at, r.actor, r.action, r.entityType, r.entityId, canonicalJson(r.details), r.prevHash, r.hash]),
      );
      await this.storage.appendAudit({ actor: who.actor, action: 'audit.export', entityType: 'audit', entityId: 'chain', details: { rows: rows.length, filter: req } });
      return { csv, rows: rows.length };
    },
    'reports:summary': async (req) => {
      const to = req.to ?? localIsoDate(this.now());
      const from = req.from ?? localIsoDate(new Date(this.now().getTime() - 29 * 86400_000));
      return this.storage.reportSummary(from, to);
    },
    'station:recent': async (req, who) => {
      const midnight = new Date(this.now());
      midnight.setHours(0, 0, 0, 0);
      return {
        recent: await this.storage.recentInspections(who.station, req.limit),
        today: await this.storage.stationCounts(who.station, midnight.toISOString()),
      };
    },
  };
}
