// Saves what the app made (CSV exports, evidence packs) through the browser's download: no file system access needed.
export function downloadText(fileName: string, text: string, mime = 'text/csv;charset=utf-8'): void {
  downloadBlob(fileName, new Blob([text], { type: mime }));
}

export function downloadBytes(fileName: string, bytes: Uint8Array, mime: string): void {
  downloadBlob(fileName, new Blob([bytes as BlobPart], { type: mime }));
}

function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function ageText(minutes: number, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (minutes < 60) return t('holds.minutes', { n: minutes });
  if (minutes < 48 * 60) return t('holds.hours', { n: Math.floor(minutes / 60) });
  return t('holds.days', { n: Math.floor(minutes / 1440) });
}
