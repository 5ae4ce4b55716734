// Supervisors' hold queue: every undecided hold, oldest first, filterable; opens the parcel detail.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HoldRow, Session } from '../../../shared/api';
import type { ReasonCode } from '../../../shared/types';
import { REASON_CODES } from '../../../shared/rules/ruleList';
import type { ApiError } from '../../../shared/result';
import { api } from '../api';
import { ErrorText } from '../components/ErrorText';
import { BulkDecision, type BulkResult } from '../components/BulkDecision';
import { errorText } from '../errors';
import { publishWork } from '../workInProgress';
import { useApiQuery } from '../useApi';
import { actorName, findingText, fmtDateTime, word } from '../words';
import { ageText } from '../download';
import { Pager } from '../components/Pager';
import { ParcelDetailView } from './ParcelDetail';
import { HoldClockCell } from '../components/HoldClocks';
import { EvidencePackButton, ProofExportButton } from '../components/EvidencePackButton';
import { ExpiringEntries } from '../components/ExpiringEntries';
import { BrandFilter } from '../components/BrandFilter';

// The reason filter offers every rule's code, in the rules' order (derived from the rules' list).
const REASONS: readonly ReasonCode[] = REASON_CODES;
const PAGE = 25;

/** Bulk results outlive the queue screen (a tab switch, the parcel detail): they go only when dismissed. */
let keptResults: BulkResult[] | null = null;
/** The holds refused in the last bulk decision stay selected for the next try. */
let keptSelection = new Set<number>();

type Status = 'undecided' | 'OPEN' | 'AWAITING_PROOF' | 'decided' | 'all';

