// The one place for system identities: who acts when no person is signed in (the command line, a
// test harness). They are recorded in the audit trail under these names, and in the users table only
// as an inactive row that cannot sign in (pin_hash "system$…"), so inspections and shipments can name
// them; they are never listed, never counted as people, and no person may take their names.
export const SYSTEM_PREFIX = 'system:';

/**
 * Every system identity there is. A caller names one (`{ system: SYSTEM.cli }`), and the service's
 * call context accepts no other name, so a new one is added here or not at all.
 */
export const SYSTEM = {
  /** The command line: it holds the database file anyway. */
  cli: 'cli',
  /** The test harnesses, calling the service in their own process. */
  test: 'test',
  /** The benchmark scripts. */
  bench: 'bench',
  /** The second process of the busy-database test. */
  busyTest: 'busy-test',
  /** The service itself, when it makes the rules this build ships the active version. */
  rules: 'rules',
} as const;

export type SystemName = (typeof SYSTEM)[keyof typeof SYSTEM];

/** The actor of a call that needs no session and has none (the first admin of a new database is added by it). */
export const ANONYMOUS_ACTOR = 'anonymous';

export function systemIdentity(name: string): string {
  return `${SYSTEM_PREFIX}${name.replace(/^system:/, '')}`;
}

export function isSystemName(name: string): boolean {
  return name.trim().toLowerCase().startsWith(SYSTEM_PREFIX);
}

export const SYSTEM_PIN_HASH = 'system$no-sign-in';

/** A users row of a system identity (its PIN hash cannot match any PIN). */
export function isSystemPinHash(pinHash: string): boolean {
  return pinHash.startsWith('system$');
}
