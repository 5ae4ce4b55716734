// What `audit verify` prints and its exit code: 0 intact; 1 broken (the chain, the station file's
// safeguards, or state without its events); 3 the chain holds but its anchor log is gone, so whether
// events were cut from its end cannot be proved.
import type { AuditVerifyResult } from '../../shared/api';

export const EXIT_BROKEN = 1;
export const EXIT_ANCHOR_LOG_MISSING = 3;

export function printAuditVerify(r: AuditVerifyResult): number {
  for (const p of r.anchorLogProblems ?? []) console.error(`warning: ${p}`);
  const head = r.head ? `${r.head.seq}:${r.head.hash}` : '(empty)';
  if (r.intact) {
    console.log(`Audit chain intact: ${r.events} events, ${r.anchors?.checked ?? 0} anchors found in it; head ${head}`);
    return 0;
  }
  let broken = false;
  if (r.firstBroken) {
    broken = true;
    console.error(`Audit chain BROKEN at event ${r.firstBroken.seq}: ${r.firstBroken.reason}`);
    for (const m of r.anchors?.missing ?? []) console.error(`  anchor ${m.seq}:${m.hash} (${m.source}): ${m.reason}`);
  }
  if (r.safeguards?.length) {
    broken = true;
    console.error(`Station file safeguards BROKEN: ${r.safeguards.length} changed outside Parcel Gate (work is stopped until the file is restored)`);
    for (const c of r.safeguards) console.error(`  ${c.type} ${c.name}: ${c.change === 'rewritten' ? 'rewritten in place' : c.change === 'added' ? 'added by hand' : 'dropped'}`);
  }
  if (r.stateProblems?.length) {
    broken = true;
    console.error(`State BROKEN: ${r.stateProblems.length} change${r.stateProblems.length > 1 ? 's' : ''} without audit events`);
    for (const p of r.stateProblems) console.error(`  ${p}`);
  }
  if (r.anchorLogMissing) {
    console.error(`anchor log missing: completeness since event ${r.anchorLogMissing.since} cannot be proved (${r.anchorLogMissing.problem})`);
    if (!broken) return EXIT_ANCHOR_LOG_MISSING;
  }
  return EXIT_BROKEN;
}
