// The station as a state machine: idle → scanned → photographing → inspecting → verdict → shelved.
// Pure (no React, no API): the Station screen dispatches what happened, display components read it.
// It fails closed when the database server is lost: a call answering SERVER_LOST stored nothing, so
// the parcel gets no verdict, keeps its scan and photos to send again, and is listed to redo if left.
import type { ApiError } from '../../../shared/result';
import type { InspectionResult, ParcelSummary } from '../../../shared/api';
import type { Order, PhotoKind, PhotoRead } from '../../../shared/types';
import { DEFAULT_RULESET } from '../../../shared/rules/ruleset';
import { isPhotoReadable } from '../../../shared/rules/checks/photoReadable';
import type { ScanSource } from '../scanTiming';

export type Phase = 'idle' | 'scanned' | 'photographing' | 'inspecting' | 'verdict' | 'shelved';

export interface DraftPhoto {
  key: string;
  localUrl: string;
  photoId?: string;
  status: 'uploading' | 'reading' | 'read' | 'unreadable' | 'failed';
  read?: PhotoRead;
  error?: ApiError;
}

/** A hold left without a shelf when the next parcel started: it stays listed until it has one. */
export interface UnshelvedHold {
  holdId: number;
  trackingNo: string;
}

/**
 * Why a parcel left the screen unfinished: nothing stored because the server was lost, photos taken
 * but no verdict asked for, or a hold whose tag was never printed (the box would leave untagged).
 */
export type UnfinishedWhy = 'serverLost' | 'noVerdict' | 'tagNotPrinted';

/** A parcel left unfinished on this station: the inspector must come back to it. */
export interface RedoParcel {
  /** Its tracking number, when the scan or a waybill photo gave one. */
  trackingNo: string | null;
  photos: number;
  why: UnfinishedWhy;
}

/** A short message under the scan bar: why a key did nothing, or a warning from the scan. */
export type Notice = { key: string; params?: Record<string, string | number>; tone: 'info' | 'warn' };

export interface StationState {
  phase: Phase;
  scan: string | null;
  source: ScanSource | null;
  lookup: { parcel: ParcelSummary | null; order: Order | null } | null;
  photos: DraftPhoto[];
  result: InspectionResult | null;
  /** Milliseconds from the verdict request to the verdict on screen, measured here. */
  uiMs: number | null;
  serviceMs: number | null;
  showEvidence: boolean;
  error: ApiError | null;
  notice: Notice | null;
  /** A warning about the parcel on screen (unknown tracking number): stays until the next parcel. */
  warning: Notice | null;
  /** The shelf of this parcel's hold, once saved. */
  location: string | null;
  needsShelf: UnshelvedHold[];
  /**
   * Something of the parcel on screen was not stored because the server was lost (its inspection, a
   * photo, its lookup): no verdict stands for it until a send succeeds.
   */
  unsent: boolean;
  /** The hold tag of the verdict on screen was printed (F8 or the button). */
  printed: boolean;
  redo: RedoParcel[];
}

export const initialStation: StationState = {
  phase: 'idle',
  scan: null,
  source: null,
  lookup: null,
  photos: [],
  result: null,
  uiMs: null,
  serviceMs: null,
  showEvidence: false,
  error: null,
  notice: null,
  warning: null,
  location: null,
  needsShelf: [],
  unsent: false,
  printed: false,
  redo: [],
};

export type StationAction =
  | { type: 'start'; scan: string; source: ScanSource }
  | { type: 'reset' }
  | { type: 'lookedUp'; scan: string; lookup: { parcel: ParcelSummary | null; order: Order | null } }
  | { type: 'photoAdded'; key: string; localUrl: string }
  | { type: 'photoUpdated'; key: string; patch: Partial<DraftPhoto> }
  | { type: 'photoRemoved'; key: string }
  | { type: 'removeLastPhoto' }
  | { type: 'inspecting' }
  | { type: 'verdict'; result: InspectionResult; serviceMs: number }
  | { type: 'verdictShown'; result: InspectionResult; uiMs: number }
  | { type: 'shelved'; holdId: number; location: string }
  | { type: 'error'; error: ApiError | null }
  | { type: 'notice'; notice: Notice | null }
  | { type: 'warning'; warning: Notice | null }
  | { type: 'dismissRedo'; index: number }
  | { type: 'printed' };

const serverLost = (e: ApiError | null | undefined) => e?.code === 'SERVER_LOST';