export function HoldQueue({ session }: { session: Session }) {
  const { t } = useTranslation();
  const [filters, setFilters] = useState({ status: 'undecided' as Status, reason: '', brand: '', station: '', inspector: '', location: '', minAgeHours: '', sort: 'expiry' as 'expiry' | 'oldest', expiresWithinHours: '' });
  const [offset, setOffset] = useState(0);
  const [data, setData] = useState<{ rows: HoldRow[]; total: number } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [selected, setSelectedState] = useState<Set<number>>(keptSelection);
  const setSelected = (x: Set<number>) => {
    keptSelection = x;
    setSelectedState(x);
  };
  const [results, setResultsState] = useState<BulkResult[] | null>(keptResults);
  const setResults = (x: BulkResult[] | null) => {
    keptResults = x;
    setResultsState(x);
    publishWork('bulk', x ? [{ kind: 'bulkResults', label: String(x.length) }] : []);
  };
  const refusedById = new Map((results ?? []).filter((r) => r.error).map((r) => [r.holdId, r]));
  const shelves = useApiQuery('shelves:list', {});
  const settings = useApiQuery('settings:get', {});

  const load = useCallback(async () => {
    const r = await api['holds:list']({
      status: filters.status,
      reason: filters.reason || undefined,
      brand: filters.brand || undefined,
      station: filters.station || undefined,
      inspector: filters.inspector || undefined,
      location: filters.location || undefined,
      minAgeHours: filters.minAgeHours ? Number(filters.minAgeHours) : undefined,
      sort: filters.sort,
      expiresWithinHours: filters.expiresWithinHours ? Number(filters.expiresWithinHours) : undefined,
      page: { offset, limit: PAGE },
    });
    if (r.ok) {
      setData(r.value);
      setError(null);
    } else setError(r.error);
  }, [filters, offset]);

  useEffect(() => {
    void load();
  }, [load]);

  const set = (k: keyof typeof filters) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => {
    setOffset(0);
    setFilters({ ...filters, [k]: e.target.value });
  };

  if (open) {
    return (
      <ParcelDetailView
        trackingNo={open}
        session={session}
        onClose={() => {
          setOpen(null);
          void load();
        }}
      />
    );
  }

  return (
    <div className="holds">
      <h1>{t('holds.title')}</h1>
      <ExpiringEntries />
      <form className="filters" aria-label={t('holds.filters')} onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('holds.status')}
          <select value={filters.status} onChange={set('status')}>
            <option value="undecided">{t('holds.undecided')}</option>
            <option value="AWAITING_PROOF">{t('holds.awaiting')}</option>
            <option value="decided">{t('holds.decided')}</option>
            <option value="all">{t('holds.all')}</option>
          </select>
        </label>
        <label>
          {t('holds.reason')}
          <select value={filters.reason} onChange={set('reason')}>
            <option value="">{t('holds.any')}</option>
            {REASONS.map((r) => (
              <option key={r} value={r}>
                {t(`reason.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('holds.location')}
          <select aria-label={t('holds.shelfFilter')} value={filters.location} onChange={set('location')}>
            <option value="">{t('holds.any')}</option>
            {(shelves.data ?? []).map((x) => (
              <option key={x.code} value={x.code}>
                {x.code}
              </option>
            ))}
          </select>
        </label>
        <BrandFilter
          value={filters.brand}
          onChange={(brand) => {
            setOffset(0);
            setFilters((f) => ({ ...f, brand }));
          }}
        />
        {(['station', 'inspector'] as const).map((k) => (
          <label key={k}>
            {t(`holds.${k}`)}
            <input value={filters[k]} onChange={set(k)} size={10} />
          </label>
        ))}
        <label>
          {t('holds.minAge')}
          <input type="number" min={0} value={filters.minAgeHours} onChange={set('minAgeHours')} style={{ width: '6em' }} />
        </label>
        <label>
          {t('cases.sort')}
          <select value={filters.sort} onChange={set('sort')}>
            <option value="expiry">{t('cases.sortExpiry')}</option>
            <option value="oldest">{t('cases.sortOldest')}</option>
          </select>
        </label>
        <label>
          {t('cases.expiresWithin')}
          <input type="number" min={0} value={filters.expiresWithinHours} onChange={set('expiresWithinHours')} style={{ width: '6em' }} />
        </label>
      </form>
      <div className="row">
        <EvidencePackButton
          label={t('cases.packFiltered')}
          holds={{ status: filters.status, reason: filters.reason || undefined, brand: filters.brand || undefined, station: filters.station || undefined, inspector: filters.inspector || undefined, location: filters.location || undefined, sort: filters.sort }}
        />
        <ProofExportButton />
      </div>
      <ErrorText error={error} />
      {results && (
        <section className="card bulk-results" role="status" aria-label={t('holds.bulkResults')}>
          <h2>{t('holds.bulkResults')}</h2>
          <p>
            {t('holds.bulkSummary', { done: results.filter((r) => !r.error).length, refused: results.filter((r) => r.error).length, disposition: t(`detail.${results[0]?.disposition ?? 'RELEASE'}`) })}
          </p>
          <ul>
            {results.map((r) => (
              <li key={r.holdId} className={r.error ? 'error' : 'clear-text'}>
                <span className="mono">{r.trackingNo}</span>: {r.error ? `${t('holds.bulkRefused')} ${errorText(t, r.error)}` : t('holds.bulkDone')}
              </li>
            ))}
          </ul>
          <button onClick={() => setResults(null)}>{t('holds.bulkDismiss')}</button>
        </section>
      )}
      {data && (
        <>
          <p className="muted">{t('holds.total', { total: data.total })}</p>
          {data.rows.length === 0 ? (
            <p>{t('holds.none')}</p>
          ) : (
            <table className="grid" aria-label={t('holds.title')}>
              <thead>
                <tr>
                  <th>
                    <span className="sr-only">{t('holds.select')}</span>
                  </th>
                  <th>{t('station.tracking')}</th>
                  <th>{t('holds.age')}</th>
                  <th>{t('cases.clocks')}</th>
                  <th>{t('holds.reason')}</th>
                  <th>{t('holds.why')}</th>
                  <th>{t('holds.station')}</th>
                  <th>{t('holds.inspector')}</th>
                  <th>{t('holds.location')}</th>
                  <th>{t('holds.statusCol')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {data.rows.map((h) => (
                  <tr key={h.holdId} className={refusedById.has(h.holdId) ? 'refused' : undefined}>
                    <td>
                      {(h.status === 'OPEN' || h.status === 'AWAITING_PROOF') && (
                        <input
                          type="checkbox"
                          aria-label={`${t('holds.select')} ${h.trackingNo}`}
                          checked={selected.has(h.holdId)}
                          onChange={(e) => {
                            const next = new Set(selected);
                            if (e.target.checked) next.add(h.holdId);
                            else next.delete(h.holdId);
                            setSelected(next);
                          }}
                        />
                      )}
                    </td>
                    <td className="mono">
                      {h.trackingNo}
                      {refusedById.has(h.holdId) && <div className="error small">{errorText(t, refusedById.get(h.holdId)!.error!)}</div>}
                    </td>
                    <td>{ageText(h.ageMinutes, t)}</td>
                    <td>
                      <HoldClockCell clocks={h.clocks} />
                    </td>
                    <td>
                      {h.reasons.map((c) => (
                        <span key={c} className="chip reason">
                          {t(`reason.${c}`)}
                        </span>
                      ))}
                    </td>
                    <td className="why">{findingText(t, { message: h.summary, messageZh: h.summaryZh })}</td>
                    <td>{h.station}</td>
                    <td>{h.inspector ? actorName(t, h.inspector) : "—"}</td>
                    <td className="mono">{h.location ?? '—'}</td>
                    <td>
                      {word(t, 'holdStatus', h.status)}
                      {h.lastDecision && (
                        <div className="muted small">
                          {t('holds.decidedLine', { disposition: word(t, 'detail', h.lastDecision.disposition), by: h.lastDecision.decidedBy, at: fmtDateTime(h.lastDecision.decidedAt) })}
                        </div>
                      )}
                    </td>
                    <td>
                      <button onClick={() => setOpen(h.trackingNo)} aria-label={`${t('holds.open')} ${h.trackingNo}`}>
                        {t('holds.open')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Pager offset={offset} pageSize={PAGE} total={data.total} onChange={setOffset} />
          {selected.size > 0 && (
            <BulkDecision
              holds={data.rows.filter((h) => selected.has(h.holdId))}
              fourEyes={settings.data?.fourEyes ?? false}
              me={session.user.name}
              onDone={(out) => {
                setResults(out);
                // Refused holds stay selected, with their reason on their row; the decided ones leave.
                setSelected(new Set(out.filter((r) => r.error).map((r) => r.holdId)));
                void load();
              }}
            />
          )}
        </>
      )}
    </div>
  );
}
