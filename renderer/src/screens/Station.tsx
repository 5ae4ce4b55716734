// The inspector's station: scan, photograph, verdict, shelf and tag. Keyboard and scanner first:
// every scanner burst lands in the scan field wherever the focus is, and every step has a key.
// State lives in a reducer (station/stationState.ts); this screen wires it to the service.
// When the database server is lost it fails closed: no verdict, the photos' bytes kept to send again.
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecentInspection, Session, Shelf } from '../../../shared/api';
import type { ApiError } from '../../../shared/result';
import { api } from '../api';
import { Camera, type CameraHandle } from '../components/Camera';
import { EvidencePhoto, marksByPhoto } from '../components/EvidencePhoto';
import { HoldTag } from '../components/HoldTag';
import { PrintPage } from '../components/PrintPage';
import { classifyKeystrokes, normalizeScan, type ScanSource } from '../scanTiming';
import { playCleared, playHold, playWarning } from '../sounds';
import { CHANNEL_LABELS } from '../../../shared/channels';
import { ScanBar } from '../station/ScanBar';
import { PhotoStrip } from '../station/PhotoStrip';
import { VerdictPanel } from '../station/VerdictPanel';
import { HoldActions } from '../station/HoldActions';
import { NeedsShelf } from '../station/NeedsShelf';
import { RecentList } from '../station/RecentList';
import { RedoList } from '../station/RedoList';
import { expectedPhoto, initialStation, leftBehind, pendingShelf, photoUnreadable, retakeList, stationReducer, unfinished, type RedoParcel, type StationState } from '../station/stationState';
import { publishWork, type WorkItem } from '../workInProgress';

let photoSeq = 0;
/** Holds needing a shelf and parcels to redo outlive the screen: a tab switch or sign-out must not lose them. */
let keptLists: StationState = initialStation;

/** The station's part of the unfinished-work list: the parcel on screen, then those listed to redo. */
function stationWork(s: StationState): WorkItem[] {
  const now = unfinished(s);
  return [...(now ? [{ kind: now.why, label: now.trackingNo }] : []), ...s.redo.map((r) => ({ kind: 'redo' as const, label: r.trackingNo }))];
}

type Stored = { id: string; storeMs: number } | { error: ApiError };
const storedId = (x: Stored | null | undefined) => (x && 'id' in x ? x : null);

type Recent = { recent: RecentInspection[]; today: { inspected: number; cleared: number; held: number } };

