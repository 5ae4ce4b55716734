// Whether the station's storage answers, for the whole renderer. A station on a shared PostgreSQL
// server fails closed: the first call that answers SERVER_LOST marks the server lost at once (the
// banner shows, no verdict is trusted), and only the server itself can end that — `system:engine`
// asked every few seconds while lost, answering `connected`. Pure (no React): the API client feeds it
// every result, the top bar and the station read it through useServerLink.
import type { Channel, EngineStatus } from '../../shared/api';
import type { Result } from '../../shared/result';

export interface LinkState {
  /** The last call failed with SERVER_LOST, and no check has found the server since. */
  lost: boolean;
  /** When the server was found lost (ms since the epoch). */
  since: number | null;
  /** The last answer of `system:engine`; null while unknown (never asked, or the channel failed). */
  engine: EngineStatus | null;
}

export interface ServerLink {
  get(): LinkState;
  subscribe(listener: () => void): () => void;
  /** Every call's result passes here, so a lost server is noticed by whichever call meets it first. */
  note(channel: Channel, result: Result<unknown>): void;
  /** Asks `system:engine` now (start-up, or a call just succeeded while lost). */
  refresh(): Promise<void>;
  /** Stops polling (tests, sign-out of the window). */
  stop(): void;
}

export interface ServerLinkOptions {
  /** Asks the service which storage it is on and whether that answers (`system:engine`). */
  check: () => Promise<Result<EngineStatus>>;
  /** How often to ask while lost (default 3 s). */
  intervalMs?: number;
  now?: () => number;
}

export const POLL_MS = 3000;

export function createServerLink(opts: ServerLinkOptions): ServerLink {
  const intervalMs = opts.intervalMs ?? POLL_MS;
  const now = opts.now ?? (() => Date.now());
  let state: LinkState = { lost: false, since: null, engine: null };
  const listeners = new Set<() => void>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let inFlight: Promise<void> | null = null;
  /**
   * `system:engine` answered something other than a status or SERVER_LOST (a service without the
   * channel): then nothing could ever end a loss, so a later successful call ends it instead.
   */
  let engineUnknown = false;

  const set = (patch: Partial<LinkState>) => {
    const next = { ...state, ...patch };
    if (next.lost === state.lost && next.since === state.since && next.engine === state.engine) return;
    state = next;
    for (const l of listeners) l();
  };

  const schedule = () => {
    if (timer !== null || !state.lost) return;
    timer = setTimeout(() => {
      timer = null;
      void refresh().then(schedule);
    }, intervalMs);
  };

  /** Lost (with the engine's answer, when that is what said so): one change for the listeners. */
  const markLost = (engine = state.engine) => {
    set({ lost: true, since: state.since ?? now(), engine });
    schedule();
  };

  const back = (engine = state.engine) => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    set({ lost: false, since: null, engine });
  };

  const noteEngine = (r: Result<unknown>) => {
    if (r.ok) {
      const e = r.value as EngineStatus;
      engineUnknown = false;
      if (e.connected) back(e);
      else markLost(e);
    } else if (r.error.code === 'SERVER_LOST') {
      engineUnknown = false;
      markLost();
    } else {
      engineUnknown = true;
    }
  };

  const note = (channel: Channel, r: Result<unknown>) => {
    if (channel === 'system:engine') return noteEngine(r);
    if (!r.ok) {
      if (r.error.code === 'SERVER_LOST') markLost();
      return;
    }
    // Something reached the server while it was thought lost: ask the server itself at once rather
    // than trust a call that may not have touched storage at all.
    if (state.lost) {
      if (engineUnknown) back();
      else void refresh();
    }
  };

  const refresh = (): Promise<void> => {
    // One question at a time: a poll and a refresh after a call share the answer.
    inFlight ??= opts
      .check()
      .then(noteEngine, () => undefined)
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };

  return {
    get: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    note,
    refresh,
    stop() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}
