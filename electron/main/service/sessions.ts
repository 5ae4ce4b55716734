// Who is signed in where: a token per sign-in, kept in this process's memory only, so a restart
// signs everyone out. A session ends after idle time; the next call with its token is told so.
import { randomBytes } from 'node:crypto';
import type { User } from '../../../shared/types';

export const DEFAULT_IDLE_MINUTES = 15;

export interface SessionState {
  user: User;
  station: string;
  lastSeen: number;
}

export class Sessions {
  private readonly byToken = new Map<string, SessionState>();

  constructor(
    private readonly now: () => Date,
    private readonly idleMinutes = DEFAULT_IDLE_MINUTES,
  ) {}

  /** Opens a session and returns its token. */
  start(user: User, station: string): string {
    const token = randomBytes(32).toString('hex');
    this.byToken.set(token, { user, station, lastSeen: this.now().getTime() });
    return token;
  }

  /**
   * The session a token names, marked as used now; 'expired' when it ended after idle time (it is
   * gone from then on: only the first call after the idle time is told why).
   */
  resume(token: string | null | undefined): SessionState | 'expired' | null {
    const s = token ? this.byToken.get(token) : undefined;
    if (!s) return null;
    const now = this.now().getTime();
    if (now - s.lastSeen > this.idleMinutes * 60_000) {
      this.byToken.delete(token!);
      return 'expired';
    }
    s.lastSeen = now;
    return s;
  }

  /** Sessions still signed in (not idle past their time): the last sign-out is when a backup is taken. */
  activeCount(): number {
    const now = this.now().getTime();
    let n = 0;
    for (const s of this.byToken.values()) if (now - s.lastSeen <= this.idleMinutes * 60_000) n++;
    return n;
  }

  end(token: string): void {
    this.byToken.delete(token);
  }

  /** A deactivated user is signed out everywhere at once. */
  endAllOf(userId: number): void {
    for (const [token, s] of this.byToken) if (s.user.id === userId) this.byToken.delete(token);
  }

  /** The user as a session shows it changed (their language). */
  updateUser(token: string, user: User): void {
    const s = this.byToken.get(token);
    if (s) s.user = user;
  }
}
