// The server link (serverLink.ts) as React state: re-renders when the server is lost, back, or answers.
import { useSyncExternalStore } from 'react';
import { serverLink } from './api';
import type { LinkState } from './serverLink';

export function useServerLink(): LinkState {
  return useSyncExternalStore(serverLink.subscribe, serverLink.get);
}
