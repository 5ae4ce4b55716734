// The anchor log: an append-only text file beside the database (`<db>.anchors`), one line per business
// action written after its transaction commits: "SEQ HASH AT". A chain kept only inside the file it
// protects cannot prove its own end; these lines (and the heads printed on manifests, hold tags and
// exports) can: `audit verify` reports any anchor the chain no longer contains.
import fs from 'node:fs';
import path from 'node:path';
import type { Anchor, ChainHead } from './audit';

export function anchorLogPath(dbFile: string): string | null {
  return dbFile === ':memory:' || dbFile === '' ? null : `${dbFile}.anchors`;
}

export function appendAnchor(file: string, head: ChainHead, at: string): void {
  // One short line per write with O_APPEND: lines from several processes never interleave.
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.appendFileSync(file, `${head.seq} ${head.hash} ${at}\n`, { encoding: 'utf8', flag: 'a' });
}

/** Every anchor of the log, and the lines that are not anchors (named, not silently skipped). */
export function readAnchors(file: string): { anchors: Anchor[]; bad: string[]; present: boolean } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return { anchors: [], bad: [], present: false };
  }
  const anchors: Anchor[] = [];
  const bad: string[] = [];
  const seen = new Set<string>();
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const m = /^(\d{1,15}) ([0-9a-f]{64})(?: \S+)?$/.exec(line.trim());
    if (!m) {
      bad.push(`anchor log line ${i + 1} is not "SEQ HASH TIME"`);
      return;
    }
    if (seen.has(`${m[1]} ${m[2]}`)) return;
    seen.add(`${m[1]} ${m[2]}`);
    anchors.push({ seq: Number(m[1]), hash: m[2], source: `anchor log line ${i + 1}` });
  });
  return { anchors, bad, present: true };
}

/** Whether the anchor log is kept, since which event, and what is wrong with it (null: readable, with anchors). */
export interface AnchorLogState {
  kept: boolean;
  since: number | null;
  problem: string | null;
}

/** What is wrong with the anchor log file itself: missing, a folder in its place, unreadable, empty. */
export function anchorLogProblem(file: string): string | null {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `${file} does not exist` : `${file} cannot be read (${code ?? String(e)})`;
  }
  if (stat.isDirectory()) return `${file} is a folder, not the anchor log`;
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch (e) {
    return `${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`;
  }
  if (stat.size === 0) return `${file} is empty`;
  return null;
}
