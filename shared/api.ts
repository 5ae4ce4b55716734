// The one API contract: every operation the UI, command line or tests may ask of main.
// Renderer, preload, IPC mount, HTTP bridge and command line are all derived from `CONTRACT`.
import { z } from 'zod';
import type { Result } from './result';
import type {
  Brand,
  Certificate,
  Finding,
  HoldDisposition,
  HoldStatus,
  Locale,
  Note,
  Order,
  Outcome,
  ParcelStatus,
  PhotoRead,
  ReasonCode,
  Role,
  User,
} from './types';
import { ORDER_CHANNELS } from './channels';
import { isIsoDate } from './dates';
import { CLOCK_LIMITS, type ClockSettings, type HoldClocks } from './holds/clocks';
import { PROOF_ITEMS, type ProofItem } from './holds/proof';
import type { SellerFlagRow, SellerListEntry } from './rules/sellerLists';
import type { BackupStatus } from './backup/backupStatus';

const text = (max = 200) => z.string().trim().min(1).max(max);
const bytes = z.instanceof(Uint8Array);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 photo id');
const trackingNo = z
  .string()
  .trim()
  .min(4)
  .max(40)
  .regex(/^[A-Za-z0-9-]+$/, 'letters, digits and dashes');
const page = z.object({ offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(50) });
const importFile = z.object({ name: text(260), bytes });
const isoDate = z.string().refine(isIsoDate, 'a date YYYY-MM-DD');
const clockSetting = (k: keyof ClockSettings) => z.number().int().min(CLOCK_LIMITS[k].min).max(CLOCK_LIMITS[k].max);
/** The hold queue's filters, shared by the queue and the evidence pack of a filtered set of holds. */
const holdFilter = {
  status: z.enum(['undecided', 'OPEN', 'AWAITING_PROOF', 'decided', 'all']).default('undecided'),
  reason: z.string().max(40).optional(),
  brand: z.string().max(60).optional(),
  station: z.string().max(60).optional(),
  inspector: z.string().max(80).optional(),
  location: z.string().max(40).optional(),
  /** Only holds at least this old (hours). */
  minAgeHours: z.number().min(0).max(24 * 365).optional(),
  /** Only holds at most this old (hours). */
  maxAgeHours: z.number().min(0).max(24 * 365).optional(),
  /** Only holds with a clock running out within this many hours (or proof overdue). */
  expiresWithinHours: z.number().min(0).max(24 * 365).optional(),
  /** `expiry`: overdue proof, then return options closing within 48 h, then soonest clock. `oldest`: oldest hold first. */
  sort: z.enum(['expiry', 'oldest']).default('expiry'),
};

/** Who may call an operation. 'public' needs no session (sign-in screen, bootstrap). */
export type Access = 'public' | readonly Role[];
const ANY: readonly Role[] = ['inspector', 'supervisor', 'admin'];
const SUPERVISOR: readonly Role[] = ['supervisor', 'admin'];
const ADMIN: readonly Role[] = ['admin'];

