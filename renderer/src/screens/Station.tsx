// The inspector's station: scan, photograph, verdict, hold location and tag. Keyboard and scanner
// first: the scan field keeps the focus, and every step has a key.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InspectionResult, ParcelSummary, RecentInspection, Session } from '../../../shared/api';
import type { Order, PhotoRead } from '../../../shared/types';
import { api } from '../api';
import { Camera, type CameraHandle } from '../components/Camera';
import { EvidencePhoto, marksByPhoto } from '../components/EvidencePhoto';
import { HoldTag } from '../components/HoldTag';
import { classifyKeystrokes, normalizeScan, type ScanSource } from '../scanTiming';
import { playCleared, playHold } from '../sounds';

interface DraftPhoto {
  key: string;
  localUrl: string;
  photoId?: string;
  width?: number;
  height?: number;
  status: 'uploading' | 'reading' | 'read' | 'failed';
  read?: PhotoRead;
  error?: string;
}

interface Draft {
  scan: string | null;
  source: ScanSource | null;
  lookup: { parcel: ParcelSummary | null; order: Order | null } | null;
  photos: DraftPhoto[];
  result: InspectionResult | null;
  inspecting: boolean;
  /** Milliseconds from the verdict request to the verdict on screen, measured here. */
  uiMs: number | null;
  serviceMs: number | null;
  showEvidence: boolean;
  error: string | null;
  location: string | null;
}

const emptyDraft = (): Draft => ({ scan: null, source: null, lookup: null, photos: [], result: null, inspecting: false, uiMs: null, serviceMs: null, showEvidence: false, error: null, location: null });

let photoSeq = 0;

