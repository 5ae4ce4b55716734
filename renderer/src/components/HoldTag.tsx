// The hold tag: printed (system dialog or PDF) and stuck on the parcel on the hold shelf.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { toSVG } from 'bwip-js/browser';
import type { Finding } from '../../../shared/types';

export interface HoldTagData {
  trackingNo: string;
  orderNo: string | null;
  location: string | null;
  inspector: string;
  station: string;
  heldAt: string;
  findings: Finding[];
  /** The audit chain head when the verdict was stored: an anchor for `audit verify --anchor`. */
  chainHead?: { seq: number; hash: string } | null;
}

export function HoldTag({ tag }: { tag: HoldTagData }) {
  const { t } = useTranslation();
  const barcode = useMemo(() => {
    try {
      const svg = toSVG({ bcid: 'code128', text: tag.trackingNo, scale: 3, height: 14, includetext: true, textxalign: 'center' });
      return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
    } catch {
      return null;
    }
  }, [tag.trackingNo]);
  return (
    <article className="hold-tag" aria-label={t('tag.title')}>
      <h1>{t('tag.title')}</h1>
      <h2>HOLD · 扣留</h2>
      {barcode && <img className="tag-barcode" src={barcode} alt={tag.trackingNo} />}
      <dl>
        <dt>{t('tag.parcel')}</dt>
        <dd>{tag.trackingNo}</dd>
        <dt>{t('tag.order')}</dt>
        <dd>{tag.orderNo ?? '—'}</dd>
        <dt>{t('tag.location')}</dt>
        <dd className="tag-location">{tag.location ?? '—'}</dd>
        <dt>{t('tag.date')}</dt>
        <dd>{new Date(tag.heldAt).toLocaleString()}</dd>
        <dt>{t('tag.inspector')}</dt>
        <dd>
          {tag.inspector} · {tag.station}
        </dd>
      </dl>
      <h3>{t('tag.reasons')}</h3>
      <ol>
        {tag.findings.map((f, i) => (
          <li key={i}>
            <strong>{f.code}</strong> {f.messageZh}
            <br />
            <small>{f.message}</small>
          </li>
        ))}
      </ol>
      {tag.chainHead && <small className="chain-head">{t('tag.chainHead', { head: `${tag.chainHead.seq}:${tag.chainHead.hash}` })}</small>}
    </article>
  );
}
