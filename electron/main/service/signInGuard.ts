// Sign-in that holds under parallel guessing: per user, the lockout check and the failure count run
// one at a time, and each attempt is counted as a failure in the database BEFORE the slow hash (so
// 400 parallel guesses get at most MAX_PIN_FAILURES evaluations per lock window, even across
// processes); a success then clears the count. Attempts are also rate-limited per user and per station.
import { AppError } from '../../../shared/result';
import type { Storage, UserRecord } from '../db/storage';
import { verifyPin } from './pin';
import { isSystemPinHash } from '../../../shared/systemIdentities';

export const MAX_PIN_FAILURES = 5;
export const LOCK_MINUTES = 5;
/** Failed attempts allowed per minute (a person signing in again and again at a shared station is not limited). */
export const USER_ATTEMPTS_PER_MINUTE = 10;
export const STATION_ATTEMPTS_PER_MINUTE = 30;

class SlidingWindow {
  private readonly hits = new Map<string, number[]>();
  constructor(private readonly limit: number, private readonly windowMs: number) {}
  /** True when `key` already has as many attempts in the window as the limit allows. */
  full(key: string, now: number): boolean {
    const recent = (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
    this.hits.set(key, recent);
    return recent.length >= this.limit;
  }

  /** Gives back an attempt counted at `at` (it succeeded). */
  refund(key: string, at: number): void {
    const recent = this.hits.get(key);
    const i = recent?.lastIndexOf(at) ?? -1;
    if (recent && i >= 0) recent.splice(i, 1);
  }

  /** Counts one attempt for `key`. */
  add(key: string, now: number): void {
    const recent = this.hits.get(key) ?? [];
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > 10_000) this.hits.delete(this.hits.keys().next().value!);
  }
}

export class SignInGuard {
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly perUser = new SlidingWindow(USER_ATTEMPTS_PER_MINUTE, 60_000);
  private readonly perStation = new SlidingWindow(STATION_ATTEMPTS_PER_MINUTE, 60_000);
  /** PIN hashes evaluated (for the benchmark and the test of parallel guessing). */
  evaluations = 0;

  constructor(
    private readonly storage: Storage,
    private readonly now: () => Date,
  ) {}

  /** Runs `fn` after every earlier attempt on the same user has finished. */
  private serial<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const before = this.queues.get(key) ?? Promise.resolve();
    const run = before.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.queues.set(key, tail);
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
    return run;
  }

  /** The signed-in user record, or an AppError (WRONG_PIN / LOCKED_OUT with a locale key). */
  async check(name: string, pin: string, station: string): Promise<UserRecord> {
    const key = name.trim().toLowerCase();
    return this.serial(key, async () => {
      const now = this.now();
      if (this.perStation.full(station, now.getTime()) || this.perUser.full(key, now.getTime())) {
        throw new AppError('LOCKED_OUT', 'Too many sign-in attempts: wait a minute and try again', undefined, { key: 'signInRateLimited', params: {} });
      }
      // Counted before the attempt (parallel attempts from one station see each other), given back
      // when it succeeds: failed attempts count against the user and the station, a person signing
      // in again and again at a shared station does not.
      this.perStation.add(station, now.getTime());
      this.perUser.add(key, now.getTime());
      const u = await this.attempt(name, pin, station, now);
      this.perStation.refund(station, now.getTime());
      this.perUser.refund(key, now.getTime());
      return u;
    });
  }

  private async attempt(name: string, pin: string, station: string, now: Date): Promise<UserRecord> {
    {
      const u = await this.storage.userByName(name);
      if (!u || !u.active || isSystemPinHash(u.pinHash)) throw new AppError('WRONG_PIN', 'Unknown user or wrong PIN', undefined, { key: 'wrongPin', params: {} });
      // Count this attempt as a failure first; only then spend the slow hash on it.
      const lockUntil = new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString();
      const attempt = await this.storage.reservePinAttempt(u.id, now.toISOString(), lockUntil, MAX_PIN_FAILURES);
      if (!attempt.allowed) throw lockedOut(u.name, attempt.lockedUntil);
      this.evaluations++;
      if (await verifyPin(pin, u.pinHash)) return u;
      await this.storage.recordPinFailure(u.id, attempt.lockedUntil, station);
      if (attempt.lockedUntil) throw lockedOut(u.name, attempt.lockedUntil);
      const left = MAX_PIN_FAILURES - attempt.failures;
      throw new AppError('WRONG_PIN', `Wrong PIN for ${u.name} (${left} tries left)`, undefined, { key: 'wrongPinTriesLeft', params: { left } });
    }
  }
}

function lockedOut(name: string, until: string | null): AppError {
  const time = until ? until.slice(11, 16) : '';
  return new AppError('LOCKED_OUT', `Too many wrong PINs: ${name} is locked until ${time} UTC. A supervisor can help.`, undefined, {
    key: 'lockedOut',
    params: { name, until: until ?? '' },
  });
}
