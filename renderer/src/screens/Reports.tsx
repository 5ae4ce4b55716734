// Reports: inspections and holds per day, holds by reason and brand, time from hold to decision.
import { DateField } from '../components/DateField';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, Line, ComposedChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ReportSummary } from '../../../shared/api';
import { toCsv } from '../../../shared/csv';
import { api } from '../api';
import { downloadText } from '../download';
import { brandName } from '../words';
import { useApiQuery } from '../useApi';
import { ErrorText } from '../components/ErrorText';
import type { ApiError } from '../../../shared/result';

const iso = (d: Date) => d.toISOString().slice(0, 10);

export function Reports() {
  const { t } = useTranslation();
  const [range, setRange] = useState({ from: iso(new Date(Date.now() - 29 * 86400_000)), to: iso(new Date()) });
  const [data, setData] = useState<ReportSummary | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const registry = useApiQuery('registry:brands', {});

  useEffect(() => {
    void api['reports:summary'](range).then((r) => (r.ok ? setData(r.value) : setError(r.error)));
  }, [range]);

  const reasons = (data?.byReason ?? []).map((r) => ({ name: t(`reason.${r.code}`), code: r.code, holds: r.holds }));
  return (
    <div className="reports">
      <h1>{t('reports.title')}</h1>
      <div className="row filters">
        <label>
          {t('reports.from')} <DateField value={range.from} onChange={(v) => setRange({ ...range, from: v })} />
        </label>
        <label>
          {t('reports.to')} <DateField value={range.to} onChange={(v) => setRange({ ...range, to: v })} />
        </label>
      </div>
      <ErrorText error={error} />
      {data && (
        <div className="charts">
          <section className="card" aria-label={t('reports.daily')}>
            <h2>
              {t('reports.daily')}{' '}
              <button onClick={() => downloadText('daily.csv', toCsv(['day', 'inspected', 'holds', 'hold_rate'], data.daily.map((d) => [d.day, d.inspected, d.holds, d.holdRate])))}>{t('reports.csv')}</button>
            </h2>
            <ResponsiveContainer width="100%" height={260}>
              <ComposedChart data={data.daily.map((d) => ({ ...d, holdRatePct: Math.round(d.holdRate * 1000) / 10 }))}>
                <CartesianGrid stroke="#334155" />
                <XAxis dataKey="day" stroke="#cbd5e1" />
                <YAxis yAxisId="n" stroke="#cbd5e1" allowDecimals={false} />
                <YAxis yAxisId="pct" orientation="right" stroke="#fca5a5" unit="%" domain={[0, 100]} />
                <Tooltip />
                <Legend />
                <Bar yAxisId="n" dataKey="inspected" name={t('reports.inspected')} fill="#38bdf8" isAnimationActive={false} />
                <Bar yAxisId="n" dataKey="holds" name={t('reports.holds')} fill="#ef4444" isAnimationActive={false} />
                <Line yAxisId="pct" dataKey="holdRatePct" name={t('reports.holdRate')} stroke="#fca5a5" isAnimationActive={false} />
              </ComposedChart>
            </ResponsiveContainer>
          </section>
          <section className="card" aria-label={t('reports.byReason')}>
            <h2>
              {t('reports.byReason')}{' '}
              <button onClick={() => downloadText('holds-by-reason.csv', toCsv(['reason', 'holds'], data.byReason.map((r) => [r.code, r.holds])))}>{t('reports.csv')}</button>
            </h2>
            <ResponsiveContainer width="100%" height={Math.max(120, reasons.length * 34 + 40)}>
              <BarChart data={reasons} layout="vertical" margin={{ left: 40 }}>
                <CartesianGrid stroke="#334155" />
                <XAxis type="number" stroke="#cbd5e1" allowDecimals={false} />
                <YAxis type="category" dataKey="name" stroke="#cbd5e1" width={150} />
                <Tooltip />
                <Bar dataKey="holds" name={t('reports.holds')} fill="#f59e0b" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </section>
          <section className="card" aria-label={t('reports.byBrand')}>
            <h2>
              {t('reports.byBrand')}{' '}
              <button onClick={() => downloadText('holds-by-brand.csv', toCsv(['brand', 'holds'], data.byBrand.map((r) => [r.brandId, r.holds])))}>{t('reports.csv')}</button>
            </h2>
            <ResponsiveContainer width="100%" height={Math.max(120, data.byBrand.length * 34 + 40)}>
              <BarChart data={data.byBrand.map((b) => ({ ...b, name: brandName(registry.data?.brands.find((x) => x.id === b.brandId), b.brandId) }))} layout="vertical" margin={{ left: 40 }}>
                <CartesianGrid stroke="#334155" />
                <XAxis type="number" stroke="#cbd5e1" allowDecimals={false} />
                <YAxis type="category" dataKey="name" stroke="#cbd5e1" width={120} />
                <Tooltip />
                <Bar dataKey="holds" name={t('reports.holds')} fill="#a78bfa" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </section>
          <section className="card" aria-label={t('reports.decision')}>
            <h2>{t('reports.decision')}</h2>
            <p>
              {t('reports.decided', { n: data.holdToDecision.decided })} · {t('reports.median', { h: data.holdToDecision.medianHours })} · {t('reports.p95', { h: data.holdToDecision.p95Hours })}
            </p>
            {data.lateDecisions && (
              <p>
                {t('cases.late', { late: data.lateDecisions.late, decided: data.lateDecisions.decided })}
                {data.lateDecisions.byClock.map((c) => ` · ${t(`cases.${c.kind}`)} ${c.holds}`).join('')}
              </p>
            )}
            <ul>
              {data.decisions.map((d) => (
                <li key={d.disposition}>
                  {t(`detail.${d.disposition}`)}: {d.count} · {t('reports.median', { h: d.medianHours })} · {t('reports.p95', { h: d.p95Hours })}
                </li>
              ))}
            </ul>
          </section>
        </div>
      )}
    </div>
  );
}
