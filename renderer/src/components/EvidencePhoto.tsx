// A stored photo with the words and barcodes that caused findings outlined.
import { useEffect, useState } from 'react';
import type { Box, Finding } from '../../../shared/types';
import { api } from '../api';

export interface Mark {
  box: Box;
  label: string;
}

/** The words and barcodes every finding cites, grouped by photo, labelled with the reason. */
export function marksByPhoto(findings: Finding[], label: (code: Finding['code']) => string): Map<string, Mark[]> {
  const marks = new Map<string, Mark[]>();
  for (const f of findings) {
    for (const ev of f.evidence) {
      if (!ev.photoId || !ev.box) continue;
      marks.set(ev.photoId, [...(marks.get(ev.photoId) ?? []), { box: ev.box, label: label(f.code) }]);
    }
  }
  return marks;
}

const urlCache = new Map<string, string>();

export function usePhotoUrl(photoId: string | undefined, local?: string): string | null {
  const [url, setUrl] = useState<string | null>(local ?? (photoId ? urlCache.get(photoId) ?? null : null));
  useEffect(() => {
    if (local || !photoId || urlCache.has(photoId)) return;
    void api['photo:get']({ photoId }).then((r) => {
      if (!r.ok) return;
      const u = URL.createObjectURL(new Blob([r.value.bytes as BlobPart], { type: r.value.mime }));
      urlCache.set(photoId, u);
      setUrl(u);
    });
  }, [photoId, local]);
  return url ?? (photoId ? urlCache.get(photoId) ?? null : null);
}

export function EvidencePhoto({ photoId, width, height, marks, alt, localUrl }: { photoId: string; width: number; height: number; marks: Mark[]; alt: string; localUrl?: string }) {
  const url = usePhotoUrl(photoId, localUrl);
  if (!url) return <div className="evidence-photo placeholder" aria-label={alt} />;
  // Labels scale with the photo, so they stay readable however large the photo is.
  const font = Math.round(Math.max(28, Math.max(width, height) / 30));
  return (
    <figure className="evidence-photo">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={alt}>
        <image href={url} x={0} y={0} width={width} height={height} />
        {marks.map((m, i) => (
          <g key={i}>
            <rect x={m.box.x - 6} y={m.box.y - 6} width={m.box.w + 12} height={m.box.h + 12} className="mark" style={{ strokeWidth: font / 4 }} />
            <text x={m.box.x} y={Math.max(font, m.box.y - font / 2)} className="mark-label" style={{ fontSize: font, strokeWidth: font / 6 }}>
              {m.label}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}
