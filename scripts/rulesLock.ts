// The rules' version lock: a hash of each rule's source beside the version it carries, so a rule's
// code cannot change while its version (recorded with every verdict) stays the same. The lock file
// is shared/rules/rules.lock.json; test/unit/rulesLock.test.ts checks it, `npm run rules:lock`
// rewrites it and refuses while a changed rule still carries its old version.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULE_LIST } from '../shared/rules/ruleList';
import { SUPPORT } from '../shared/rules/ruleIdentity';

export const RULES_DIR = join(import.meta.dirname, '..', 'shared', 'rules');
export const LOCK_FILE = join(RULES_DIR, 'rules.lock.json');

/** Support code hashed with the rules (the brand matcher is the detect module's and versioned there). */
const SUPPORT_FILES: Readonly<Record<string, readonly string[]>> = {
  'rule-facts': ['facts.ts', 'purchase.ts', 'sellerLists.ts', 'engine.ts'],
};

export interface LockEntry {
  version: number;
  files: string[];
  sha256: string;
}
export type Lock = Record<string, LockEntry>;

function hashFiles(files: readonly string[]): string {
  const h = createHash('sha256');
  for (const f of files) h.update(`${f}\n`).update(readFileSync(join(RULES_DIR, f), 'utf8').replace(/\r\n/g, '\n'));
  return h.digest('hex');
}

/** The file under shared/rules/checks that defines a rule (by its id). */
function ruleFile(id: string): string {
  const dir = join(RULES_DIR, 'checks');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && readFileSync(join(dir, f), 'utf8').includes(`id: '${id}',`));
  if (files.length !== 1) throw new Error(`rule ${id}: expected one file under shared/rules/checks defining it, found ${files.length}`);
  return `checks/${files[0]}`;
}

/** The lock as the sources stand now. */
export function currentLock(): Lock {
  const lock: Lock = {};
  for (const r of RULE_LIST) {
    const files = [ruleFile(r.id)];
    lock[r.id] = { version: r.version, files, sha256: hashFiles(files) };
  }
  for (const s of SUPPORT) {
    const files = SUPPORT_FILES[s.id];
    if (files) lock[s.id] = { version: s.version, files: [...files], sha256: hashFiles(files) };
  }
  return lock;
}

export function readLock(): Lock {
  return JSON.parse(readFileSync(LOCK_FILE, 'utf8')) as Lock;
}

/** What is wrong between the committed lock and the sources, one sentence each (empty: in step). */
export function lockProblems(locked: Lock, now: Lock): { changedWithoutVersion: string[]; stale: string[] } {
  const changedWithoutVersion: string[] = [];
  const stale: string[] = [];
  for (const [id, e] of Object.entries(now)) {
    const l = locked[id];
    if (!l) stale.push(`${id}@${e.version} is not in the lock`);
    else if (l.version === e.version && l.sha256 !== e.sha256) changedWithoutVersion.push(`${id}: ${e.files.join(', ')} changed but its version is still ${e.version}: bump it`);
    else if (l.version !== e.version || l.sha256 !== e.sha256 || l.files.join() !== e.files.join()) stale.push(`${id}: the lock has version ${l.version}, the code ${e.version}`);
  }
  for (const id of Object.keys(locked)) if (!now[id]) stale.push(`${id} is in the lock but no longer a rule`);
  return { changedWithoutVersion, stale };
}