export function Station({ session }: { session: Session }) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language === 'zh';
  const [s, dispatch] = useReducer(stationReducer, keptLists);
  const [recent, setRecent] = useState<Recent | null>(null);
  const [shelves, setShelves] = useState<Shelf[]>([]);
  const [ocr, setOcr] = useState<{ state: string; workers: number; engine: string | null } | null>(null);
  const keyTimes = useRef<number[]>([]);
  const scanRef = useRef<HTMLInputElement>(null);
  const printRef = useRef<HTMLButtonElement>(null);
  const camera = useRef<CameraHandle>(null);
  const stateRef = useRef(s);
  stateRef.current = s;
  const shelvesRef = useRef(shelves);
  shelvesRef.current = shelves;
  /** Uploads in flight, by photo key: the verdict waits for them, never leaves a photo out. */
  const uploads = useRef(new Map<string, Promise<Stored>>());
  /** Each photo's bytes, by key, while it is on screen: a photo the lost server never took is sent again from here. */
  const blobs = useRef(new Map<string, { blob: Blob; name: string }>());

  useEffect(
    () => () => {
      keptLists = leftBehind(stateRef.current);
      publishWork('station', stationWork(keptLists));
    },
    [],
  );
  useEffect(() => publishWork('station', stationWork(s)), [s]);
  /** Esc pressed once on unfinished work: which parcel it asked about (a second Esc leaves it, listed). */
  const escAsked = useRef<string | null>(null);
  const workKey = (x: StationState) => `${x.scan ?? ''}|${x.photos.length}|${x.result?.inspectionId ?? ''}|${x.printed}`;
  /** Says which unfinished parcel was just listed to redo, with the warning sound. */
  const sayLeft = (left: RedoParcel | null) => {
    if (!left) return;
    playWarning();
    dispatch({ type: 'notice', notice: { key: 'station.leftUnfinished', params: { tracking: left.trackingNo ?? t('station.noTracking'), why: t(`station.unfinishedWhy.${left.why}`) }, tone: 'warn' } });
  };

  const refreshRecent = useCallback(() => {
    void api['station:recent']({ limit: 12 }).then((r) => r.ok && setRecent(r.value));
  }, []);

  useEffect(() => {
    refreshRecent();
    void api['shelves:list']({}).then((r) => r.ok && setShelves(r.value.filter((x) => x.active)));
    let stop = false;
    const poll = async () => {
      while (!stop) {
        const r = await api['app:info']({});
        if (r.ok) {
          setOcr(r.value.ocr);
          if (r.value.ocr.state === 'ready' || r.value.ocr.state === 'failed') return;
        }
        await new Promise((res) => setTimeout(res, 500));
      }
    };
    void poll();
    return () => {
      stop = true;
    };
  }, [refreshRecent]);

  /** Stores the photo at once and starts reading it, so the verdict later waits for little. */
  const addPhoto = async (blob: Blob, name: string) => {
    const key = `p${++photoSeq}`;
    blobs.current.set(key, { blob, name });
    dispatch({ type: 'photoAdded', key, localUrl: URL.createObjectURL(blob) });
    await storePhoto(key, blob, name);
  };

  /** Sends a photo's bytes (again, after the server was lost) and reads it. The upload is registered before any wait. */
  const storePhoto = async (key: string, blob: Blob, name: string) => {
    let settle: (v: Stored) => void = () => undefined;
    uploads.current.set(key, new Promise((resolve) => (settle = resolve)));
    dispatch({ type: 'photoUpdated', key, patch: { status: 'uploading', error: undefined } });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const added = await api['photo:add']({ bytes, name });
    settle(added.ok ? { id: added.value.photoId, storeMs: added.value.storeMs } : { error: added.error });
    if (!added.ok) {
      dispatch({ type: 'photoUpdated', key, patch: { status: 'failed', error: added.error } });
      return;
    }
    await readPhoto(key, added.value.photoId);
  };

  const readPhoto = async (key: string, photoId: string) => {
    dispatch({ type: 'photoUpdated', key, patch: { status: 'reading', photoId, error: undefined } });
    const read = await api['photo:read']({ photoId });
    if (read.ok) dispatch({ type: 'photoUpdated', key, patch: { status: photoUnreadable(read.value) ? 'unreadable' : 'read', read: read.value } });
    else dispatch({ type: 'photoUpdated', key, patch: { status: 'failed', error: read.error } });
  };

  const capture = async () => {
    if (!camera.current?.live()) {
      dispatch({ type: 'notice', notice: { key: 'station.noCamera', tone: 'info' } });
      return;
    }
    const blob = await camera.current.capture();
    if (blob) await addPhoto(blob, `camera-${new Date().toISOString()}.jpg`);
  };

  const removePhoto = (key: string) => {
    blobs.current.delete(key);
    dispatch({ type: 'photoRemoved', key });
  };

  const retake = (key: string) => {
    removePhoto(key);
    if (camera.current?.live()) void capture();
    else camera.current?.chooseFiles();
  };

  const shelve = async (holdId: number, code: string) => {
    const r = await api['hold:setLocation']({ holdId, location: code });
    if (!r.ok) return dispatch({ type: 'error', error: r.error });
    dispatch({ type: 'shelved', holdId, location: r.value.location ?? code });
    refreshRecent();
    setTimeout(() => scanRef.current?.focus(), 0);
  };

  /** A scan: a known shelf barcode shelves the hold on screen; anything else starts the next parcel. */
  const onScan = async (raw: string, source: ScanSource) => {
    const code = normalizeScan(raw);
    if (!code) return;
    if (shelvesRef.current.some((x) => x.code === code)) {
      const pending = pendingShelf(stateRef.current) ?? (stateRef.current.lookup?.parcel?.openHold ? { holdId: stateRef.current.lookup.parcel.openHold.holdId } : null);
      if (pending) await shelve(pending.holdId, code);
      else dispatch({ type: 'notice', notice: { key: 'station.shelfWithoutParcel', params: { location: code }, tone: 'info' } });
      return;
    }
    blobs.current.clear();
    const left = unfinished(stateRef.current);
    escAsked.current = null;
    dispatch({ type: 'start', scan: code, source });
    sayLeft(left);
    const r = await api['parcel:lookup']({ trackingNo: code });
    if (!r.ok) return dispatch({ type: 'error', error: r.error });
    dispatch({ type: 'lookedUp', scan: code, lookup: r.value });
    if (!r.value.order) {
      playWarning();
      dispatch({ type: 'warning', warning: { key: 'station.unknownAtScan', params: { tracking: code }, tone: 'warn' } });
    }
  };

  const inspect = async () => {
    const d = stateRef.current;
    if (d.phase === 'inspecting') return;
    if (!d.photos.length) {
      dispatch({ type: 'notice', notice: { key: 'station.needPhotos', tone: 'info' } });
      return;
    }
    const t0 = performance.now();
    // The same parcel sent again after the server was lost: first the photos it never took (their
    // bytes are still here), and a fresh read of those it took but could not read.
    for (const p of d.photos) {
      if (p.status !== 'failed' || p.error?.code !== 'SERVER_LOST') continue;
      const kept = blobs.current.get(p.key);
      if (!p.photoId && kept) void storePhoto(p.key, kept.blob, kept.name);
      else if (p.photoId) void readPhoto(p.key, p.photoId);
    }
    dispatch({ type: 'inspecting' });
    const pending = d.photos.filter((p) => !p.photoId);
    const stored = await Promise.all(pending.map((p) => uploads.current.get(p.key) ?? null));
    const storeMs = Math.max(0, ...stored.map((x) => storedId(x)?.storeMs ?? 0));
    const ids = d.photos.map((p) => p.photoId ?? storedId(stored[pending.indexOf(p)])?.id).filter((x): x is string => !!x);
    // A photo the server could not take now: nothing may be judged without it.
    const lost = stored.map((x) => (x && 'error' in x ? x.error : null)).find((e) => e?.code === 'SERVER_LOST');
    if (lost) return dispatch({ type: 'error', error: lost });
    if (!ids.length) {
      dispatch({ type: 'error', error: null });
      dispatch({ type: 'notice', notice: { key: 'station.needPhotos', tone: 'info' } });
      return;
    }
    const r = await api['parcel:inspect']({ scan: d.scan, photoIds: ids });
    if (!r.ok) return dispatch({ type: 'error', error: r.error });
    // The service's own time for this verdict: storing and reading the photos still on their way
    // (each photo's own read time), then the rules and the record.
    const pendingIds = new Set(stored.map((x) => storedId(x)?.id).filter(Boolean));
    const readMs = Math.max(0, ...r.value.reads.filter((x) => pendingIds.has(x.photoId)).map((x) => x.timingsMs.total));
    const serviceMs = pendingIds.size ? storeMs + readMs + r.value.timingsMs.evaluate + r.value.timingsMs.store : r.value.timingsMs.total;
    dispatch({ type: 'verdict', result: r.value, serviceMs });
    // Measured to the frame that shows the verdict; the evidence photos follow a frame later.
    requestAnimationFrame(() => {
      dispatch({ type: 'verdictShown', result: r.value, uiMs: Math.round(performance.now() - t0) });
      if (r.value.outcome === 'CLEAR') playCleared();
      else playHold();
      refreshRecent();
    });
  };

  /** The tag of the hold on screen: just judged, or a held parcel scanned again (a reprint). */
  const printTag = () => {
    const d = stateRef.current;
    if (d.result?.outcome !== 'HOLD' && !(!d.result && d.lookup?.parcel?.openHold)) {
      dispatch({ type: 'notice', notice: { key: 'station.nothingToPrint', tone: 'info' } });
      return;
    }
    window.print();
    dispatch({ type: 'printed' });
    setTimeout(() => scanRef.current?.focus(), 0);
  };

  /** The station's keys, wherever they were pressed. Answers whether the key was the station's. */
  const stationKey = (key: string, timeStamp: number): boolean => {
    const text = scanRef.current?.value ?? '';
    const empty = text.trim() === '';
    if (key === 'Enter') {
      if (!empty) {
        const source = classifyKeystrokes(keyTimes.current);
        keyTimes.current = [];
        if (scanRef.current) scanRef.current.value = '';
        void onScan(text, source);
      } else if (!stateRef.current.result) void inspect();
      return true;
    }
    if (key === ' ' && empty) {
      void capture();
      return true;
    }
    if (key === 'Escape') {
      if (scanRef.current) scanRef.current.value = '';
      keyTimes.current = [];
      leaveParcel();
      return true;
    }
    if (key === 'Delete' && empty) {
      dispatch({ type: 'removeLastPhoto' });
      return true;
    }
    if (key === 'F8') {
      printTag();
      return true;
    }
    if (key.length === 1) keyTimes.current.push(timeStamp);
    return false;
  };
  /** Leaves the parcel on screen (the reducer lists it to redo if nothing of it was stored). */
  const nextParcel = () => {
    blobs.current.clear();
    dispatch({ type: 'reset' });
  };
  /** Esc or "Next parcel": unfinished work is asked about first; the second press leaves it, listed to redo. */
  const leaveParcel = () => {
    const d = stateRef.current;
    const left = unfinished(d);
    if (left && escAsked.current !== workKey(d)) {
      escAsked.current = workKey(d);
      playWarning();
      dispatch({ type: 'notice', notice: { key: 'station.escAsk', params: { tracking: left.trackingNo ?? t('station.noTracking'), why: t(`station.unfinishedWhy.${left.why}`) }, tone: 'warn' } });
      return;
    }
    escAsked.current = null;
    nextParcel();
    sayLeft(left);
  };

  const stationKeyRef = useRef(stationKey);
  stationKeyRef.current = stationKey;

  const onScanKey = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.ctrlKey || e.altKey || e.metaKey) return;
    if (stationKey(e.key, e.timeStamp)) e.preventDefault();
  };

  // The scanner always wins: a key pressed with the focus anywhere else on the station (a button
  // just clicked, the shelf list) goes to the scan field, so a burst starts the next parcel and
  // never lands in another control. Space and Enter still press a focused button when no scan is
  // being typed; Tab and the arrows still move.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // Without a camera (a document scanner, phone sync): Ctrl+O opens the photo file picker from the keyboard.
      if (e.ctrlKey && !e.altKey && e.key.toLowerCase() === 'o') {
        e.preventDefault();
        e.stopPropagation();
        camera.current?.chooseFiles();
        return;
      }
      const input = scanRef.current;
      if (!input || e.target === input || e.ctrlKey || e.altKey || e.metaKey || e.isComposing) return;
      const typing = input.value.trim() !== '';
      const printable = e.key.length === 1 && (e.key !== ' ' || typing);
      if (printable) {
        e.preventDefault();
        e.stopPropagation();
        input.focus();
        keyTimes.current.push(e.timeStamp);
        if (e.key !== ' ') document.execCommand('insertText', false, e.key);
        return;
      }
      if ((e.key === 'Enter' && typing) || e.key === 'F8' || (e.key === 'Escape' && !(e.target instanceof HTMLSelectElement))) {
        e.preventDefault();
        e.stopPropagation();
        input.focus();
        stationKeyRef.current(e.key, e.timeStamp);
      }
    };
    window.addEventListener('keydown', onKey, true);
    // Focus lost to nothing (a photo removed, a panel closed) comes back to the scan field.
    const onFocusOut = () =>
      setTimeout(() => {
        const el = document.activeElement;
        if (!el || el === document.body) scanRef.current?.focus();
      }, 0);
    document.addEventListener('focusout', onFocusOut);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      document.removeEventListener('focusout', onFocusOut);
    };
  }, []);

  const result = s.result;
  const readsById = new Map((result?.reads ?? s.photos.filter((p) => p.read).map((p) => p.read!)).map((r) => [r.photoId, r]));
  const trackingFromPhotos = s.photos.map((p) => p.read?.waybill?.trackingNo).find(Boolean) ?? null;
  const shownTracking = result?.trackingNo ?? s.scan ?? trackingFromPhotos;
  const held = s.lookup?.parcel?.openHold;
  const order = s.lookup?.order;
  const marks = marksByPhoto(result?.findings ?? [], (code) => t(`reason.${code}`));
  const retakes = new Map(retakeList(s).map((r) => [r.key, r.reason]));
  const shelfTarget =
    result?.outcome === 'HOLD' && result.holdId
      ? { trackingNo: result.trackingNo ?? s.scan ?? '—', location: s.location }
      : !result && held && s.lookup?.parcel
        ? { trackingNo: s.lookup.parcel.trackingNo, location: held.location }
        : null;
  const shelfHoldId = result?.holdId ?? held?.holdId ?? null;

  return (
    <div className="station">
      <RedoList parcels={s.redo} onPick={(tracking) => void onScan(tracking, 'keyboard')} onDismiss={(index) => dispatch({ type: 'dismissRedo', index })} />
      <NeedsShelf holds={s.needsShelf} onPick={(tracking) => void onScan(tracking, 'keyboard')} />
      <ScanBar ref={scanRef} onKeyDown={onScanKey} warning={s.warning} notice={s.notice} ocr={ocr} />

      <div className="station-grid">
        <div className="left">
          <Camera ref={camera} onFiles={(files) => files.forEach((f) => void addPhoto(f, f.name))} />
          <div className="row">
            <button className="primary" onClick={() => void capture()}>
              {t('station.capture')} <kbd>{t('keys.space')}</kbd>
            </button>
            <button onClick={() => void inspect()} disabled={s.phase === 'inspecting' || !!result}>
              {t('station.verdict')} <kbd>{t('keys.enter')}</kbd>
            </button>
            <button
              onClick={() => {
                if (scanRef.current) scanRef.current.value = '';
                keyTimes.current = [];
                leaveParcel();
              }}
            >
              {t('station.nextParcel')} <kbd>Esc</kbd>
            </button>
          </div>
          <PhotoStrip photos={s.photos} expected={s.scan || s.photos.length ? expectedPhoto(s) : null} retake={retakes} onRetake={retake} onRemove={removePhoto} />
        </div>

        <div className="right">
          <section className="parcel-head" aria-label={t('station.tracking')}>
            <div className="tracking">
              {shownTracking ?? <span className="muted">{t('station.noScan')}</span>}
              {s.source && <span className="badge">{t(s.source === 'scanner' ? 'station.scanned' : 'station.typed')}</span>}
            </div>
            {held && (
              <p className="already-held" role="alert">
                {t('station.alreadyHeld')} · {held.location ? t('station.heldAt', { location: held.location }) : t('station.noLocation')} · {held.reasons.map((c) => t(`reason.${c}`)).join(zh ? '、' : ', ')}
              </p>
            )}
            {order && (
              <p className="muted">
                {t('station.order')} {order.orderNo} · {order.item} · {zh ? CHANNEL_LABELS[order.channel].zh : CHANNEL_LABELS[order.channel].en} · {order.storeName}
              </p>
            )}
          </section>

          <VerdictPanel result={result} inspecting={s.phase === 'inspecting'} uiMs={s.uiMs} serviceMs={s.serviceMs} error={s.error} unsent={s.unsent && s.photos.length > 0} onSendAgain={() => void inspect()} />

          {shelfTarget && shelfHoldId && (
            <HoldActions
              trackingNo={shelfTarget.trackingNo}
              location={shelfTarget.location}
              shelves={shelves}
              onShelf={(code) => void shelve(shelfHoldId, code)}
              onPrint={printTag}
              canPrint={result?.outcome === 'HOLD' || (!result && !!held)}
              printRef={printRef}
            />
          )}

          {result && s.showEvidence && (
            <section className="evidence" aria-label={t('station.evidence')}>
              {s.photos
                .filter((p) => p.photoId && readsById.has(p.photoId))
                .map((p) => {
                  const r = readsById.get(p.photoId!)!;
                  return <EvidencePhoto key={p.key} photoId={p.photoId!} localUrl={p.localUrl} width={r.width} height={r.height} marks={marks.get(p.photoId!) ?? []} alt={`${t('station.evidence')} ${t(`photoKind.${r.kind}`)}`} />;
                })}
            </section>
          )}

          <RecentList recent={recent} />
        </div>
      </div>

      {result?.outcome === 'HOLD' && (
        <PrintPage kind="label">
          <HoldTag
            tag={{
              trackingNo: result.trackingNo ?? s.scan ?? '—',
              orderNo: result.orderNo,
              location: s.location,
              inspector: session.user.name,
              station: session.station,
              heldAt: new Date().toISOString(),
              reasons: result.findings.map((f) => f.code),
              chainHead: result.chainHead,
            }}
          />
        </PrintPage>
      )}
      {/* A held parcel scanned again: its tag can be printed again from what the hold recorded. */}
      {!result && held && s.lookup?.parcel && (
        <PrintPage kind="label">
          <HoldTag
            tag={{
              trackingNo: s.lookup.parcel.trackingNo,
              orderNo: s.lookup.parcel.orderNo,
              location: held.location,
              inspector: session.user.name,
              station: session.station,
              heldAt: held.since,
              reasons: held.reasons,
              chainHead: null,
            }}
          />
        </PrintPage>
      )}
    </div>
  );
}
