// The storage port: every business read and write the services need, asynchronous so a
// PostgreSQL engine implements it too (sqlStorage.ts over either engine). Each write method is one transaction.
import type { AnchorLogState } from './anchorLog';
import type { SchemaChange } from './schemaCheck';
import type { EngineStatus, AuditEventRow, AuditVerifyResult, DecisionRow, HoldRow, InspectionDetail, ManifestLine, ParcelSummary, RecentInspection, ReportSummary, Shelf, ShipmentRow, UserListRow } from '../../../shared/api';
import type { ShelfInput } from '../../../shared/imports/shelvesFile';
import type {
  Brand,
  Certificate,
  Finding,
  Locale,
  Note,
  Order,
  Outcome,
  ParcelStatus,
  PhotoRead,
  Role,
  User,
} from '../../../shared/types';
import type { AuditFilter, AuditInput, ChainHead } from './audit';
import type { DecideInput, HoldFilter } from './repos/holds';
import type { ProofRequestRow } from '../../../shared/api';
import type { ClockSettings } from '../../../shared/holds/clocks';
import type { HolidayEntry } from '../../../shared/imports/holidaysFile';
import type { StoredAuditEvent } from './audit';
import type { ReplayInput } from '../../../shared/rules/replay';
import type { CounterfeitListName } from './repos/registry';
import type { SellerFlagRow } from './repos/sellers';
import type { SellerFlag, SellerListEntry } from '../../../shared/rules/sellerLists';
import type { SellerListInput } from '../../../shared/imports/sellerListCsv';

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface UserRecord extends User {
  pinHash: string;
  active: boolean;
  failedPins: number;
  lockedUntil: string | null;
}

export interface PhotoMeta {
  sha256: string;
  bytes: number;
  mime: string;
  width: number;
  height: number;
  originalName: string | null;
}

export interface InspectionRecord {
  trackingNo: string | null;
  scan: string | null;
  orderNo: string | null;
  station: string;
  inspectorId: number;
  inspectorName: string;
  startedAt: string;
  finishedAt: string;
  outcome: Outcome;
  findings: Finding[];
  /** Observations that do not hold (stored with the inspection, shown with its verdict). */
  notes?: Note[];
  /**
   * A person at the station is asked to retake a photo before the verdict counts: the inspection is
   * recorded, but no hold is opened and the parcel's status does not change.
   */
  provisional?: boolean;
  rulesetVersion: number;
  /** The rules that ran, "id@version,…". */
  rules?: string;
  brands: string[];
  reads: PhotoRead[];
  photoIds: string[];
  timingsMs: Record<string, number>;
}

export interface InspectionStored {
  inspectionId: number;
  holdId: number | null;
  parcelStatus: ParcelStatus | null;
  /** The chain head this inspection's event made (returned by the write, not read again). */
  chainHead: ChainHead;
}

/** A chunk of an orders file as it is read (service/orderFileChunks.ts): its orders and the errors of its rows. */
export interface OrderChunk {
  orders: Order[];
  /** Errors of this chunk's rows (line and column named). */
  errors: string[];
  /** A failure of the whole file (not UTF-8, not CSV, no header): it replaces every row error. */
  fatal?: string;
}

/** Parsed files to import together, each with its file name; the orders as a list or as chunks read from the file. */
export interface ImportBatch {
  brands?: { items: Brand[]; file: string };
  certificates?: { items: Certificate[]; file: string };
  orders?: { items: Order[] | AsyncIterable<OrderChunk>; file: string };
}

export interface RulesetRecord {
  version: number;
  definition: string;
}

export interface Storage {
  close(): Promise<void>;
  /** Which engine and where (never a password), whether it answers now, and its schema version. */
  engineStatus(): Promise<EngineStatus>;
  counts(): Promise<{ users: number; orders: number; brands: number }>;

