// When a station takes its backups: every few hours, at the sign-out of the last user, and sooner again
// after a failure (an unplugged drive is retried, not forgotten until the next interval). The clock
// and the run are injected, so the schedule is tested under Node without waiting.

export const RETRY_AFTER_FAILURE_MS = 15 * 60_000;

export interface LastAttempt {
  at: number;
  ok: boolean;
}

export interface ScheduleParts {
  now: () => Date;
  /** Whether backups are set up at all (a folder chosen, a local database). */
  enabled: () => boolean;
  intervalMs: () => number;
  lastAttempt: () => LastAttempt | null;
  run: (why: 'schedule' | 'sign-out') => Promise<unknown>;
}

export class BackupSchedule {
  constructor(private readonly p: ScheduleParts) {}

  /** When the next backup is due (ms), or null when none is scheduled. A station never backed up is due now. */
  nextDue(): number | null {
    if (!this.p.enabled()) return null;
    const last = this.p.lastAttempt();
    if (!last) return this.p.now().getTime();
    return last.at + (last.ok ? this.p.intervalMs() : Math.min(RETRY_AFTER_FAILURE_MS, this.p.intervalMs()));
  }

  /** Called often (once a minute in the app): takes a backup when one is due. True when it ran one. */
  async tick(): Promise<boolean> {
    const due = this.nextDue();
    if (due === null || this.p.now().getTime() < due) return false;
    await this.p.run('schedule');
    return true;
  }

  /** After a sign-out: the last person leaving is the quiet moment to back up. True when it ran one. */
  async signedOut(stillSignedIn: number): Promise<boolean> {
    if (stillSignedIn > 0 || !this.p.enabled()) return false;
    await this.p.run('sign-out');
    return true;
  }
}
