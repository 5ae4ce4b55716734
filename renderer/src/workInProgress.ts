// The station's one list of unfinished work: what would be lost or left unseen if the screen went
// away now (a parcel with photos and no verdict, a hold tag not printed, bulk decision results not yet
// read, parcels listed to redo). Screens publish their part; the shell reads the whole list before a
// sign-out, an idle sign-out or closing the window, so nothing is dropped without a word.
import { useSyncExternalStore } from 'react';

export type WorkKind = 'serverLost' | 'noVerdict' | 'tagNotPrinted' | 'redo' | 'bulkResults';

export interface WorkItem {
  kind: WorkKind;
  /** A tracking number, or how many results for bulk results; null when the parcel has none. */
  label: string | null;
}

/** Why the last session ended without the user signing out, and what it left: shown at sign-in. */
export interface SignedOutNote {
  idleMinutes: number;
  left: WorkItem[];
}

type Source = 'station' | 'bulk';

const parts = new Map<Source, WorkItem[]>();
let snapshot: WorkItem[] = [];
const listeners = new Set<() => void>();

/** Replaces one screen's part of the list (an empty list withdraws it). */
export function publishWork(source: Source, items: WorkItem[]): void {
  const before = parts.get(source) ?? [];
  if (before.length === items.length && before.every((x, i) => x.kind === items[i].kind && x.label === items[i].label)) return;
  if (items.length) parts.set(source, items);
  else parts.delete(source);
  snapshot = [...parts.values()].flat();
  listeners.forEach((l) => l());
}

/** The whole list now, outside React (the window's close handler). */
export function unfinishedWork(): WorkItem[] {
  return snapshot;
}

export function useUnfinishedWork(): WorkItem[] {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => snapshot,
  );
}
