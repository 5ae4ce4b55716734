// Saves text the app made (CSV exports) through the browser's download: no file system access needed.
export function downloadText(fileName: string, text: string, mime = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
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
