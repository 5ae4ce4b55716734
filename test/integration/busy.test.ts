// A long import in one process must not make another station's write fail with "database is locked":
// one process imports many orders while a second one writes every 50 ms until the import is done.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { SqliteStorage } from '../../electron/main/db/sqliteStorage';
import { ROOT, tempDir } from '../helpers/paths';

const ORDERS = 200_000;

function run(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'test', 'race', 'busyWorker.ts'), ...args], { cwd: ROOT });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`worker ${args[0]} exited ${code}: ${err}`))));
  });
}

describe('busy database, two processes', () => {
  it(`another station keeps writing while ${ORDERS.toLocaleString('en')} orders are imported`, async () => {
    const dir = tempDir('busy');
    const dbFile = path.join(dir, 'shared.db');
    await new SqliteStorage(dbFile).close();
    const done = path.join(dir, 'import.done');
    const [writeOut, importOut] = await Promise.all([run(['write', dbFile, done]), run(['import', dbFile, String(ORDERS), done])]);
    const w = JSON.parse(writeOut.trim().split('\n').pop()!) as { writes: number; failed: number; longestMs: number; errors: string[] };
    const imp = JSON.parse(importOut.trim().split('\n').pop()!) as { ok: boolean; ms: number };
    console.log(`busy database: import of ${ORDERS} orders took ${imp.ms} ms; the other station wrote ${w.writes} times, ${w.failed} failed, longest wait ${w.longestMs} ms`);
    expect(imp.ok).toBe(true);
    expect(w.errors).toEqual([]);
    expect(w.writes).toBeGreaterThan(10);
  }, 600_000);
});
