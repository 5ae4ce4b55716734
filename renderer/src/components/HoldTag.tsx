// The hold tag: a 100×150 mm thermal label stuck on the parcel on the hold shelf. Reasons in words
// in both languages (the shelf crew and a foreign brand's agent both read it), the tracking number
// as Code 128, shelf, date and inspector.
import { warehouseTime } from '../words';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { toSVG } from 'bwip-js/browser';
import type { ReasonCode } from '../../../shared/types';

export interface HoldTagData {
  trackingNo: string;
  orderNo: string | null;
  location: string | null;
  inspector: string;
  station: string;
  heldAt: string;
  /** The hold's reasons, each printed in both languages. */
  reasons: readonly ReasonCode[];
  /** The audit chain head when the verdict was stored: an anchor for `audit verify --anchor`. */
  chainHead?: { seq: number; hash: string } | null;
}

export function HoldTag({ tag }: { tag: HoldTagData }) {
  const { i18n } = useTranslation();
  const zh = i18n.getFixedT('zh');
  const en = i18n.getFixedT('en');
  const barcode = useMemo(() => {
    try {
      const svg = toSVG({ bcid: 'code128', text: tag.trackingNo, scale: 3, height: 14 });
      return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
    } catch {
      return null;
    }
  }, [tag.trackingNo]);
  const both = (key: string) => `${zh(key)} ${en(key)}`;
  const codes = [...new Set(tag.reasons)];
  return (
    <article className="hold-tag" aria-label={en('tag.title')}>
      <h1>
        {zh('tag.title')}
        <br />
        <small>{en('tag.title')}</small>
      </h1>
      {barcode && <img className="tag-barcode" src={barcode} alt={tag.trackingNo} />}
      <p className="tag-tracking">{tag.trackingNo}</p>
      <dl>
        <dt>{both('tag.location')}</dt>
        <dd className="tag-location">{tag.location ?? '—'}</dd>
        <dt>{both('tag.order')}</dt>
        <dd>{tag.orderNo ?? '—'}</dd>
        <dt>{both('tag.date')}</dt>
        <dd>{warehouseTime(tag.heldAt)}</dd>
        <dt>{both('tag.inspector')}</dt>
        <dd>
          {tag.inspector} · {tag.station}
        </dd>
      </dl>
      <h3>{both('tag.reasons')}</h3>
      <ol>
        {codes.map((c) => (
          <li key={c}>
            <strong>{zh(`reason.${c}`)}</strong> · {en(`reason.${c}`)}
          </li>
        ))}
      </ol>
      {/* The one line printed to be checked (audit verify --anchor): wrapped, never cut off. */}
      {tag.chainHead && (
        <p className="chain-head">
          <strong>{both('tag.chainLabel')}</strong>
          <br />
          <span className="mono">{`${tag.chainHead.seq}:${tag.chainHead.hash}`}</span>
        </p>
      )}
    </article>
  );
}