  importBrands(brands: Brand[], actor: string, file: string): Promise<UpsertCounts>;
  importCertificates(certs: Certificate[], actor: string, file: string): Promise<UpsertCounts>;
  importOrders(orders: Order[], actor: string, file: string): Promise<UpsertCounts>;
  /** Several files in one transaction: all land or none does. */
  importBatch(batch: ImportBatch, actor: string): Promise<Record<keyof ImportBatch, UpsertCounts | undefined>>;
  brandIds(): Promise<Set<string>>;
  listBrands(): Promise<Brand[]>;
  listCertificates(): Promise<Certificate[]>;
  /** Changes whenever the registry (brands, certificates) changes, from this process or another. */
  registryRevision(): Promise<number>;
  orderByTracking(trackingNo: string): Promise<Order | null>;
  /** Categories of the orders declaring a brand by any of these names (lower case). */
  declaredCategories(names: readonly string[]): Promise<string[]>;

  listUsers(): Promise<User[]>;
  userByName(name: string): Promise<UserRecord | null>;
  /** With onlyIfFirst: refused (FORBIDDEN) unless there is no person yet, checked in the same transaction. */
  addUser(u: { name: string; role: Role; locale: Locale; pinHash: string }, actor: string, opts?: { onlyIfFirst?: boolean }): Promise<User>;
  /** Users who are people (not system identities). */
  countPeople(): Promise<number>;
  /** Counts one PIN attempt as a failure before it is checked, unless the user is locked; locks at `max`. */
  reservePinAttempt(userId: number, nowIso: string, lockUntil: string, max: number): Promise<{ allowed: boolean; failures: number; lockedUntil: string | null }>;
  recordPinFailure(userId: number, lockUntil: string | null, station: string): Promise<number>;
  recordSignIn(userId: number, station: string): Promise<void>;
  setLocale(userId: number, locale: Locale): Promise<User>;

  appendAudit(input: AuditInput): Promise<number>;
  /** What differs from the migrations' schema in a station file (none on a server). */
  schemaChanges(): SchemaChange[];
  /** Whether this database keeps an anchor log, since which event, and what is wrong with it. */
  anchorLogState(): Promise<AnchorLogState>;
  /** State that disagrees with the audit events (auditCrossCheck.ts). */
  crossCheckState(): Promise<string[]>;
  /** Checks the chain, the given anchors and (by default) the anchor log; appends nothing. */
  verifyAudit(anchors?: ChainHead[], useAnchorLog?: boolean): Promise<AuditVerifyResult & { anchorLogProblems: string[] }>;
  /** The newest audit event, printed on manifests, hold tags and exports. */
  chainHead(): Promise<ChainHead | null>;
  listAudit(f: AuditFilter): Promise<{ rows: AuditEventRow[]; total: number }>;

  recordPhoto(meta: PhotoMeta): Promise<void>;
  photoMeta(sha256: string): Promise<PhotoMeta | null>;

  activeRuleset(): Promise<RulesetRecord | null>;
  saveRuleset(definition: string, actor: string): Promise<RulesetRecord>;

  parcelSummary(trackingNo: string): Promise<ParcelSummary | null>;
  recordInspection(rec: InspectionRecord): Promise<InspectionStored>;
  setHoldLocation(holdId: number, location: string, actor: string, station: string): Promise<{ holdId: number; status: string; location: string }>;
  listShelves(): Promise<Shelf[]>;
  listUsersForAdmin(): Promise<UserListRow[]>;
  setUserActive(userId: number, active: boolean, actor: string): Promise<void>;
  resetUserPin(userId: number, pinHash: string, actor: string): Promise<void>;
  unlockUser(userId: number, actor: string): Promise<void>;
  importShelves(items: ShelfInput[], actor: string, file: string): Promise<{ inserted: number; updated: number; unchanged: number }>;
  recentInspections(station: string, limit: number): Promise<RecentInspection[]>;
  stationCounts(station: string, sinceIso: string): Promise<{ inspected: number; cleared: number; held: number }>;

