// Idle sign-out at shared stations: no key, pointer or scan for a while signs the user out here
// (the service also expires idle sessions on its side). Before it happens the shell counts down, so
// the person at the station can stay; the countdown is this hook's answer.
import { useEffect, useRef, useState } from 'react';

export const IDLE_MINUTES = 15;
const KEY = 'parcel-gate.idleMinutes';
/** The countdown shows for the last minute, or the last half of a shorter idle time. */
const WARN_MS = 60_000;

/** Minutes of inactivity before sign-out: 15, or what this station set (localStorage). */
export function idleMinutes(): number {
  const v = Number(localStorage.getItem(KEY));
  return Number.isFinite(v) && v > 0 ? v : IDLE_MINUTES;
}

/** Seconds left before the idle sign-out while the countdown shows, else null. */
export function useIdleSignOut(active: boolean, signOut: (minutes: number) => void): number | null {
  const signOutRef = useRef(signOut);
  signOutRef.current = signOut;
  const [left, setLeft] = useState<number | null>(null);
  useEffect(() => {
    setLeft(null);
    if (!active) return;
    let last = Date.now();
    const touch = () => {
      last = Date.now();
      setLeft(null);
    };
    const events = ['keydown', 'pointerdown', 'pointermove', 'wheel'] as const;
    events.forEach((e) => window.addEventListener(e, touch, { capture: true, passive: true }));
    const timer = setInterval(() => {
      const limit = idleMinutes() * 60_000;
      const remaining = limit - (Date.now() - last);
      if (remaining <= 0) {
        setLeft(null);
        signOutRef.current(idleMinutes());
      } else setLeft(remaining <= Math.min(WARN_MS, limit / 2) ? Math.ceil(remaining / 1000) : null);
    }, 1_000);
    return () => {
      clearInterval(timer);
      events.forEach((e) => window.removeEventListener(e, touch, { capture: true }));
    };
  }, [active]);
  return left;
}
