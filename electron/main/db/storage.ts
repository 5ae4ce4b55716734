// The storage port: every business read and write the services need, asynchronous so a
// PostgreSQL engine can implement it later. Each write method is one transaction.
import type { AuditEventRow, AuditVerifyResult, DecisionRow, HoldRow, InspectionDetail, ManifestLine, ParcelSummary, RecentInspection, ReportSummary, ShipmentRow } from '../../../shared/api';
import type {
  Brand,
  Certificate,
  Finding,
  Locale,
  Order,
  Outcome,
  ParcelStatus,
  PhotoRead,
  Role,
  User,
} from '../../../shared/types';
import type { AuditFilter, AuditInput } from './audit';
import type { DecideInput, HoldFilter } from './supervision';
import type { CounterfeitListName, SellerFlagRow } from './sellerRecords';
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
  rulesetVersion: number;
  brands: string[];
  reads: PhotoRead[];
  photoIds: string[];
  timingsMs: Record<string, number>;
}

export interface InspectionStored {
  inspectionId: number;
  holdId: number | null;
  parcelStatus: ParcelStatus | null;
}

export interface RulesetRecord {
  version: number;
  definition: string;
}

export interface Storage {
  close(): Promise<void>;
  counts(): Promise<{ users: number; orders: number; brands: number }>;

  importBrands(brands: Brand[], actor: string, file: string): Promise<UpsertCounts>;
  importCertificates(certs: Certificate[], actor: string, file: string): Promise<UpsertCounts>;
  importOrders(orders: Order[], actor: string, file: string): Promise<UpsertCounts>;
  brandIds(): Promise<Set<string>>;
  listBrands(): Promise<Brand[]>;
  listCertificates(): Promise<Certificate[]>;
  /** Changes whenever the registry (brands, certificates) changes, from this process or another. */
  registryRevision(): Promise<number>;
  orderByTracking(trackingNo: string): Promise<Order | null>;

  listUsers(): Promise<User[]>;
  userByName(name: string): Promise<UserRecord | null>;
  addUser(u: { name: string; role: Role; locale: Locale; pinHash: string }, actor: string): Promise<User>;
  recordPinFailure(userId: number, lockUntil: string | null, station: string): Promise<number>;
  recordSignIn(userId: number, station: string): Promise<void>;
  setLocale(userId: number, locale: Locale): Promise<User>;

  appendAudit(input: AuditInput): Promise<number>;
  verifyAudit(): Promise<AuditVerifyResult>;
  listAudit(f: AuditFilter): Promise<{ rows: AuditEventRow[]; total: number }>;

  recordPhoto(meta: PhotoMeta): Promise<void>;
  photoMeta(sha256: string): Promise<PhotoMeta | null>;

  activeRuleset(): Promise<RulesetRecord | null>;
  saveRuleset(definition: string, actor: string): Promise<RulesetRecord>;

  parcelSummary(trackingNo: string): Promise<ParcelSummary | null>;
  recordInspection(rec: InspectionRecord): Promise<InspectionStored>;
  setHoldLocation(holdId: number, location: string, actor: string, station: string): Promise<{ holdId: number; status: string; location: string }>;
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