/** The hold of the parcel on screen that still has no shelf, if any. */
export function pendingShelf(s: StationState): UnshelvedHold | null {
  if (s.result?.outcome === 'HOLD' && s.result.holdId && !s.location) {
    return { holdId: s.result.holdId, trackingNo: s.result.trackingNo ?? s.scan ?? '—' };
  }
  const open = s.lookup?.parcel?.openHold;
  if (!s.result && open && !open.location && s.lookup?.parcel) return { holdId: open.holdId, trackingNo: s.lookup.parcel.trackingNo };
  return null;
}

/** Keeps an unshelved hold listed when the parcel on screen is left behind. */
function leave(s: StationState): UnshelvedHold[] {
  const p = s.result?.outcome === 'HOLD' && s.result.holdId && !s.location ? pendingShelf(s) : null;
  if (!p || s.needsShelf.some((h) => h.holdId === p.holdId)) return s.needsShelf;
  return [...s.needsShelf, p];
}

/** The tracking number of the parcel on screen: the verdict's, the scan's, or a waybill photo's. */
export function parcelTracking(s: StationState): string | null {
  return s.result?.trackingNo ?? s.scan ?? s.photos.map((p) => p.read?.waybill?.trackingNo).find((x): x is string => !!x) ?? null;
}

/**
 * The unfinished work of the parcel on screen, or null when leaving it loses nothing: nothing stored
 * (server lost), photos without a verdict, or a hold whose tag was not printed. A parcel only scanned,
 * with no photo yet, is not work in progress: scanning the next one is how a wrong scan is corrected.
 */
export function unfinished(s: StationState): RedoParcel | null {
  const trackingNo = parcelTracking(s);
  if (s.unsent && !s.result && (s.scan || s.photos.length)) return { trackingNo, photos: s.photos.length, why: 'serverLost' };
  if (!s.result && s.photos.length) return { trackingNo, photos: s.photos.length, why: 'noVerdict' };
  if (s.result?.outcome === 'HOLD' && s.result.holdId && !s.printed) return { trackingNo, photos: s.photos.length, why: 'tagNotPrinted' };
  return null;
}

/** Lists the parcel on screen to redo when it is left unfinished. */
function leaveUnfinished(s: StationState): RedoParcel[] {
  const left = unfinished(s);
  if (!left) return s.redo;
  if (left.trackingNo && s.redo.some((r) => r.trackingNo === left.trackingNo && r.why === left.why)) return s.redo;
  return [...s.redo.filter((r) => !left.trackingNo || r.trackingNo !== left.trackingNo), left];
}

/** A photo that gave nothing usable: the same test the rules' UNREADABLE uses. */
export function photoUnreadable(r: PhotoRead): boolean {
  return !!r.error || !isPhotoReadable(r, DEFAULT_RULESET);
}

/** Which photo the station asks for next: waybill, then tag, then the invoice an authorised seller's parcel needs. */
export function expectedPhoto(s: StationState): PhotoKind | null {
  if (s.result) return null;
  const kinds = new Set(s.photos.filter((p) => p.status === 'read').map((p) => p.read?.kind));
  const pending = s.photos.some((p) => p.status === 'uploading' || p.status === 'reading');
  const needInvoice = s.lookup?.order?.channel === 'AUTHORIZED_SELLER';
  const order: PhotoKind[] = ['waybill', 'tag', ...(needInvoice ? (['invoice'] as PhotoKind[]) : [])];
  // While photos are still being read, count them towards the plan in the order taken.
  const missing = order.filter((k) => !kinds.has(k));
  const skip = pending ? s.photos.filter((p) => p.status === 'uploading' || p.status === 'reading').length : 0;
  return missing[skip] ?? null;
}

/** Photos to take again: unreadable at once, and any the verdict asked for. */
export function retakeList(s: StationState): { key: string; reason: 'PHOTO_UNREADABLE' | 'INVOICE_SELLER_UNREADABLE' | 'FAILED' }[] {
  const out: { key: string; reason: 'PHOTO_UNREADABLE' | 'INVOICE_SELLER_UNREADABLE' | 'FAILED' }[] = [];
  for (const p of s.photos) {
    const asked = s.result?.retake?.find((r) => r.photoId === p.photoId);
    if (asked) out.push({ key: p.key, reason: asked.reason });
    else if (p.status === 'unreadable') out.push({ key: p.key, reason: 'PHOTO_UNREADABLE' });
    // A photo the server never got (it was lost) is not at fault: it is sent again, not retaken.
    else if (p.status === 'failed' && !serverLost(p.error)) out.push({ key: p.key, reason: 'FAILED' });
  }
  return out;
}

