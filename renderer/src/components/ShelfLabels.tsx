// Printable shelf barcodes (Code 128), one per shelf, for sticking on the hold shelves.
import { useMemo } from 'react';
import { toSVG } from 'bwip-js/browser';
import type { Shelf } from '../../../shared/api';

function code128(text: string): string | null {
  try {
    return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(toSVG({ bcid: 'code128', text, scale: 3, height: 12, includetext: true, textxalign: 'center' }))}`;
  } catch {
    return null;
  }
}

export function ShelfLabels({ shelves }: { shelves: Shelf[] }) {
  const codes = useMemo(() => shelves.map((s) => ({ ...s, svg: code128(s.code) })), [shelves]);
  return (
    <div className="shelf-labels">
      {codes.map((s) => (
        <figure key={s.code} className="shelf-label">
          {s.svg && <img src={s.svg} alt={s.code} />}
          <figcaption>
            <strong>{s.code}</strong> {s.label}
          </figcaption>
        </figure>
      ))}
    </div>
  );
}
