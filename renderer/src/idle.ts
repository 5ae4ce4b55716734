// Idle sign-out at shared stations: no key, pointer or scan for a while signs the user out here
// (the service also expires idle sessions on its side). A minute before, the page says so.
import { useEffect, useRef } from 'react';

export const IDLE_MINUTES = 15;
const KEY = 'parcel-gate.idleMinutes';

/** Minutes of inactivity before sign-out: 15, or what this station set (localStorage). */
export function idleMinutes(): number {
  const v = Number(localStorage.getItem(KEY));
  return Number.isFinite(v) && v > 0 ? v : IDLE_MINUTES;
}

export function useIdleSignOut(active: boolean, signOut: () => void): void {
  const signOutRef = useRef(signOut);
  signOutRef.current = signOut;
  useEffect(() => {
    if (!active) return;
    let last = Date.now();
    const touch = () => {
      last = Date.now();
    };
    const events = ['keydown', 'pointerdown', 'pointermove', 'wheel'] as const;
    events.forEach((e) => window.addEventListener(e, touch, { capture: true, passive: true }));
    const timer = setInterval(() => {
      if (Date.now() - last > idleMinutes() * 60_000) signOutRef.current();
    }, 5_000);
    return () => {
      clearInterval(timer);
      events.forEach((e) => window.removeEventListener(e, touch, { capture: true }));
    };
  }, [active]);
}