/**
 * What outlives the station screen when the person switches screens or signs out: the holds still
 * needing a shelf and the parcels to redo, as if the parcel on screen had been left.
 */
export function leftBehind(s: StationState): StationState {
  return { ...initialStation, needsShelf: leave(s), redo: leaveUnfinished(s) };
}

export function stationReducer(s: StationState, a: StationAction): StationState {
  switch (a.type) {
    case 'start':
      return { ...initialStation, phase: 'scanned', scan: a.scan, source: a.source, needsShelf: leave(s), redo: leaveUnfinished(s) };
    case 'reset':
      return leftBehind(s);
    case 'lookedUp': {
      if (s.scan !== a.scan) return s;
      // A hold the service says is shelved needs no shelf any more, whatever this station remembered.
      const open = a.lookup.parcel?.openHold;
      const needsShelf = open?.location ? s.needsShelf.filter((h) => h.holdId !== open.holdId) : s.needsShelf;
      return { ...s, lookup: a.lookup, needsShelf };
    }
    case 'photoAdded':
      // A photo after the verdict is a re-inspection of the same parcel: the old verdict goes.
      return {
        ...s,
        phase: 'photographing',
        result: null,
        uiMs: null,
        showEvidence: false,
        notice: null,
        error: null,
        photos: [...s.photos, { key: a.key, localUrl: a.localUrl, status: 'uploading' }],
      };
    case 'photoUpdated':
      return { ...s, photos: s.photos.map((p) => (p.key === a.key ? { ...p, ...a.patch } : p)), unsent: s.unsent || serverLost(a.patch.error) };
    case 'photoRemoved':
      return { ...s, photos: s.photos.filter((p) => p.key !== a.key), result: null, phase: s.photos.length > 1 ? 'photographing' : s.scan ? 'scanned' : 'idle' };
    case 'removeLastPhoto':
      return s.photos.length ? stationReducer(s, { type: 'photoRemoved', key: s.photos[s.photos.length - 1].key }) : s;
    case 'inspecting':
      return { ...s, phase: 'inspecting', error: null, notice: null };
    case 'verdict': {
      // Stored at last: the parcel is no longer one to redo (a held one's tag is still to print).
      const done = new Set([a.result.trackingNo, s.scan].filter(Boolean));
      // Inspected again while already on a shelf: the same hold keeps its shelf, none is asked for.
      const open = s.lookup?.parcel?.openHold;
      const location = a.result.outcome === 'HOLD' && open?.location && open.holdId === a.result.holdId ? open.location : s.location;
      return { ...s, phase: 'verdict', result: a.result, uiMs: null, serviceMs: a.serviceMs, showEvidence: false, unsent: false, printed: false, location, redo: s.redo.filter((r) => !r.trackingNo || !done.has(r.trackingNo)) };
    }
    case 'printed': {
      const tracking = s.result?.trackingNo ?? s.lookup?.parcel?.trackingNo ?? s.scan;
      return { ...s, printed: true, redo: s.redo.filter((r) => !(r.why === 'tagNotPrinted' && r.trackingNo === tracking)) };
    }
    case 'verdictShown':
      return s.result === a.result ? { ...s, uiMs: a.uiMs, showEvidence: true } : s;
    case 'shelved': {
      const needsShelf = s.needsShelf.filter((h) => h.holdId !== a.holdId);
      const mine = s.result?.holdId === a.holdId || s.lookup?.parcel?.openHold?.holdId === a.holdId;
      if (!mine) return { ...s, needsShelf };
      const lookup =
        s.lookup?.parcel?.openHold?.holdId === a.holdId
          ? { ...s.lookup, parcel: { ...s.lookup.parcel, openHold: { ...s.lookup.parcel.openHold, location: a.location } } }
          : s.lookup;
      return { ...s, phase: 'shelved', location: a.location, lookup, needsShelf, error: null };
    }
    case 'error': {
      const phase = s.phase === 'inspecting' ? (s.photos.length ? 'photographing' : 'scanned') : s.phase;
      // Nothing was stored: no verdict may show for this parcel (the scan and photos stay, to send again).
      if (serverLost(a.error) && s.phase !== 'verdict' && s.phase !== 'shelved') return { ...s, error: a.error, phase, unsent: true, result: null, uiMs: null, showEvidence: false };
      return { ...s, error: a.error, phase };
    }
    case 'notice':
      return { ...s, notice: a.notice };
    case 'warning':
      return { ...s, warning: a.warning };
    case 'dismissRedo':
      return { ...s, redo: s.redo.filter((_r, i) => i !== a.index) };
  }
}