export const CONTRACT = {
  'app:info': { access: 'public', req: z.object({}) },
  /**
   * Which storage this station is on and whether it answers now. Public like app:info: the top bar
   * shows it before sign-in, and a station that lost its server polls it whatever the session's state.
   */
  'system:engine': { access: 'public', req: z.object({}) },
  'users:list': { access: 'public', req: z.object({}) },
  /** Creates a user. Anyone may create the first admin of an empty database; after that only admins. */
  'users:add': {
    access: 'public',
    req: z.object({
      name: text(80),
      role: z.enum(['inspector', 'supervisor', 'admin']),
      pin: z.string().regex(/^\d{4,12}$/, '4 to 12 digits'),
      locale: z.enum(['zh', 'en']).default('zh'),
    }),
  },
  /** Administration of users: the list with lock state, deactivate, reset a PIN, unlock (each audited). */
  'users:all': { access: SUPERVISOR, req: z.object({}) },
  'users:setActive': { access: ADMIN, req: z.object({ userId: z.number().int().positive(), active: z.boolean() }) },
  'users:resetPin': { access: ADMIN, req: z.object({ userId: z.number().int().positive(), pin: z.string().regex(/^\d{4,12}$/, '4 to 12 digits') }) },
  'users:unlock': { access: SUPERVISOR, req: z.object({ userId: z.number().int().positive() }) },
  'session:signIn': {
    access: 'public',
    // station: ignored where the station's own settings name it (the app, the bridge's --station).
    req: z.object({ name: text(80), pin: z.string().min(1).max(40), station: text(60).optional() }),
  },
  'session:signOut': { access: ANY, req: z.object({}) },
  'users:setLocale': { access: ANY, req: z.object({ locale: z.enum(['zh', 'en']) }) },
  'data:import': {
    access: SUPERVISOR,
    req: z.object({ brands: importFile.optional(), certificates: importFile.optional(), orders: importFile.optional() }),
  },
  'demo:load': { access: SUPERVISOR, req: z.object({}) },
  'registry:brands': { access: ANY, req: z.object({}) },
  'audit:verify': {
    access: SUPERVISOR,
    req: z.object({
      /** Anchors kept outside the database (printed on manifests, tags, exports): each must still be in the chain. */
      anchors: z.array(z.object({ seq: z.number().int().positive(), hash: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hash') })).max(10_000).default([]),
      /** Also check every anchor of the anchor log beside the database (default). */
      anchorLog: z.boolean().default(true),
    }),
  },
  'audit:list': {
    access: SUPERVISOR,
    req: z.object({
      action: z.string().max(60).optional(),
      actor: z.string().max(80).optional(),
      entity: z.string().max(80).optional(),
      page: page.default({ offset: 0, limit: 50 }),
    }),
  },
  'photo:add': { access: ANY, req: z.object({ bytes, name: z.string().max(260).optional() }) },
  'photo:read': { access: ANY, req: z.object({ photoId: sha256 }) },
  'photo:get': { access: ANY, req: z.object({ photoId: sha256 }) },
  'parcel:lookup': { access: ANY, req: z.object({ trackingNo }) },
  'parcel:inspect': {
    access: ANY,
    req: z.object({ scan: trackingNo.nullable().default(null), photoIds: z.array(sha256).max(12) }),
  },
  'hold:setLocation': {
    access: ANY,
    req: z.object({ holdId: z.number().int().positive(), location: text(40) }),
  },
  /** The hold shelves: a hold's location is one of these, scanned or chosen from the list. */
  'shelves:list': { access: ANY, req: z.object({}) },
  'shelves:import': { access: ADMIN, req: z.object({ file: importFile }) },
  'station:recent': { access: ANY, req: z.object({ limit: z.number().int().min(1).max(200).default(20) }) },
  'holds:list': {
    access: SUPERVISOR,
    req: z.object({ ...holdFilter, page: page.default({ offset: 0, limit: 50 }) }),
  },
  'parcel:detail': { access: SUPERVISOR, req: z.object({ trackingNo }) },
  'hold:decide': {
    access: SUPERVISOR,
    req: z.object({
      holdId: z.number().int().positive(),
      disposition: z.enum(['RELEASE', 'RETURN', 'DESTROY', 'AWAIT_PROOF']),
      reason: z.string().trim().min(3, 'a reason of a few words is required').max(1000),
      documents: z.array(sha256).max(12).default([]),
      /** With AWAIT_PROOF: what is asked of whom (default: what answers the hold's reasons, of the order's customer). */
      proof: z.object({ asked: z.array(z.enum(PROOF_ITEMS)).min(1).max(3), customer: text(120).optional() }).optional(),
      /** RETURN/DESTROY as counterfeit: the seller is flagged. Absent: judged from the hold's reasons. */
      counterfeit: z.boolean().optional(),
    }),
  },
  'settings:get': { access: ANY, req: z.object({}) },
  // Station backups (issue 24): the top bar asks for the status of anyone signed in; only an admin runs or sets them.
  'backup:status': { access: ANY, req: z.object({}) },
  'backup:run': { access: ADMIN, req: z.object({}) },
  'backup:setSettings': {
    access: ADMIN,
    req: z.object({
      folder: z.string().trim().min(1).max(1000).nullable(),
      keepLast: z.number().int().min(1).max(365).default(14),
      intervalHours: z.number().int().min(1).max(168).default(4),
    }),
  },
  'settings:set': {
    access: ADMIN,
    req: z.object({
      fourEyes: z.boolean().optional(),
      clocks: z
        .object({
          returnWindowDays: clockSetting('returnWindowDays'),
          proofWorkingDays: clockSetting('proofWorkingDays'),
          storageFreeDays: clockSetting('storageFreeDays'),
          abandonmentDays: clockSetting('abandonmentDays'),
        })
        .partial()
        .optional(),
    }),
  },
  'holidays:import': { access: ADMIN, req: z.object({ file: importFile }) },
  'holidays:list': { access: ANY, req: z.object({}) },
  /** A received document (photo or PDF) for a proof request, stored and hashed like a photo. */
  'proof:attach': { access: SUPERVISOR, req: z.object({ requestId: z.number().int().positive(), bytes, name: z.string().max(260).optional() }) },
  /** Inspects the parcel again with its last photos and the received photo documents: a new verdict. */
  'proof:reinspect': { access: SUPERVISOR, req: z.object({ holdId: z.number().int().positive() }) },
  /** Open proof requests as CSV for the customer-service team. */
  'proofs:export': { access: SUPERVISOR, req: z.object({}) },
  /** A folder's worth of evidence for parcels (by tracking number) or a filtered set of holds, as a zip. */
  'evidence:pack': {
    access: SUPERVISOR,
    req: z.object({ trackingNos: z.array(trackingNo).max(200).default([]), holds: z.object(holdFilter).optional() }),
  },
  /** The current (or a given) ruleset and the current registry over past inspections' stored reads; changes nothing. */
  'rules:replay': {
    access: SUPERVISOR,
    req: z.object({ since: isoDate.optional(), ruleset: z.record(z.string(), z.unknown()).optional() }),
  },
  'shipment:create': { access: ANY, req: z.object({ destination: text(80), carrier: text(80) }) },
  'shipments:list': { access: ANY, req: z.object({ status: z.enum(['OPEN', 'CLOSED', 'all']).default('OPEN') }) },
  'shipment:addParcel': { access: ANY, req: z.object({ shipmentId: z.number().int().positive(), trackingNo }) },
  'shipment:removeParcel': { access: ANY, req: z.object({ shipmentId: z.number().int().positive(), trackingNo }) },
  'shipment:close': { access: SUPERVISOR, req: z.object({ shipmentId: z.number().int().positive() }) },
  'shipment:manifest': { access: ANY, req: z.object({ shipmentId: z.number().int().positive() }) },
  'audit:export': {
    access: SUPERVISOR,
    req: z.object({ action: z.string().max(60).optional(), actor: z.string().max(80).optional(), entity: z.string().max(80).optional() }),
  },
  'reports:summary': {
    access: SUPERVISOR,
    req: z.object({ from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(), to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() }),
  },
  // Counterfeit signals (issue 10): allow/deny list, seller flags, the shipped counterfeit lists.
  'sellerLists:list': { access: SUPERVISOR, req: z.object({}) },
  'sellerLists:expiring': { access: SUPERVISOR, req: z.object({ days: z.number().int().min(1).max(90).default(7) }) },
  'sellerLists:add': {
    access: ADMIN,
    req: z.object({
      list: z.enum(['allow', 'deny']),
      storeId: z.string().trim().max(120).optional(),
      creditCode: z.string().trim().max(40).optional(),
      brand: z.string().trim().max(120).optional(),
      channel: z.string().trim().max(40).optional(),
      reason: z.string().trim().min(3, 'a reason of a few words is required').max(500),
      expiresOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD'),
    }),
  },
  'sellerLists:remove': { access: ADMIN, req: z.object({ id: z.number().int().positive(), reason: z.string().trim().min(3).max(500) }) },
  'sellerLists:import': { access: ADMIN, req: z.object({ file: importFile }) },
  'sellerLists:export': { access: ADMIN, req: z.object({}) },
  'sellerFlags:list': { access: SUPERVISOR, req: z.object({ includeCleared: z.boolean().default(false) }) },
  'sellerFlags:clear': { access: ADMIN, req: z.object({ id: z.number().int().positive(), reason: z.string().trim().min(3, 'a reason of a few words is required').max(500) }) },
  'counterfeitLists:export': { access: ADMIN, req: z.object({ list: z.enum(['lookalikes', 'phrases']) }) },
  'counterfeitLists:import': { access: ADMIN, req: z.object({ list: z.enum(['lookalikes', 'phrases']), file: importFile }) },
} as const satisfies Record<string, { access: Access; req: z.ZodType }>;

export type Channel = keyof typeof CONTRACT;
export const CHANNELS = Object.keys(CONTRACT) as Channel[];
export type Req<C extends Channel> = z.input<(typeof CONTRACT)[C]['req']>;
export type ParsedReq<C extends Channel> = z.output<(typeof CONTRACT)[C]['req']>;

export interface ImportFileReport {
  file: string;
  kind: 'brands' | 'certificates' | 'orders' | 'sellerList';
  ok: boolean;
  inserted: number;
  updated: number;
  unchanged: number;
  errors: string[];
}
export interface ImportReport {
  files: ImportFileReport[];
}

export interface AuditEventRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  details: unknown;
  prevHash: string;
  hash: string;
}

export interface AuditVerifyResult {
  intact: boolean;
  events: number;
  firstBroken: { seq: number; reason: string } | null;
  /** The newest event (sequence number and hash): the anchor to keep outside the database. */
  head?: ChainHead | null;
  /** Anchors checked (given and from the anchor log), and those the chain no longer contains. */
  anchors?: { checked: number; missing: { seq: number; hash: string; source: string; reason: string }[] };
  /** Lines of the anchor log that are not anchors. */
  anchorLogProblems?: string[];
  /** The station file's tables, indexes and triggers that differ from the migrations' (dropped, rewritten, added). */
  safeguards?: { change: 'dropped' | 'rewritten' | 'added'; type: string; name: string }[];
  /** State that disagrees with the audit events: a SHIPPED parcel with no shipment events, a decision with no event… */
  stateProblems?: string[];
  /** The anchor log kept since event `since` is missing, a folder, unreadable or empty: completeness cannot be proved. */
  anchorLogMissing?: { since: number; problem: string } | null;
}

/** The audit chain's newest event, printed on manifests, hold tags and exports. */
export interface ChainHead {
  seq: number;
  hash: string;
}

export interface Session {
  token: string;
  user: User;
  station: string;
}

export interface ParcelSummary {
  trackingNo: string;
  status: ParcelStatus;
  orderNo: string | null;
  openHold: { holdId: number; location: string | null; reasons: ReasonCode[]; since: string } | null;
}

export interface InspectionResult {
  inspectionId: number;
  /** The audit chain's head after this verdict was stored (printed on the hold tag). */
  chainHead?: ChainHead | null;
  trackingNo: string | null;
  orderNo: string | null;
  outcome: Outcome;
  findings: Finding[];
  /** Observations that do not hold the parcel (e.g. the invoice's seller name read differently from the order's). */
  notes: Note[];
  brands: string[];
  rulesetVersion: number;
  holdId: number | null;
  parcelStatus: ParcelStatus | null;
  reads: PhotoRead[];
  timingsMs: { read: number; evaluate: number; store: number; total: number };
  /** Photos the station should ask the inspector to take again now (a person is there; a batch just holds). */
  retake?: { photoId: string; reason: 'PHOTO_UNREADABLE' | 'INVOICE_SELLER_UNREADABLE' }[];
}

export interface UserListRow {
  id: number;
  name: string;
  role: Role;
  locale: Locale;
  active: boolean;
  failedPins: number;
  /** Set while the user is locked out by wrong PINs. */
  lockedUntil: string | null;
}

export interface Shelf {
  code: string;
  label: string;
  active: boolean;
}

export interface RecentInspection {
  inspectionId: number;
  trackingNo: string | null;
  outcome: Outcome;
  reasons: ReasonCode[];
  at: string;
  inspector: string;
  holdId: number | null;
  location: string | null;
}

export interface AppInfo {
  version: string;
  dbFile: string;
  dataDir: string;
  users: number;
  orders: number;
  brands: number;
  /** engine: 'ppocr' (text-line models), 'tesseract' (the fallback, when the models cannot load), null before start. */
  ocr: { state: 'cold' | 'starting' | 'ready' | 'failed'; workers: number; message: string | null; engine: 'ppocr' | 'tesseract' | null };
}

/** The station's storage as a person sees it: never a password. */
export interface EngineStatus {
  engine: 'sqlite' | 'postgres';
  /** The database file's path, or host:port/dbname on the server. */
  where: string;
  /** The server role the station signs in as (PostgreSQL only). */
  user?: string;
  /** Whether the storage answered just now (a local file always does while it is open). */
  connected: boolean;
  /** The schema version the storage is at. */
  schema: number;
}

export interface HoldStatusInfo {
  holdId: number;
  status: HoldStatus;
  location: string | null;
}

export interface HoldRow {
  holdId: number;
  /** The clocks of an undecided hold (return window, proof, storage); null once decided. */
  clocks: HoldClocks | null;
  trackingNo: string;
  orderNo: string | null;
  status: HoldStatus;
  reasons: ReasonCode[];
  brands: string[];
  station: string | null;
  inspector: string | null;
  location: string | null;
  createdAt: string;
  ageMinutes: number;
  /** The first reason in plain words, English and Chinese. */
  summary: string;
  summaryZh: string;
  /** The latest decision on this hold, if any: which, by whom, when. */
  lastDecision?: { disposition: HoldDisposition; decidedBy: string; decidedAt: string } | null;
}

export interface DecisionRow {
  id: number;
  holdId: number;
  disposition: HoldDisposition;
  reason: string;
  decidedBy: string;
  decidedAt: string;
  documents: string[];
}

export interface InspectionDetail {
  inspectionId: number;
  at: string;
  station: string;
  inspector: string;
  outcome: Outcome;
  findings: Finding[];
  /** Observations that did not hold the parcel (older inspections: none). */
  notes: Note[];
  reads: PhotoRead[];
  photoIds: string[];
  rulesetVersion: number;
  /** The rules that ran, "id@version,…"; null for verdicts made before rules were versioned. */
  rules: string | null;
}

export interface ParcelDetail {
  parcel: ParcelSummary;
  order: Order | null;
  brands: Brand[];
  certificates: Certificate[];
  inspections: InspectionDetail[];
  holds: (HoldRow & { decisions: DecisionRow[] })[];
  shipment: { shipmentId: number; status: string } | null;
  proofRequests: ProofRequestRow[];
}

export interface ProofDocumentRow {
  sha256: string;
  mime: string;
  name: string | null;
  receivedAt: string;
  receivedBy: string;
}

export interface ProofRequestRow {
  requestId: number;
  holdId: number;
  trackingNo: string;
  orderNo: string | null;
  asked: ProofItem[];
  customer: string;
  note: string;
  requestedAt: string;
  requestedBy: string;
  deadline: string;
  /** OPEN: nothing received yet; RECEIVED: documents arrived; CLOSED: the hold was decided. */
  status: 'OPEN' | 'RECEIVED' | 'CLOSED';
  closedAt: string | null;
  documents: ProofDocumentRow[];
}

export interface ReplayChange {
  trackingNo: string;
  inspectionId: number;
  inspectedAt: string;
  parcelStatus: ParcelStatus;
  old: { outcome: Outcome; reasons: ReasonCode[]; rulesetVersion: number };
  new: { outcome: Outcome; reasons: ReasonCode[] };
  /** Shipped, and would now be held: the ones to report. */
  shippedNowHeld: boolean;
}

export interface ReplayResult {
  since: string | null;
  rulesetVersion: number | 'given';
  replayed: number;
  changes: ReplayChange[];
}

export interface ShipmentRow {
  shipmentId: number;
  destination: string;
  carrier: string;
  status: 'OPEN' | 'CLOSED';
  createdAt: string;
  createdBy: string;
  closedAt: string | null;
  parcels: number;
}

export interface ManifestLine {
  trackingNo: string;
  orderNo: string | null;
  customer: string | null;
  item: string | null;
  declaredBrand: string | null;
  addedAt: string;
  addedBy: string;
}

export interface ReportSummary {
  from: string;
  to: string;
  daily: { day: string; inspected: number; holds: number; holdRate: number }[];
  byReason: { code: ReasonCode; holds: number }[];
  byBrand: { brandId: string; holds: number }[];
  decisions: { disposition: HoldDisposition; count: number; medianHours: number; p95Hours: number }[];
  holdToDecision: { decided: number; medianHours: number; p95Hours: number };
  /** Holds decided in the period after one of their clocks had run out. */
  lateDecisions?: { decided: number; late: number; byClock: { kind: string; holds: number }[] };
}

/** What each operation answers. The `satisfies` below makes the compiler flag a channel without a response. */
export interface Responses {
  'app:info': AppInfo;
  'system:engine': EngineStatus;
  'users:list': Pick<User, 'id' | 'name' | 'role'>[];
  'users:add': User;
  'users:all': UserListRow[];
  'users:setActive': UserListRow[];
  'users:resetPin': UserListRow[];
  'users:unlock': UserListRow[];
  'session:signIn': Session;
  'session:signOut': null;
  'users:setLocale': User;
  'data:import': ImportReport;
  'demo:load': ImportReport;
  'registry:brands': { brands: Brand[]; certificates: Certificate[] };
  'audit:verify': AuditVerifyResult;
  'audit:list': { rows: AuditEventRow[]; total: number };
  'photo:add': { photoId: string; width: number; height: number; bytes: number; mime: string; storeMs: number };
  'photo:read': PhotoRead;
  'photo:get': { bytes: Uint8Array; mime: string };
  'parcel:lookup': { parcel: ParcelSummary | null; order: Order | null };
  'parcel:inspect': InspectionResult;
  'hold:setLocation': HoldStatusInfo;
  'shelves:list': Shelf[];
  'shelves:import': { inserted: number; updated: number; unchanged: number; shelves: Shelf[] };
  'station:recent': { recent: RecentInspection[]; today: { inspected: number; cleared: number; held: number } };
  'holds:list': { rows: HoldRow[]; total: number };
  'parcel:detail': ParcelDetail;
  'hold:decide': { hold: HoldRow; decision: DecisionRow; parcelStatus: ParcelStatus };
  'settings:get': { fourEyes: boolean; clocks: ClockSettings; holidays: number };
  'settings:set': { fourEyes: boolean; clocks: ClockSettings; holidays: number };
  'backup:status': BackupStatus;
  'backup:run': BackupStatus;
  'backup:setSettings': BackupStatus;
  'holidays:import': { file: string; inserted: number; updated: number; unchanged: number };
  'holidays:list': { date: string; name: string; type: 'holiday' | 'workday' }[];
  'proof:attach': ProofRequestRow;
  'proof:reinspect': InspectionResult;
  'proofs:export': { csv: string; rows: number };
  'evidence:pack': { name: string; zip: Uint8Array; parcels: string[]; files: number };
  'rules:replay': ReplayResult;
  'shipment:create': ShipmentRow;
  'shipments:list': ShipmentRow[];
  'shipment:addParcel': { shipment: ShipmentRow; line: ManifestLine };
  'shipment:removeParcel': ShipmentRow;
  'shipment:close': { shipment: ShipmentRow; lines: ManifestLine[]; csv: string; chainHead: ChainHead | null };
  'shipment:manifest': { shipment: ShipmentRow; lines: ManifestLine[]; csv: string; chainHead: ChainHead | null };
  'audit:export': { csv: string; rows: number; chainHead: ChainHead | null };
  'reports:summary': ReportSummary;
  'sellerLists:list': { entries: SellerListEntry[]; today: string };
  'sellerLists:expiring': { entries: SellerListEntry[]; today: string; days: number };
  'sellerLists:add': SellerListEntry;
  'sellerLists:remove': null;
  'sellerLists:import': ImportFileReport;
  'sellerLists:export': { csv: string; rows: number };
  'sellerFlags:list': SellerFlagRow[];
  'sellerFlags:clear': SellerFlagRow;
  'counterfeitLists:export': CounterfeitListInfo & { json: string };
  'counterfeitLists:import': CounterfeitListInfo;
}

/** A counterfeit list in force: the shipped one (updatedBy null) or an admin's import. */
export interface CounterfeitListInfo {
  list: 'lookalikes' | 'phrases';
  entries: number;
  brands: number;
  updatedAt: string | null;
  updatedBy: string | null;
}

type MissingResponse = Exclude<Channel, keyof Responses>;
type ExtraResponse = Exclude<keyof Responses, Channel>;
// Compile-time: both are `never`, or the contract and its responses disagree.
export const contractComplete: [MissingResponse, ExtraResponse] extends [never, never] ? true : false = true;

/** The API as the renderer and tests see it: one async method per channel. */
export type ParcelGateApi = { [C in Channel]: (req: Req<C>) => Promise<Result<Responses[C]>> };

/** The locale names, for places that need a runtime list. */
export const LOCALES: readonly Locale[] = ['zh', 'en'];
export const ORDER_CHANNEL_LIST = ORDER_CHANNELS;
