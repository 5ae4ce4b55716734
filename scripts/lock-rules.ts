// Rewrites shared/rules/rules.lock.json from the rules' sources (npm run rules:lock). Refuses while
// a rule's source changed and its version did not: bump the version (with a comment saying what
// changed) in the same commit, then run this again.
import { writeFileSync } from 'node:fs';
import { currentLock, LOCK_FILE, lockProblems, readLock, type Lock } from './rulesLock';

const now = currentLock();
let locked: Lock = {};
try {
  locked = readLock();
} catch {
  locked = {};
}
const { changedWithoutVersion, stale } = lockProblems(locked, now);
if (changedWithoutVersion.length) {
  console.error(`Not rewriting the lock:\n  ${changedWithoutVersion.join('\n  ')}`);
  process.exit(1);
}
writeFileSync(LOCK_FILE, `${JSON.stringify(now, null, 2)}\n`);
console.log(stale.length ? `Lock updated:\n  ${stale.join('\n  ')}` : 'Lock already in step; rewritten unchanged.');
