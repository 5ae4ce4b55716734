// Admin: the allow/deny list (entries expire), sellers flagged by counterfeit decisions, and the
// shipped clone-mark and replica-phrase lists (export, edit, import). Every change is audited in main.
import { DateField } from '../components/DateField';
import { FileButton } from '../components/FileButton';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../shared/result';
import type { CounterfeitListInfo } from '../../../shared/api';
import type { SellerFlagRow, SellerListEntry } from '../../../shared/rules/sellerLists';
import { CHANNEL_LABELS, ORDER_CHANNELS, type OrderChannel } from '../../../shared/channels';
import { api } from '../api';
import { downloadText } from '../download';
import { errorDetails, errorText } from '../errors';

const EMPTY = { list: 'allow' as 'allow' | 'deny', storeId: '', creditCode: '', brand: '', channel: 'TMALL_FLAGSHIP', reason: '', expiresOn: '' };

export function SellerLists() {
  const { t, i18n } = useTranslation();
  const [entries, setEntries] = useState<SellerListEntry[]>([]);
  const [today, setToday] = useState('');
  const [flags, setFlags] = useState<SellerFlagRow[]>([]);
  const [form, setForm] = useState(EMPTY);
  const [message, setMessage] = useState<string | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [lists, setLists] = useState<Partial<Record<'lookalikes' | 'phrases', CounterfeitListInfo>>>({});

  const channelName = (c: string | null) => (c ? (CHANNEL_LABELS[c as OrderChannel]?.[i18n.language === 'zh' ? 'zh' : 'en'] ?? c) : '');

  /** A Chinese user never sees English: known keys are rendered from the locale files. */
  const say = useCallback((e: ApiError) => [errorText(t, e), ...errorDetails(t, e)], [t]);

  const load = useCallback(async () => {
    const [l, f] = await Promise.all([api['sellerLists:list']({}), api['sellerFlags:list']({ includeCleared: false })]);
    if (l.ok) {
      setEntries(l.value.entries);
      setToday(l.value.today);
    }
    if (f.ok) setFlags(f.value);
    for (const list of ['lookalikes', 'phrases'] as const) {
      const r = await api['counterfeitLists:export']({ list });
      if (r.ok) setLists((old) => ({ ...old, [list]: r.value }));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const done = async (r: { ok: true } | { ok: false; error: ApiError }, ok?: string) => {
    if (r.ok) {
      setErrors([]);
      setMessage(ok ?? null);
      await load();
    } else setErrors(say(r.error));
  };

  const add = async (e: React.FormEvent) => {
    e.preventDefault();
    const r = await api['sellerLists:add']({
      list: form.list,
      storeId: form.storeId || undefined,
      creditCode: form.creditCode || undefined,
      brand: form.brand || undefined,
      channel: form.channel || undefined,
      reason: form.reason,
      expiresOn: form.expiresOn,
    });
    if (r.ok) setForm(EMPTY);
    await done(r);
  };

  const remove = async (id: number) => {
    const reason = window.prompt(t('sellers.removeReason'));
    if (reason) await done(await api['sellerLists:remove']({ id, reason }));
  };

  const clear = async (id: number) => {
    const reason = window.prompt(t('sellers.clearReason'));
    if (reason) await done(await api['sellerFlags:clear']({ id, reason }));
  };

  const importCsv = async (file?: File) => {
    if (!file) return;
    const r = await api['sellerLists:import']({ file: { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } });
    await done(r, r.ok ? t('sellers.imported', { ...r.value }) : undefined);
  };

  const exportCsv = async () => {
    const r = await api['sellerLists:export']({});
    if (r.ok) downloadText(`seller-lists-${today}.csv`, r.value.csv);
    else setErrors(say(r.error));
  };

  const exportList = async (list: 'lookalikes' | 'phrases') => {
    const r = await api['counterfeitLists:export']({ list });
    if (r.ok) downloadText(`${list}.json`, r.value.json, 'application/json');
    else setErrors(say(r.error));
  };

  const importList = async (list: 'lookalikes' | 'phrases', file?: File) => {
    if (!file) return;
    await done(await api['counterfeitLists:import']({ list, file: { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } }));
  };

  return (
    <div className="admin sellers">
      <section className="card" aria-label={t('sellers.lists')}>
        <h2>{t('sellers.lists')}</h2>
        <p>{t('sellers.listsHelp')}</p>
        {entries.length === 0 ? (
          <p>{t('sellers.none')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                {(['list', 'store', 'creditCode', 'brand', 'channel', 'reason', 'until', 'addedBy'] as const).map((k) => (
                  <th key={k}>{t(`sellers.${k}`)}</th>
                ))}
                <th />
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} className={e.expiresOn < today ? 'expired' : undefined}>
                  <td>{t(`sellers.${e.list}`)}</td>
                  <td>{e.storeId}</td>
                  <td>{e.creditCode}</td>
                  <td>{e.brandId}</td>
                  <td>{channelName(e.channel)}</td>
                  <td>{e.reason}</td>
                  <td>
                    {e.expiresOn}
                    {e.expiresOn < today && ` (${t('sellers.expired')})`}
                  </td>
                  <td>{e.addedBy}</td>
                  <td>
                    <button onClick={() => void remove(e.id)}>{t('sellers.remove')}</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <form className="row" onSubmit={(e) => void add(e)} aria-label={t('sellers.add')}>
          <label>
            {t('sellers.list')}
            <select value={form.list} onChange={(e) => setForm({ ...form, list: e.target.value as 'allow' | 'deny' })}>
              <option value="allow">{t('sellers.allow')}</option>
              <option value="deny">{t('sellers.deny')}</option>
            </select>
          </label>
          <label>
            {t('sellers.store')}
            <input value={form.storeId} onChange={(e) => setForm({ ...form, storeId: e.target.value })} />
          </label>
          <label>
            {t('sellers.creditCode')}
            <input value={form.creditCode} onChange={(e) => setForm({ ...form, creditCode: e.target.value })} />
          </label>
          <label>
            {t('sellers.brand')}
            <input value={form.brand} onChange={(e) => setForm({ ...form, brand: e.target.value })} />
          </label>
          <label>
            {t('sellers.channel')}
            <select value={form.channel} onChange={(e) => setForm({ ...form, channel: e.target.value })}>
              <option value="">—</option>
              {ORDER_CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {channelName(c)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('sellers.reason')}
            <input value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} required />
          </label>
          <label>
            {t('sellers.until')}
            <DateField value={form.expiresOn} onChange={(v) => setForm({ ...form, expiresOn: v })} required />
          </label>
          <button className="primary" type="submit">
            {t('sellers.add')}
          </button>
        </form>
        <div className="row">
          <FileButton label={t('sellers.importCsv')} accept=".csv,text/csv" onFiles={(f) => void importCsv(f[0])} />
          <button onClick={() => void exportCsv()}>{t('sellers.exportCsv')}</button>
        </div>
        <div role="status" aria-live="polite">
          {message && <p>{message}</p>}
          {errors.length > 0 && (
            <ul className="error" role="alert">
              {errors.map((e, i) => (
                <li key={i}>{e}</li>
              ))}
            </ul>
          )}
        </div>
      </section>

      <section className="card" aria-label={t('sellers.flags')}>
        <h2>{t('sellers.flags')}</h2>
        <p>{t('sellers.flagsHelp')}</p>
        {flags.length === 0 ? (
          <p>{t('sellers.noFlags')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>{t('sellers.store')}</th>
                <th>{t('sellers.creditCode')}</th>
                <th>{t('sellers.parcel')}</th>
                <th>{t('sellers.decision')}</th>
                <th>{t('sellers.reason')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {flags.map((f) => (
                <tr key={f.id}>
                  <td>{f.storeId}</td>
                  <td>{f.creditCode}</td>
                  <td>{f.trackingNo}</td>
                  <td>
                    {t(`detail.${f.disposition}`)} · {f.decidedBy} · {f.decidedAt.slice(0, 10)}
                  </td>
                  <td>{f.reason}</td>
                  <td>
                    <button onClick={() => void clear(f.id)}>{t('sellers.clear')}</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="card" aria-label={t('sellers.marks')}>
        <h2>{t('sellers.marks')}</h2>
        <p>{t('sellers.marksHelp')}</p>
        {(['lookalikes', 'phrases'] as const).map((list) => (
          <div className="row" key={list}>
            <strong>{t(`sellers.${list}`)}</strong>{' '}
            {lists[list] &&
              t('sellers.inForce', { entries: lists[list]!.entries, who: lists[list]!.updatedBy ? t('sellers.editedBy', { by: lists[list]!.updatedBy }) : t('sellers.shipped') })}
            <button onClick={() => void exportList(list)}>{t('sellers.exportJson')}</button>
            <FileButton label={t('sellers.importJson')} accept=".json,application/json" onFiles={(f) => void importList(list, f[0])} />
          </div>
        ))}
      </section>
    </div>
  );
}
