// The one place for system identities: who acts when no person is signed in (the command line, a
// test harness). They are recorded in the audit trail under these names, and in the users table only
// as an inactive row that cannot sign in (pin_hash "system$…"), so inspections and shipments can name
// them; they are never listed, never counted as people, and no person may take their names.
export const SYSTEM_PREFIX = 'system:';

export function systemIdentity(name: string): string {
  return `${SYSTEM_PREFIX}${name.replace(/^system:/, '')}`;
}

export function isSystemName(name: string): boolean {
  return name.trim().toLowerCase().startsWith(SYSTEM_PREFIX);
}

export const SYSTEM_PIN_HASH = 'system$no-sign-in';