export function Station({ session }: { session: Session }) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language === 'zh';
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [scanText, setScanText] = useState('');
  const [locationText, setLocationText] = useState('');
  const [recent, setRecent] = useState<{ recent: RecentInspection[]; today: { inspected: number; cleared: number; held: number } } | null>(null);
  const [ocr, setOcr] = useState<{ state: string; workers: number } | null>(null);
  const keyTimes = useRef<number[]>([]);
  const scanRef = useRef<HTMLInputElement>(null);
  const locationRef = useRef<HTMLInputElement>(null);
  const printRef = useRef<HTMLButtonElement>(null);
  const camera = useRef<CameraHandle>(null);
  const draftRef = useRef(draft);
  draftRef.current = draft;
  /** Uploads in flight, by photo key: the verdict waits for them, never leaves a photo out. */
  const uploads = useRef(new Map<string, Promise<{ id: string; storeMs: number } | null>>());

  const refreshRecent = useCallback(() => {
    void api['station:recent']({ limit: 12 }).then((r) => r.ok && setRecent(r.value));
  }, []);

  useEffect(() => {
    refreshRecent();
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

  // The scan field keeps the focus, except while a hold location is being entered.
  const refocus = useCallback(() => {
    const awaitingLocation = draftRef.current.result?.outcome === 'HOLD' && !draftRef.current.location;
    if (awaitingLocation) locationRef.current?.focus();
    else scanRef.current?.focus();
  }, []);
  useEffect(() => {
    const onFocusOut = () => setTimeout(() => {
      const el = document.activeElement;
      if (!el || el === document.body) refocus();
    }, 0);
    document.addEventListener('focusout', onFocusOut);
    return () => document.removeEventListener('focusout', onFocusOut);
  }, [refocus]);

  const updatePhoto = (key: string, patch: Partial<DraftPhoto>) =>
    setDraft((d) => ({ ...d, photos: d.photos.map((p) => (p.key === key ? { ...p, ...patch } : p)) }));

  /** Stores the photo at once and starts reading it, so the verdict later waits for little. */
  const addPhoto = async (blob: Blob, name: string) => {
    const key = `p${++photoSeq}`;
    const localUrl = URL.createObjectURL(blob);
    // A photo after the verdict is a re-inspection of the same parcel: the old verdict goes.
    setDraft((d) => ({ ...d, result: null, uiMs: null, location: null, photos: [...d.photos, { key, localUrl, status: 'uploading' }] }));
    let settle: (v: { id: string; storeMs: number } | null) => void = () => undefined;
    uploads.current.set(key, new Promise((resolve) => (settle = resolve)));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const added = await api['photo:add']({ bytes, name });
    settle(added.ok ? { id: added.value.photoId, storeMs: added.value.storeMs } : null);
    if (!added.ok) {
      updatePhoto(key, { status: 'failed', error: added.error.message });
      return;
    }
    updatePhoto(key, { status: 'reading', photoId: added.value.photoId, width: added.value.width, height: added.value.height });
    const read = await api['photo:read']({ photoId: added.value.photoId });
    if (read.ok) updatePhoto(key, { status: 'read', read: read.value });
    else updatePhoto(key, { status: 'failed', error: read.error.message });
  };

  const capture = async () => {
    const blob = await camera.current?.capture();
    if (blob) await addPhoto(blob, `camera-${new Date().toISOString()}.jpg`);
  };

  const startParcel = async (raw: string, source: ScanSource) => {
    const scan = normalizeScan(raw);
    if (!scan) return;
    setDraft({ ...emptyDraft(), scan, source });
    const r = await api['parcel:lookup']({ trackingNo: scan });
    if (r.ok) setDraft((d) => (d.scan === scan ? { ...d, lookup: r.value } : d));
    else setDraft((d) => (d.scan === scan ? { ...d, error: r.error.message } : d));
  };

  const inspect = async () => {
    const d = draftRef.current;
    if (d.inspecting) return;
    const t0 = performance.now();
    setDraft({ ...d, inspecting: true, error: null });
    const pending = d.photos.filter((p) => !p.photoId);
    const stored = await Promise.all(pending.map((p) => uploads.current.get(p.key) ?? null));
    const storeMs = Math.max(0, ...stored.map((s) => s?.storeMs ?? 0));
    const ids = d.photos.map((p) => p.photoId ?? stored[pending.indexOf(p)]?.id).filter((x): x is string => !!x);
    if (!ids.length) {
      setDraft((x) => ({ ...x, inspecting: false, error: t('station.needPhotos') }));
      return;
    }
    const r = await api['parcel:inspect']({ scan: d.scan, photoIds: ids });
    if (!r.ok) {
      setDraft((x) => ({ ...x, inspecting: false, error: r.error.message }));
      return;
    }
    // The service's own time for this verdict: storing and reading the photos still on their way
    // (each photo's own read time), then the rules and the record.
    const pendingIds = new Set(stored.map((x) => x?.id).filter(Boolean));
    const readMs = Math.max(0, ...r.value.reads.filter((x) => pendingIds.has(x.photoId)).map((x) => x.timingsMs.total));
    const serviceMs = pendingIds.size ? storeMs + readMs + r.value.timingsMs.evaluate + r.value.timingsMs.store : r.value.timingsMs.total;
    setDraft((x) => ({ ...x, inspecting: false, result: r.value, uiMs: null, serviceMs, showEvidence: false }));
    // Measured to the frame that shows the verdict, not just to the answer.
    // The big verdict comes first; the evidence photos (image decoding) follow a frame later.
    requestAnimationFrame(() => {
      const uiMs = Math.round(performance.now() - t0);
      setDraft((x) => (x.result === r.value ? { ...x, uiMs, showEvidence: true } : x));
      // Sound and the recent list once the verdict is on screen (starting audio takes a moment).
      if (r.value.outcome === 'CLEAR') playCleared();
      else playHold();
      refreshRecent();
    });

    setTimeout(refocus, 0);
  };

  const saveLocation = async () => {
    const d = draftRef.current;
    const loc = normalizeScan(locationText);
    if (!d.result?.holdId || !loc) return;
    const r = await api['hold:setLocation']({ holdId: d.result.holdId, location: loc });
    if (r.ok) {
      setDraft((x) => ({ ...x, location: r.value.location, error: null }));
      setLocationText('');
      refreshRecent();
      setTimeout(() => printRef.current?.focus(), 0);
    } else setDraft((x) => ({ ...x, error: r.error.message }));
  };

  const printTag = () => {
    window.print();
    setTimeout(() => scanRef.current?.focus(), 0);
  };

  const onScanKey = (e: React.KeyboardEvent<HTMLInputElement>) => {
    const empty = scanText.trim() === '';
    if (e.key === 'Enter') {
      e.preventDefault();
      if (!empty) {
        const source = classifyKeystrokes(keyTimes.current);
        keyTimes.current = [];
        const value = scanText;
        setScanText('');
        void startParcel(value, source);
      } else if (draftRef.current.photos.length && !draftRef.current.result) {
        void inspect();
      }
      return;
    }
    if (e.key === ' ' && empty) {
      e.preventDefault();
      void capture();
      return;
    }
    if (e.key === 'Escape') {
      setScanText('');
      keyTimes.current = [];
      setDraft(emptyDraft());
      return;
    }
    if (e.key === 'Delete' && empty) {
      setDraft((d) => ({ ...d, photos: d.photos.slice(0, -1) }));
      return;
    }
    if (e.key.length === 1) keyTimes.current.push(e.timeStamp);
  };

  const result = draft.result;
  const readsById = new Map((result?.reads ?? draft.photos.filter((p) => p.read).map((p) => p.read!)).map((r) => [r.photoId, r]));
  const trackingFromPhotos = draft.photos.map((p) => p.read?.waybill?.trackingNo).find(Boolean) ?? null;
  const shownTracking = result?.trackingNo ?? draft.scan ?? trackingFromPhotos;
  const held = draft.lookup?.parcel?.openHold;

  const marks = marksByPhoto(result?.findings ?? [], (code) => t(`reason.${code}`));

  return (
    <div className="station">
      <section className="scanbar">
        <label htmlFor="scan" className="scan-label">
          {t('station.scanLabel')}
        </label>
        <input
          id="scan"
          ref={scanRef}
          className="scan-input"
          aria-label="Tracking number"
          aria-describedby="scan-hint"
          autoFocus
          autoComplete="off"
          spellCheck={false}
          value={scanText}
          onChange={(e) => setScanText(e.target.value)}
          onKeyDown={onScanKey}
        />
        <p id="scan-hint" className="hint">
          {t('station.scanHint')} — {t('station.keys')}
        </p>
        {ocr && ocr.state !== 'ready' && (
          <p className="hint" role="progressbar" aria-label="OCR start-up">
            {t('station.ocrStarting', { started: ocr.state === 'starting' ? '…' : 0, total: ocr.workers })}
          </p>
        )}
      </section>

      <div className="station-grid">
        <div className="left">
          <Camera ref={camera} onFiles={(files) => files.forEach((f) => void addPhoto(f, f.name))} />
          <div className="row">
            <button className="primary" onClick={() => void capture()}>
              {t('station.capture')} <kbd>Space</kbd>
            </button>
            <button onClick={() => void inspect()} disabled={!draft.photos.length || draft.inspecting || !!result}>
              {t('station.verdict')} <kbd>Enter</kbd>
            </button>
            <button onClick={() => setDraft(emptyDraft())}>
              {t('station.nextParcel')} <kbd>Esc</kbd>
            </button>
          </div>
          <section aria-label={t('station.photos')} className="thumbs">
            {draft.photos.map((p, i) => (
              <figure key={p.key} className={`thumb ${p.status}`}>
                <img src={p.localUrl} alt={`${t('station.photos')} ${i + 1}`} />
                <figcaption>
                  {p.status === 'uploading' || p.status === 'reading' ? t('station.reading') : p.status === 'read' ? `${t('station.read')} · ${p.read?.kind ?? ''}` : t('station.readFailed')}
                  {p.error && <span className="error"> {p.error}</span>}
                </figcaption>
                <div className="thumb-actions">
                  <button
                    onClick={() => {
                      setDraft((d) => ({ ...d, photos: d.photos.filter((x) => x.key !== p.key), result: null }));
                      void capture();
                    }}
                  >
                    {t('station.retake')}
                  </button>
                  <button onClick={() => setDraft((d) => ({ ...d, photos: d.photos.filter((x) => x.key !== p.key), result: null }))}>{t('station.remove')}</button>
                </div>
              </figure>
            ))}
          </section>
        </div>

        <div className="right">
          <section className="parcel-head" aria-label={t('station.tracking')}>
            <div className="tracking">
              {shownTracking ?? <span className="muted">{t('station.noScan')}</span>}
              {draft.source && <span className="badge">{t(draft.source === 'scanner' ? 'station.scanned' : 'station.typed')}</span>}
            </div>
            {held && (
              <p className="already-held" role="alert">
                {t('station.alreadyHeld')} · {held.location ? t('station.heldAt', { location: held.location }) : t('station.noLocation')} ·{' '}
                {held.reasons.map((c) => t(`reason.${c}`)).join(', ')}
              </p>
            )}
            {draft.lookup?.order && (
              <p className="muted">
                {t('station.order')} {draft.lookup.order.orderNo} · {draft.lookup.order.item} · {draft.lookup.order.channel} · {draft.lookup.order.storeName}
              </p>
            )}
          </section>

          <section role="status" aria-live="polite" aria-label={t('station.verdict')} className={`verdict ${result ? (result.outcome === 'CLEAR' ? 'clear' : 'hold') : draft.inspecting ? 'working' : 'idle'}`}>
            {draft.inspecting && <p className="working-text">{t('station.working')}</p>}
            {result && (
              <>
                <p className="verdict-word">{result.outcome === 'CLEAR' ? t('station.cleared') : t('station.hold')}</p>
                <p className="verdict-sub">
                  {result.outcome === 'CLEAR' ? t('station.clearedSub') : t('station.holdSub')} ·{' '}
                  <span className="timing" data-ui-ms={draft.uiMs ?? ''} data-service-ms={draft.serviceMs ?? result.timingsMs.total}>
                    {t('station.timing', { ms: draft.uiMs ?? result.timingsMs.total })}
                  </span>
                </p>
                {result.findings.length > 0 && (
                  <ul className="reasons" aria-label={t('station.reasons')}>
                    {result.findings.map((f, i) => (
                      <li key={i}>
                        <strong>{t(`reason.${f.code}`)}</strong> <code>{f.code}</code>
                        <p>{zh ? f.messageZh : f.message}</p>
                      </li>
                    ))}
                  </ul>
                )}
              </>
            )}
            {draft.error && (
              <p className="error" role="alert">
                {draft.error}
              </p>
            )}
          </section>

          {result?.outcome === 'HOLD' && result.holdId && (
            <section className="hold-actions" aria-label={t('station.location')}>
              <label>
                {t('station.location')}
                <input
                  ref={locationRef}
                  aria-label="Hold location"
                  value={locationText}
                  autoFocus={!draft.location}
                  onChange={(e) => setLocationText(e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') {
                      e.preventDefault();
                      void saveLocation();
                    }
                  }}
                />
              </label>
              <button onClick={() => void saveLocation()}>{t('station.setLocation')}</button>
              {draft.location && <p role="status">{t('station.locationSaved', { location: draft.location })}</p>}
              <button ref={printRef} className="primary" onClick={printTag}>
                {t('station.printTag')}
              </button>
            </section>
          )}

          {result && draft.showEvidence && (
            <section className="evidence" aria-label={t('station.evidence')}>
              {draft.photos
                .filter((p) => p.photoId && readsById.has(p.photoId))
                .map((p) => {
                  const r = readsById.get(p.photoId!)!;
                  return <EvidencePhoto key={p.key} photoId={p.photoId!} localUrl={p.localUrl} width={r.width} height={r.height} marks={marks.get(p.photoId!) ?? []} alt={`${t('station.evidence')} ${r.kind}`} />;
                })}
            </section>
          )}

          <section className="recent" aria-label={t('station.recent')}>
            <h2>
              {t('station.recent')}
              {recent && (
                <span className="counts">
                  {t('station.today')}: {recent.today.inspected} {t('station.inspected')} · {recent.today.cleared} {t('station.clearedCount')} · {recent.today.held} {t('station.heldCount')}
                </span>
              )}
            </h2>
            <table>
              <tbody>
                {recent?.recent.map((r) => (
                  <tr key={r.inspectionId} className={r.outcome === 'CLEAR' ? 'clear' : 'hold'}>
                    <td>{new Date(r.at).toLocaleTimeString()}</td>
                    <td>{r.trackingNo ?? '—'}</td>
                    <td>{r.outcome === 'CLEAR' ? t('station.cleared') : t('station.hold')}</td>
                    <td>{r.reasons.map((c) => t(`reason.${c}`)).join(', ')}</td>
                    <td>{r.location ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </div>
      </div>

      {result?.outcome === 'HOLD' && (
        <div className="print-only">
          <HoldTag
            tag={{
              trackingNo: result.trackingNo ?? draft.scan ?? '—',
              orderNo: result.orderNo,
              location: draft.location,
              inspector: session.user.name,
              station: session.station,
              heldAt: new Date().toISOString(),
              findings: result.findings,
              chainHead: result.chainHead,
            }}
          />
        </div>
      )}
    </div>
  );
}
