// One parcel for a supervisor: the evidence beside the order, the registry and the certificates,
// every inspection and decision, and the decision form (a reason is always required).
import { rulesFingerprint } from '../../../shared/rules/ruleIdentity';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ParcelDetail, Session } from '../../../shared/api';
import type { HoldDisposition } from '../../../shared/types';
import { CHANNEL_LABELS } from '../../../shared/channels';
import type { ApiError } from '../../../shared/result';
import { ErrorText } from '../components/ErrorText';
import { FileButton } from '../components/FileButton';
import { can } from '../useApi';
import { actorName, findingText, fmtDateTime, word } from '../words';
import { DispositionChoice } from '../components/DispositionChoice';
import { api } from '../api';
import { EvidencePhoto, marksByPhoto } from '../components/EvidencePhoto';
import { ageText } from '../download';
import { HoldClockList } from '../components/HoldClocks';
import { ProofRequestForm } from '../components/ProofRequestForm';
import { EvidencePackButton } from '../components/EvidencePackButton';
import { SellerFlagChoice, defaultFlag } from '../components/SellerFlagChoice';
import { useApiQuery } from '../useApi';


export function ParcelDetailView({ trackingNo, session, onClose }: { trackingNo: string; session: Session; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language === 'zh';
  const [detail, setDetail] = useState<ParcelDetail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  // No decision is chosen for the supervisor: each one is picked on purpose.
  const [disposition, setDisposition] = useState<HoldDisposition | null>(null);
  const [flag, setFlag] = useState<boolean | null>(null);
  const settings = useApiQuery('settings:get', {});
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const [documents, setDocuments] = useState<string[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const messageRef = useRef<HTMLParagraphElement>(null);
  // A new result is brought into view once (the form above it may have just gone away).
  useEffect(() => {
    if (message) messageRef.current?.scrollIntoView({ block: 'nearest' });
  }, [message]);
  const [zoom, setZoom] = useState<string | null>(null);
  // Esc closes the zoomed photo (and only that, while it is open).
  useEffect(() => {
    if (!zoom) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      e.stopPropagation();
      setZoom(null);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [zoom]);

  const load = useCallback(async () => {
    const r = await api['parcel:detail']({ trackingNo });
    if (r.ok) setDetail(r.value);
    else setError(r.error);
  }, [trackingNo]);
  useEffect(() => {
    void load();
  }, [load]);

  const openHold = detail?.holds.find((h) => h.status === 'OPEN' || h.status === 'AWAITING_PROOF');

  const attach = async (files: File[]) => {
    for (const f of files) {
      const r = await api['photo:add']({ bytes: new Uint8Array(await f.arrayBuffer()), name: f.name });
      if (r.ok) setDocuments((d) => [...d, r.value.photoId]);
      else setError(r.error);
    }
  };

  /** Proof arrived (an invoice, a certificate): inspect again with the parcel's photos and the documents. */
  const reinspect = async () => {
    const latestPhotos = detail?.inspections[detail.inspections.length - 1]?.photoIds ?? [];
    const allDocs = [...new Set([...documents, ...(detail?.holds.flatMap((h) => h.decisions.flatMap((d) => d.documents)) ?? [])])];
    const r = await api['parcel:inspect']({ scan: trackingNo, photoIds: [...new Set([...latestPhotos, ...allDocs])].slice(0, 12) });
    if (r.ok) {
      setMessage(`${t('detail.reinspected')}: ${r.value.outcome === 'CLEAR' ? t('station.cleared') : t('station.hold')}`);
      void load();
    } else setError(r.error);
  };

  /** Return and Destroy cannot be undone: they ask first, naming the parcel. */
  const decide = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!openHold || !disposition) return;
    setMessage(null);
    if ((disposition === 'DESTROY' || disposition === 'RETURN') && !confirming) {
      setConfirming(true);
      return;
    }
    setConfirming(false);
    setError(null);
    const counterfeit = disposition === 'DESTROY' || disposition === 'RETURN' ? (flag ?? undefined) : undefined;
    const r = await api['hold:decide']({ holdId: openHold.holdId, disposition, reason, documents, counterfeit });
    if (r.ok) {
      setMessage(t('detail.signed', { disposition: t(`detail.${disposition}`) }));
      setReason('');
      setDocuments([]);
      setDisposition(null);
      void load();
    } else setError(r.error);
  };

  if (!detail) {
    return (
      <div className="detail">
        <button onClick={onClose}>{t('detail.close')}</button>
        {error ? <ErrorText error={error} /> : <p>{t('app.loading')}</p>}
      </div>
    );
  }

  const o = detail.order;
  // The four-eyes rule, up front: whoever inspected this parcel is not offered Release.
  const inspectedByMe = detail.inspections.some((i) => i.inspector === session.user.name);
  const refused = settings.data?.fourEyes && inspectedByMe ? { RELEASE: t('detail.fourEyesUpFront', { name: session.user.name }) } : undefined;
  const latest = detail.inspections[detail.inspections.length - 1];
  const marks = marksByPhoto(latest?.findings ?? [], (code) => t(`reason.${code}`));

  return (
    <div className="detail" aria-label={t('detail.title', { tracking: trackingNo })}>
      <div className="row">
        <h1 className="mono">{t('detail.title', { tracking: trackingNo })}</h1>
        <span className="spacer" />
        <EvidencePackButton trackingNos={[trackingNo]} />
        <button onClick={onClose}>{t('detail.close')}</button>
      </div>
      <p className={`status-line ${detail.parcel.status}`}>
        {word(t, 'parcelStatus', detail.parcel.status)}
        {openHold && ` · ${openHold.location ?? t('station.noLocation')} · ${ageText(openHold.ageMinutes, t)}`}
      </p>

      <div className="detail-grid">
        <section aria-label={t('station.evidence')}>
          <h2>{t('station.evidence')}</h2>
          <ul className="reasons">
            {(latest?.findings ?? []).map((f, i) => (
              <li key={i}>
                <strong>{t(`reason.${f.code}`)}</strong>
                <p>{findingText(t, f)}</p>
              </li>
            ))}
          </ul>
          <div className="evidence">
            {(latest?.reads ?? []).map((r) => (
              <button key={r.photoId} className="photo-button" onClick={() => setZoom(zoom === r.photoId ? null : r.photoId)} aria-label={`${t('detail.zoom')} ${t(`photoKind.${r.kind}`)}`}>
                <EvidencePhoto photoId={r.photoId} width={r.width} height={r.height} marks={marks.get(r.photoId) ?? []} alt={`${t('detail.photo')} ${t(`photoKind.${r.kind}`)}`} />
              </button>
            ))}
          </div>
          {zoom && latest && (
            <div className="zoom" role="dialog" aria-label={t('detail.photo')} onClick={() => setZoom(null)}>
              {(() => {
                const r = latest.reads.find((x) => x.photoId === zoom)!;
                return <EvidencePhoto photoId={r.photoId} width={r.width} height={r.height} marks={marks.get(r.photoId) ?? []} alt={t('detail.photo')} />;
              })()}
            </div>
          )}
        </section>

        <section aria-label={t('detail.order')}>
          <h2>{t('detail.order')}</h2>
          {o ? (
            <dl className="facts">
              <dt>{t('detail.order')}</dt>
              <dd>
                {o.orderNo} · {o.item} · {word(t, 'category', o.category)}
              </dd>
              <dt>{t('detail.channel')}</dt>
              <dd>{zh ? CHANNEL_LABELS[o.channel].zh : CHANNEL_LABELS[o.channel].en}</dd>
              <dt>{t('detail.store')}</dt>
              <dd>
                {o.storeName} ({o.storeId})
              </dd>
              <dt>{t('detail.seller')}</dt>
              <dd className="mono">{o.sellerTaxId ?? '—'}</dd>
              <dt>{t('detail.declared')}</dt>
              <dd>{o.declaredBrand ?? t('detail.none')}</dd>
            </dl>
          ) : (
            <p>{t('reason.UNKNOWN_PARCEL')}</p>
          )}
          <h2>{t('detail.registry')}</h2>
          {detail.brands.length === 0 && <p className="muted">{t('detail.none')}</p>}
          {detail.brands.map((b) => (
            <div key={b.id} className="card small">
              <strong>{b.name}</strong> <span className="muted">{b.aliases.join(' · ')} · GS1 {b.gs1Prefixes.join(', ')}</span>
              <div className="muted">{t('detail.officialStores')}:</div>
              <ul>
                {b.officialStores.map((s) => (
                  <li key={s.storeId}>
                    {zh ? CHANNEL_LABELS[s.channel].zh : CHANNEL_LABELS[s.channel].en}: {s.name} <span className="mono">({s.storeId})</span>
                  </li>
                ))}
              </ul>
            </div>
          ))}
          <h2>{t('detail.certificate')}</h2>
          {detail.certificates.length === 0 && <p className="muted">{t('detail.none')}</p>}
          {detail.certificates.map((c) => (
            <p key={c.id}>
              {c.id}: {c.sellerName} <span className="mono">{c.sellerTaxId}</span> · {detail.brands.find((b) => b.id === c.brandId)?.name ?? c.brandId} · {c.validFrom} – {c.validTo} · {c.scope.map((x) => word(t, 'category', x)).join(', ')}
            </p>
          ))}
        </section>
      </div>

      {openHold && <HoldClockList clocks={openHold.clocks} />}
      {openHold && session.user.role !== 'inspector' && (
        <ProofRequestForm holdId={openHold.holdId} customer={o?.customer ?? null} requests={detail.proofRequests} onChange={() => void load()} />
      )}

      <section aria-label={t('detail.inspections')}>
        <h2>{t('detail.inspections')}</h2>
        <table className="grid">
          <thead>
            <tr>
              <th>{t('audit.at')}</th>
              <th>{t('holds.station')}</th>
              <th>{t('holds.inspector')}</th>
              <th>{t('station.col.outcome')}</th>
              <th>{t('station.col.reasons')}</th>
              <th>{t('detail.rules')}</th>
            </tr>
          </thead>
          <tbody>
            {detail.inspections.map((i) => (
              <tr key={i.inspectionId}>
                <td>{fmtDateTime(i.at)}</td>
                <td>{i.station}</td>
                <td>{actorName(t, i.inspector)}</td>
                <td className={i.outcome === 'HOLD' ? 'hold-text' : 'clear-text'}>{word(t, 'outcome', i.outcome)}</td>
                <td>
                  {i.findings.map((f) => t(`reason.${f.code}`)).join(', ')}
                  {i.notes?.length ? <small className="muted"> · {i.notes.map((n) => t(`note.${n.code}`)).join(', ')}</small> : null}
                </td>
                <td className="muted" title={i.rules ?? undefined}>
                  {t('detail.rulesVersion', { n: i.rulesetVersion })}
                  {i.rules ? ` · ${t('detail.rulesRun', { id: rulesFingerprint(i.rules) })}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>{t('detail.decisions')}</h2>
        <table className="grid">
          <thead>
            <tr>
              <th>{t('audit.at')}</th>
              <th>{t('detail.disposition')}</th>
              <th>{t('detail.decidedBy')}</th>
              <th>{t('fields.reason')}</th>
              <th>{t('auditField.documents')}</th>
            </tr>
          </thead>
          <tbody>
            {detail.holds.flatMap((h) =>
              h.decisions.map((d) => (
                <tr key={d.id}>
                  <td>{fmtDateTime(d.decidedAt)}</td>
                  <td>{t(`detail.${d.disposition}`)}</td>
                  <td>{actorName(t, d.decidedBy)}</td>
                  <td>{d.reason}</td>
                  <td>{d.documents.length ? `${d.documents.length} 📎` : ''}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </section>

      {openHold && can(session, 'hold:decide') && (
        <form className="card decide" onSubmit={(e) => void decide(e)} aria-label={t('detail.decide')}>
          <h2>{t('detail.decide')}</h2>
          <DispositionChoice
            name="disposition"
            value={disposition}
            refused={refused}
            onChange={(d) => {
              setDisposition(d);
              setFlag(openHold ? defaultFlag(d, [openHold]) : null);
              setConfirming(false);
            }}
          />
          {disposition && <SellerFlagChoice disposition={disposition} holds={[{ reasons: openHold.reasons, storeName: o?.storeName }]} value={flag} onChange={setFlag} />}
          <label>
            {t('detail.decisionReason')}
            <textarea value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} rows={3} />
          </label>
          <FileButton label={t('detail.documents')} accept="image/jpeg,image/png,image/webp" multiple onFiles={(f) => void attach(f)} />
          {documents.length > 0 && <p className="muted">{documents.length} 📎</p>}
          {confirming && disposition && (
            <div className="confirm" role="alertdialog" aria-label={t(`detail.confirm${disposition}`, { tracking: trackingNo })}>
              <p>{t(`detail.confirm${disposition}`, { tracking: trackingNo })}</p>
              <div className="row">
                <button className="danger big" type="submit">
                  {t(`detail.confirmButton${disposition}`, { tracking: trackingNo })}
                </button>
                <button type="button" onClick={() => setConfirming(false)}>
                  {t('common.cancel')}
                </button>
              </div>
            </div>
          )}
          <div className="row decide-actions">
            {!confirming && (
              <button className="primary big" type="submit" disabled={!disposition || reason.trim().length < 3}>
                {disposition ? t('detail.signAs', { disposition: t(`detail.${disposition}`) }) : t('detail.chooseFirst')}
              </button>
            )}
            <button type="button" onClick={() => void reinspect()}>
              {t('detail.reinspect')}
            </button>
            <ErrorText error={error} />
          </div>
        </form>
      )}
      {/* One element, right under the buttons, that stays in place when the decided hold's form goes away. */}
      {message && (
        <p role="status" className="decided-msg" ref={messageRef}>
          {message}
        </p>
      )}
      {!openHold && <ErrorText error={error} />}
    </div>
  );
}
