// Who is signed in where: a token per sign-in, kept in the database (its SHA-256, never the token),
// so several server processes share them and a restart signs nobody out. A session ends after idle
// time (the next call with its token is told so), at sign-out, and, by a trigger in the database,
// when the user's PIN is reset or the user is deactivated. A deactivated user's token names nobody.
import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../../shared/result';
import type { User } from '../../../shared/types';
import type { Engine } from '../db/sql';
import * as rows from '../db/repos/sessions';

export const DEFAULT_IDLE_MINUTES = 15;

/** A session is marked used at most this often: every call reads it, few need to write. */
const TOUCH_EVERY_MS = 10_000;

export interface SessionState {
  user: User;
  station: string;
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export class Sessions {
  /**
   * The sessions this process saw last, used only while the database cannot be reached: the call then
   * goes on to fail as SERVER_LOST where it needs the database (nothing can be stored without it), or is
   * refused before (a photo that is no photo), instead of every call saying "sign in" to a signed-in user.
   */
  private readonly lastKnown = new Map<string, { state: SessionState; seen: number }>();

  constructor(
    private readonly engine: Engine,
    private readonly now: () => Date,
    private readonly idleMinutes = DEFAULT_IDLE_MINUTES,
  ) {}

  /** Opens a session and returns its token. */
  async start(user: User, station: string): Promise<string> {
    const token = randomBytes(32).toString('hex');
    const now = this.now();
    await this.engine.write(async (tx) => {
      await rows.deleteIdleSessions(tx, new Date(now.getTime() - this.idleMinutes * 60_000).toISOString());
      await rows.insertSession(tx, tokenHash(token), user.id, station, now.toISOString());
    });
    return token;
  }

  /**
   * The session a token names; 'expired' when it ended after idle time (it is gone from then on:
   * only the first call after the idle time is told why). `touch: false` (a public channel, the
   * server's check before reading a large body) leaves the idle time where it was.
   */
  async resume(token: string | null | undefined, touch = true): Promise<SessionState | 'expired' | null> {
    if (!token) return null;
    const key = tokenHash(token);
    try {
      return await this.resumeStored(key, touch);
    } catch (e) {
      const known = this.lastKnown.get(key);
      if (e instanceof AppError && e.code === 'SERVER_LOST' && known && this.now().getTime() - known.seen <= this.idleMinutes * 60_000) return known.state;
      throw e;
    }
  }

  private async resumeStored(key: string, touch: boolean): Promise<SessionState | 'expired' | null> {
    const r = await rows.sessionByToken(this.engine.read, key);
    if (!r || !r.active) {
      this.lastKnown.delete(key);
      return null;
    }
    const now = this.now().getTime();
    const last = Date.parse(r.last_seen);
    if (now - last > this.idleMinutes * 60_000) {
      this.lastKnown.delete(key);
      if (touch) await rows.deleteSession(this.engine.read, key);
      return 'expired';
    }
    if (touch && now - last >= TOUCH_EVERY_MS) await rows.touchSession(this.engine.read, key, new Date(now).toISOString());
    const state = { user: { id: Number(r.user_id), name: r.name, role: r.role, locale: r.locale }, station: r.station };
    this.lastKnown.delete(key);
    this.lastKnown.set(key, { state, seen: touch ? now : last });
    if (this.lastKnown.size > 10_000) this.lastKnown.delete(this.lastKnown.keys().next().value!);
    return state;
  }

  /** Sessions still signed in (not idle past their time), on every station of this database: the last sign-out is when a backup is taken. */
  async activeCount(): Promise<number> {
    return rows.countLiveSessions(this.engine.read, new Date(this.now().getTime() - this.idleMinutes * 60_000).toISOString());
  }

  async end(token: string): Promise<void> {
    this.lastKnown.delete(tokenHash(token));
    await rows.deleteSession(this.engine.read, tokenHash(token));
  }

  /** Signs a user out everywhere at once (the database also does it on a PIN reset or deactivation). */
  async endAllOf(userId: number): Promise<void> {
    for (const [key, k] of this.lastKnown) if (k.state.user.id === userId) this.lastKnown.delete(key);
    await rows.deleteSessionsOf(this.engine.read, userId);
  }
}
