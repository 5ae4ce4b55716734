// The typed client every caller uses: one method per contract channel over any transport.
// It keeps the session token and sends it with each call; main decides what the token may do.
import { CHANNELS, type Channel, type ParcelGateApi } from './api';
import type { Result } from './result';

/** A transport: IPC in Electron, HTTP in the browser bridge, a direct call in tests. */
export type Invoke = (channel: Channel, req: unknown, token: string | null) => Promise<Result<unknown>>;

export type Client = ParcelGateApi & { readonly token: string | null; setToken(token: string | null): void };

export function makeClient(invoke: Invoke): Client {
  let token: string | null = null;
  const client = {
    get token() {
      return token;
    },
    setToken(t: string | null) {
      token = t;
    },
  } as Client;
  for (const channel of CHANNELS) {
    (client as unknown as Record<string, unknown>)[channel] = async (req: unknown) => {
      const r = await invoke(channel, req ?? {}, token);
      if (r.ok && channel === 'session:signIn') token = (r.value as { token: string }).token;
      if (channel === 'session:signOut') token = null;
      return r;
    };
  }
  return client;
}

