// The audit trail: filter, verify the hash chain, export it (with the hashes) for customs or a brand owner.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEventRow } from '../../../shared/api';
import { api } from '../api';
import { downloadText } from '../download';
import { Pager } from '../components/Pager';
import { actorName, auditDetails, auditEntity, fmtDateTime, word } from '../words';
import { ErrorText } from '../components/ErrorText';
import type { ApiError } from '../../../shared/result';

/** Action groups and their codes, for the filter (a group matches every code under it). */
const ACTIONS: Record<string, string[]> = {
  parcel: ['parcel.hold', 'parcel.clear', 'parcel.retake'],
  hold: ['hold.locate', 'hold.release', 'hold.return', 'hold.destroy', 'hold.await_proof'],
  shipment: ['shipment.create', 'shipment.add', 'shipment.remove', 'shipment.refused', 'shipment.close'],
  user: ['user.add', 'user.deactivate', 'user.activate', 'user.pin_reset', 'user.unlock'],
  session: ['session.sign_in', 'session.pin_wrong'],
  import: ['import.brands', 'import.certificates', 'import.orders', 'import.holidays'],
  shelves: ['shelves.import'],
  settings: ['settings.four_eyes', 'settings.clocks'],
  proof: ['proof.request', 'proof.receive', 'proof.export'],
  evidence: ['evidence.pack'],
  seller: ['seller.flag', 'seller.flag_clear'],
  sellerlist: ['sellerlist.add', 'sellerlist.renew', 'sellerlist.remove', 'sellerlist.import', 'sellerlist.export'],
  counterfeit: ['counterfeit.lookalikes.import', 'counterfeit.lookalikes.export', 'counterfeit.phrases.import', 'counterfeit.phrases.export'],
  audit: ['audit.verify', 'audit.export'],
};

const PAGE = 50;

export function Audit() {
  const { t } = useTranslation();
  const [f, setF] = useState({ action: '', actor: '', entity: '' });
  const [offset, setOffset] = useState(0);
  const [data, setData] = useState<{ rows: AuditEventRow[]; total: number } | null>(null);
  const [verdict, setVerdict] = useState<{ ok: boolean; text: string } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const load = useCallback(async () => {
    const r = await api['audit:list']({ action: f.action || undefined, actor: f.actor || undefined, entity: f.entity || undefined, page: { offset, limit: PAGE } });
    if (r.ok) {
      setData(r.value);
      setError(null);
    } else setError(r.error);
  }, [f, offset]);
  useEffect(() => {
    void load();
  }, [load]);

  const verify = async () => {
    const r = await api['audit:verify']({});
    if (!r.ok) setError(r.error);
    else if (r.value.intact) setVerdict({ ok: true, text: t('audit.intact', { events: r.value.events }) });
    else setVerdict({ ok: false, text: t('audit.broken', { seq: r.value.firstBroken!.seq, reason: r.value.firstBroken!.reason }) });
    void load();
  };

  const exportCsv = async () => {
    const r = await api['audit:export']({ action: f.action || undefined, actor: f.actor || undefined, entity: f.entity || undefined });
    if (r.ok) downloadText(`parcel-gate-audit-${new Date().toISOString().slice(0, 10)}.csv`, r.value.csv);
  };

  return (
    <div className="audit">
      <h1>{t('audit.title')}</h1>
      <div className="row">
        <button className="primary" onClick={() => void verify()}>
          {t('audit.verify')}
        </button>
        <button onClick={() => void exportCsv()}>{t('audit.export')}</button>
        {verdict && (
          <p role="status" className={verdict.ok ? 'intact' : 'broken'}>
            {verdict.text}
          </p>
        )}
      </div>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('audit.action')}
          <select
            aria-label={t('audit.action')}
            value={f.action}
            onChange={(e) => {
              setOffset(0);
              setF({ ...f, action: e.target.value });
            }}
          >
            <option value="">{t('holds.any')}</option>
            {Object.entries(ACTIONS).map(([group, codes]) => (
              <optgroup key={group} label={word(t, 'auditGroup', group)}>
                <option value={group}>{t('audit.allOf', { group: word(t, 'auditGroup', group) })}</option>
                {codes.map((c) => (
                  <option key={c} value={c}>
                    {word(t, 'auditAction', c)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        {(['actor', 'entity'] as const).map((k) => (
          <label key={k}>
            {t(`audit.${k}`)}
            <input
              value={f[k]}
              onChange={(e) => {
                setOffset(0);
                setF({ ...f, [k]: e.target.value });
              }}
            />
          </label>
        ))}
      </form>
      <ErrorText error={error} />
      {data && (
        <>
          <table className="grid" aria-label={t('audit.title')}>
            <thead>
              <tr>
                <th>#</th>
                <th>{t('audit.at')}</th>
                <th>{t('audit.actor')}</th>
                <th>{t('audit.action')}</th>
                <th>{t('audit.entity')}</th>
                <th>{t('audit.details')}</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((r) => (
                <tr key={r.seq}>
                  <td>{r.seq}</td>
                  <td>{fmtDateTime(r.at)}</td>
                  <td>{actorName(t, r.actor)}</td>
                  <td>{word(t, 'auditAction', r.action)}</td>
                  <td className="mono">{auditEntity(t, r.entityType, r.entityId)}</td>
                  <td className="details">{auditDetails(t, r.details)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager offset={offset} pageSize={PAGE} total={data.total} onChange={setOffset} />
        </>
      )}
    </div>
  );
}