  listHolds(f: HoldFilter): Promise<{ rows: HoldRow[]; total: number }>;
  parcelHistory(trackingNo: string): Promise<{ inspections: InspectionDetail[]; holds: (HoldRow & { decisions: DecisionRow[] })[]; shipment: { shipmentId: number; status: string } | null } | null>;
  decideHold(d: DecideInput): Promise<{ hold: HoldRow; decision: DecisionRow; parcelStatus: ParcelStatus }>;
  getFourEyes(): Promise<boolean>;
  setFourEyes(on: boolean, actor: string): Promise<boolean>;

  createShipment(destination: string, carrier: string, userId: number, userName: string): Promise<ShipmentRow>;
  listShipments(status: 'OPEN' | 'CLOSED' | 'all'): Promise<ShipmentRow[]>;
  /** Refused (GATE_REFUSED, with the reason, and an audit event) unless the parcel is cleared. */
  addToShipment(shipmentId: number, trackingNo: string, userId: number, userName: string, station: string): Promise<{ shipment: ShipmentRow; line: ManifestLine }>;
  removeFromShipment(shipmentId: number, trackingNo: string, userName: string): Promise<ShipmentRow>;
  closeShipment(shipmentId: number, userName: string): Promise<ShipmentRow>;
  manifest(shipmentId: number): Promise<{ shipment: ShipmentRow; lines: ManifestLine[] }>;

  allAudit(f: Omit<AuditFilter, 'offset' | 'limit'>): Promise<AuditEventRow[]>;
  reportSummary(from: string, to: string): Promise<ReportSummary>;

  // ---- holds as cases: clocks, holidays, proof requests, evidence, replay (repos/settings.ts, repos/proof.ts, audit.ts) ----
  clockSettings(): Promise<ClockSettings>;
  setClockSettings(s: ClockSettings, actor: string): Promise<ClockSettings>;
  listHolidays(): Promise<HolidayEntry[]>;
  importHolidays(items: HolidayEntry[], actor: string, file: string): Promise<UpsertCounts>;
  proofRequest(requestId: number): Promise<ProofRequestRow>;
  proofRequestsOfParcel(trackingNo: string): Promise<ProofRequestRow[]>;
  openProofRequests(): Promise<ProofRequestRow[]>;
  attachProofDocument(requestId: number, sha256: string, userId: number, userName: string): Promise<ProofRequestRow>;
  lateDecisions(fromIso: string, toIso: string): Promise<{ decided: number; late: number; byClock: { kind: string; holds: number }[] }>;
  /** A parcel's audit events exactly as stored (for an evidence pack), and the chain's last event. */
  auditEventsOf(entityId: string): Promise<StoredAuditEvent[]>;
  auditHead(): Promise<StoredAuditEvent | null>;
  /** The latest inspection of every parcel inspected since an instant, with its stored reads. */
  replayInputs(sinceIso: string | null): Promise<ReplayInput[]>;
  // Counterfeit signals (issue 10): seller flags, allow/deny list, the admin's counterfeit lists.
  sellerFacts(storeId: string | null, creditCode: string | null): Promise<{ flags: SellerFlag[]; entries: SellerListEntry[] }>;
  listSellerFlags(includeCleared: boolean): Promise<SellerFlagRow[]>;
  clearSellerFlag(id: number, reason: string, actor: string): Promise<SellerFlagRow>;
  listSellerEntries(): Promise<SellerListEntry[]>;
  addSellerEntry(e: SellerListInput, actor: string): Promise<SellerListEntry>;
  removeSellerEntry(id: number, reason: string, actor: string): Promise<void>;
  importSellerEntries(entries: SellerListInput[], actor: string, file: string): Promise<UpsertCounts>;
  counterfeitList(name: CounterfeitListName): Promise<{ body: string; updatedAt: string; updatedBy: string } | null>;
  setCounterfeitList(name: CounterfeitListName, body: string, actor: string, file: string, counts: Record<string, number>): Promise<void>;
}
