// One way for screens to call the service: the result, whether a call is under way, and the
// error as a value the screen renders in the user's language (see errors.ts).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Channel, Req, Responses, Session } from '../../shared/api';
import { CONTRACT } from '../../shared/api';
import type { ApiError, Result } from '../../shared/result';
import { api } from './api';

/** One typed call by channel name (the client's methods, indexed generically). */
export function callApi<C extends Channel>(channel: C, req: Req<C>): Promise<Result<Responses[C]>> {
  return (api[channel] as unknown as (r: Req<C>) => Promise<Result<Responses[C]>>)(req);
}

/** Calls operations on demand: `run` answers the value, or null with `error` set. */
export function useApiAction() {
  const [busy, setBusy] = useState(0);
  const [error, setError] = useState<ApiError | null>(null);
  const run = useCallback(async <C extends Channel>(channel: C, req: Req<C>): Promise<Responses[C] | null> => {
    setBusy((n) => n + 1);
    setError(null);
    try {
      const r = await callApi(channel, req);
      if (r.ok) return r.value;
      setError(r.error);
      return null;
    } finally {
      setBusy((n) => n - 1);
    }
  }, []);
  return { run, busy: busy > 0, error, setError };
}

/** Loads one operation's answer now and whenever `key` changes; `reload` asks again. */
export function useApiQuery<C extends Channel>(channel: C, req: Req<C>, key: string = JSON.stringify(req)) {
  const [data, setData] = useState<Responses[C] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const reqRef = useRef(req);
  reqRef.current = req;
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setLoading(true);
    void callApi(channel, reqRef.current).then((r) => {
      if (!live) return;
      setLoading(false);
      if (r.ok) {
        setData(r.value);
        setError(null);
      } else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [channel, key, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}

/** Whether the signed-in user may call an operation, from the contract's access rules (main enforces them again). */
export function can(session: Session | null, channel: Channel): boolean {
  const access = CONTRACT[channel].access;
  if (access === 'public') return true;
  return !!session && (access as readonly string[]).includes(session.user.role);
}
