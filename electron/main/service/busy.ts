// A busy shared database is a wait, never an internal error: a write that meets another station's
// transaction past SQLite's busy_timeout is tried again (each storage write is one transaction that
// rolled back whole), and if the database stays busy the station gets a clear BUSY error with a
// locale key, not a stack trace.
import { AppError } from '../../../shared/result';

export const BUSY_RETRIES = 3;

export function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || (e instanceof Error && /database is locked/i.test(e.message));
}

export async function retryWhileBusy<T>(fn: () => Promise<T>, retries = BUSY_RETRIES): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!isBusy(e)) throw e;
      if (attempt >= retries) {
        throw new AppError('BUSY', 'The database is busy with another station: try again in a moment', undefined, { key: 'busy', params: {} });
      }
      await new Promise((r) => setTimeout(r, 100 * (attempt + 1)));
    }
  }
}
