// The outbound gate: open a shipment, scan parcels into it, close it with a manifest (CSV, print).
// A parcel that may not leave is refused with an alarm and the reason, by main and by the database.
// A parcel shows as added only when the service answered that it stored it (never on a failed call).
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ManifestLine, Session, ShipmentRow } from '../../../shared/api';
import { api } from '../api';
import { downloadText } from '../download';
import { normalizeScan } from '../scanTiming';
import { playCleared, playHold, playWarning } from '../sounds';
import type { ApiError } from '../../../shared/result';
import { errorText } from '../errors';
import { can } from '../useApi';
import { actorName, fmtDateTime, fmtTime, word } from '../words';
import { PrintPage } from '../components/PrintPage';

export function Outbound({ session }: { session: Session }) {
  const { t } = useTranslation();
  const [shipments, setShipments] = useState<ShipmentRow[]>([]);
  const [closed, setClosed] = useState<ShipmentRow[]>([]);
  const [current, setCurrent] = useState<ShipmentRow | null>(null);
  const [lines, setLines] = useState<ManifestLine[]>([]);
  const [csv, setCsv] = useState('');
  const [chainHead, setChainHead] = useState<{ seq: number; hash: string } | null>(null);
  const [form, setForm] = useState({ destination: '', carrier: '' });
  const [scan, setScan] = useState('');
  const [alarm, setAlarm] = useState<ApiError | null>(null);
  const [ok, setOk] = useState<string | null>(null);
  const scanRef = useRef<HTMLInputElement>(null);
  const mayClose = can(session, 'shipment:close');

  const refresh = useCallback(async () => {
    const [o, c] = await Promise.all([api['shipments:list']({ status: 'OPEN' }), api['shipments:list']({ status: 'CLOSED' })]);
    if (o.ok) setShipments(o.value);
    if (c.ok) setClosed(c.value.slice(0, 10));
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  const select = async (s: ShipmentRow) => {
    const m = await api['shipment:manifest']({ shipmentId: s.shipmentId });
    if (m.ok) {
      setCurrent(m.value.shipment);
      setLines(m.value.lines);
      setCsv(m.value.csv);
      setChainHead(m.value.chainHead);
    }
    setAlarm(null);
    setOk(null);
    setTimeout(() => scanRef.current?.focus(), 0);
  };

  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    const r = await api['shipment:create'](form);
    if (r.ok) {
      setForm({ destination: '', carrier: '' });
      await refresh();
      await select(r.value);
    } else setAlarm(r.error);
  };

  const add = async () => {
    if (!current) return;
    const trackingNo = normalizeScan(scan);
    setScan('');
    if (!trackingNo) return;
    // Scanned twice: it is already on this shipment. Nothing is wrong, so no alarm.
    if (lines.some((l) => l.trackingNo === trackingNo)) {
      setAlarm(null);
      setOk(t('outbound.alreadyHere', { tracking: trackingNo }));
      playWarning();
      scanRef.current?.focus();
      return;
    }
    const r = await api['shipment:addParcel']({ shipmentId: current.shipmentId, trackingNo });
    if (r.ok) {
      await select(r.value.shipment);
      setOk(t('outbound.added', { tracking: trackingNo }));
      playCleared();
      void refresh();
    } else {
      setOk(null);
      setAlarm(r.error);
      playHold();
    }
    scanRef.current?.focus();
  };

  /** Takes a line off the open shipment (scanned by mistake, or pulled back for a check). */
  const remove = async (trackingNo: string) => {
    if (!current) return;
    const r = await api['shipment:removeParcel']({ shipmentId: current.shipmentId, trackingNo });
    if (r.ok) {
      await select(r.value);
      setOk(t('outbound.removed', { tracking: trackingNo }));
      void refresh();
    } else setAlarm(r.error);
  };

  const close = async () => {
    if (!current) return;
    const r = await api['shipment:close']({ shipmentId: current.shipmentId });
    if (r.ok) {
      setCurrent(r.value.shipment);
      setLines(r.value.lines);
      setCsv(r.value.csv);
      setChainHead(r.value.chainHead);
      await refresh();
    } else {
      setAlarm(r.error);
      playHold();
    }
  };

  return (
    <div className="outbound">
      <h1>{t('outbound.title')}</h1>
      <div className="outbound-grid">
        <div>
          <form className="card" onSubmit={(e) => void create(e)} aria-label={t('outbound.create')}>
            <h2>{t('outbound.create')}</h2>
            <label>
              {t('outbound.destination')}
              <input value={form.destination} onChange={(e) => setForm({ ...form, destination: e.target.value })} required />
            </label>
            <label>
              {t('outbound.carrier')}
              <input value={form.carrier} onChange={(e) => setForm({ ...form, carrier: e.target.value })} required />
            </label>
            <button className="primary" type="submit">
              {t('outbound.create')}
            </button>
          </form>
          <section className="card" aria-label={t('outbound.open')}>
            <h2>{t('outbound.open')}</h2>
            {shipments.map((s) => (
              <button key={s.shipmentId} className={current?.shipmentId === s.shipmentId ? 'chip active' : 'chip'} onClick={() => void select(s)}>
                #{s.shipmentId} {s.destination} · {s.carrier} · {t('outbound.parcels', { n: s.parcels })}
              </button>
            ))}
            <h2>{t('outbound.closed')}</h2>
            {closed.map((s) => (
              <button key={s.shipmentId} className="chip" onClick={() => void select(s)}>
                #{s.shipmentId} {s.destination} · {t('outbound.parcels', { n: s.parcels })}
              </button>
            ))}
          </section>
        </div>
        {current && (
          <section className="card" aria-label={t('outbound.manifestTitle', { id: current.shipmentId })}>
            <h2>
              {t('outbound.manifestTitle', { id: current.shipmentId })} · {current.destination} · {current.carrier} · {word(t, 'shipmentStatus', current.status)}
            </h2>
            {current.status === 'OPEN' && (
              <label>
                {t('outbound.scanLabel')}
                <input
                  ref={scanRef}
                  className="scan-input"
                  aria-label={t('outbound.scanLabel')}
                  value={scan}
                  autoFocus
                  onChange={(e) => setScan(e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') {
                      e.preventDefault();
                      void add();
                    }
                  }}
                />
              </label>
            )}
            {alarm && (
              <div className="gate-alarm" role="alert">
                {/* The server lost is no refusal: the parcel was not added, and may be scanned again once it is back. */}
                <strong>{alarm.code === 'SERVER_LOST' ? t('outbound.notStored') : t('outbound.refused')}</strong> {errorText(t, alarm)}
              </div>
            )}
            {ok && <p role="status">{ok}</p>}
            <p className="muted">{t('outbound.parcels', { n: lines.length })}</p>
            <table className="grid" aria-label={t('outbound.lines')}>
              <thead>
                <tr>
                  <th>{t('station.col.tracking')}</th>
                  <th>{t('detail.order')}</th>
                  <th>{t('outbound.item')}</th>
                  <th>{t('detail.declared')}</th>
                  <th>{t('outbound.addedAt')}</th>
                  {current.status === 'OPEN' && <th />}
                </tr>
              </thead>
              <tbody>
                {lines.map((l) => (
                  <tr key={l.trackingNo}>
                    <td className="mono">{l.trackingNo}</td>
                    <td>{l.orderNo}</td>
                    <td>{l.item}</td>
                    <td>{l.declaredBrand ?? ''}</td>
                    <td>{fmtTime(l.addedAt)}</td>
                    {current.status === 'OPEN' && (
                      <td>
                        <button aria-label={t('outbound.removeLine', { tracking: l.trackingNo })} onClick={() => void remove(l.trackingNo)}>
                          {t('outbound.remove')}
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="row">
              {current.status === 'OPEN' && mayClose && (
                <button className="primary" onClick={() => void close()} disabled={!lines.length}>
                  {t('outbound.closeShipment')}
                </button>
              )}
              <button onClick={() => downloadText(`manifest-${current.shipmentId}.csv`, csv)}>{t('outbound.manifestCsv')}</button>
              <button onClick={() => window.print()}>{t('outbound.printManifest')}</button>
            </div>
            <PrintPage kind="a4">
              <article className="manifest">
                <h1>{t('outbound.manifestTitle', { id: current.shipmentId })}</h1>
                <dl className="manifest-head">
                  <dt>{t('outbound.destination')}</dt>
                  <dd>{current.destination}</dd>
                  <dt>{t('outbound.carrier')}</dt>
                  <dd>{current.carrier}</dd>
                  <dt>{t('holds.status')}</dt>
                  <dd>{word(t, 'shipmentStatus', current.status)}</dd>
                  <dt>{t('outbound.created')}</dt>
                  <dd>
                    {fmtDateTime(current.createdAt)} · {actorName(t, current.createdBy)}
                  </dd>
                  <dt>{t('outbound.closedAt')}</dt>
                  <dd>{current.closedAt ? fmtDateTime(current.closedAt) : '—'}</dd>
                  <dt>{t('outbound.count')}</dt>
                  <dd>{lines.length}</dd>
                </dl>
                <table>
                  <thead>
                    <tr>
                      <th>#</th>
                      <th>{t('station.col.tracking')}</th>
                      <th>{t('detail.order')}</th>
                      <th>{t('outbound.customer')}</th>
                      <th>{t('outbound.item')}</th>
                      <th>{t('detail.declared')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {lines.map((l, i) => (
                      <tr key={l.trackingNo}>
                        <td>{i + 1}</td>
                        <td>{l.trackingNo}</td>
                        <td>{l.orderNo}</td>
                        <td>{l.customer}</td>
                        <td>{l.item}</td>
                        <td>{l.declaredBrand ?? ''}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <div className="signatures">
                  <p>{t('outbound.handedOver')}: ____________________ {t('outbound.date')}: ____________</p>
                  <p>{t('outbound.receivedBy')}: ____________________ {t('outbound.date')}: ____________</p>
                </div>
                {chainHead && <small className="chain-head">{t('outbound.chainHead', { head: `${chainHead.seq}:${chainHead.hash}` })}</small>}
              </article>
            </PrintPage>
          </section>
        )}
      </div>
    </div>
  );
}
