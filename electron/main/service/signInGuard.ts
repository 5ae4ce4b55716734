// Sign-in that holds under parallel guessing: per user, the lockout check and the failure count run
// one at a time, and each attempt is counted as a failure in the database BEFORE the slow hash (so
// 400 parallel guesses get at most MAX_PIN_FAILURES evaluations per lock window, even across
// processes); a success then clears the count. Attempts are also rate-limited per user and per client
// address as the server sees it (never a name the client sends); the attempts are rows in the database,
// so every server process of a warehouse counts the same ones.
import { AppError } from '../../../shared/result';
import type { Storage, UserRecord } from '../db/storage';
import type { Engine } from '../db/sql';
import { addAttempt, countAttempts, pruneAttempts, removeAttempt } from '../db/repos/sessions';
import { verifyPin } from './pin';
import { isSystemPinHash } from '../../../shared/systemIdentities';

export const MAX_PIN_FAILURES = 5;
export const LOCK_MINUTES = 5;
/** Failed attempts allowed per minute (a person signing in again and again at a shared station is not limited). */
export const USER_ATTEMPTS_PER_MINUTE = 10;
export const STATION_ATTEMPTS_PER_MINUTE = 30;
/** On the warehouse server: failed attempts per minute from one client address (a station). */
export const ADDRESS_ATTEMPTS_PER_MINUTE = 30;

export class SignInGuard {
  private readonly queues = new Map<string, Promise<unknown>>();
  /** PIN hashes evaluated (for the benchmark and the test of parallel guessing). */
  evaluations = 0;

  constructor(
    private readonly storage: Storage,
    private readonly engine: Engine,
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

  /**
   * The signed-in user record, or an AppError (WRONG_PIN / LOCKED_OUT with a locale key). `from` is
   * where the attempt comes from: the client's address on the warehouse server, else this station.
   */
  async check(name: string, pin: string, station: string, from: { address?: string | null } = {}): Promise<UserRecord> {
    const key = name.trim().toLowerCase();
    return this.serial(key, async () => {
      const now = this.now();
      const limits: [string, number][] = [
        [`user:${key}`, USER_ATTEMPTS_PER_MINUTE],
        [from.address ? `address:${from.address}` : `station:${station.toLowerCase()}`, from.address ? ADDRESS_ATTEMPTS_PER_MINUTE : STATION_ATTEMPTS_PER_MINUTE],
      ];
      // Counted before the attempt (parallel attempts, from any server process, see each other), given
      // back when it succeeds: failed attempts count against the user and the address, a person
      // signing in again and again at a shared station does not.
      const counted = await this.engine.write(async (tx) => {
        const since = new Date(now.getTime() - 60_000).toISOString();
        await pruneAttempts(tx, new Date(now.getTime() - 10 * 60_000).toISOString());
        for (const [scope, limit] of limits) {
          if ((await countAttempts(tx, scope, since)) >= limit) {
            throw new AppError('LOCKED_OUT', 'Too many sign-in attempts: wait a minute and try again', undefined, { key: 'signInRateLimited', params: {} });
          }
        }
        const ids: number[] = [];
        for (const [scope] of limits) ids.push(await addAttempt(tx, scope, now.toISOString()));
        return ids;
      });
      const u = await this.attempt(name, pin, station, now);
      await this.engine.write(async (tx) => {
        for (const id of counted) await removeAttempt(tx, id);
      });
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
