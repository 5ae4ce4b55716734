// Small statistics for the benchmark commands.
export function quantile(values: number[], q: number): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
  return s[i];
}

export const median = (v: number[]) => quantile(v, 0.5);
export const p95 = (v: number[]) => quantile(v, 0.95);
export const fmt = (v: number) => (Number.isNaN(v) ? '—' : `${Math.round(v)}`);

/** Samples resident memory every 50 ms; `stop` returns the peak in MiB. */
export function trackPeakMemory(): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  return {
    stop() {
      clearInterval(timer);
      return Math.round(Math.max(peak, process.memoryUsage().rss) / 1048576);
    },
  };
}

/** A row of bench-scale.ts's table (its own figures, the server part's and the import part's). */
export interface FigureRow {
  what: string;
  median: string;
  p95: string;
  cpu?: string;
  n: string;
  goal: string;
  load: string;
}
