// The command line: exit codes, one-line reasons, import, users, audit verify.
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { cli } from '../helpers/cli';
import { PUBLIC_PACK, tempDir } from '../helpers/paths';

const pack = (f: string) => path.join(PUBLIC_PACK, f);

describe('npm run cli', () => {
  it('imports, adds a user from standard input, and verifies the audit chain; a tampered event fails it', () => {
    const db = path.join(tempDir('cli'), 'station.db');
    const imp = cli(['--db', db, 'import', '--brands', pack('brands.json'), '--certificates', pack('certificates.json'), '--orders', pack('orders.csv')]);
    expect(imp.code).toBe(0);
    expect(imp.stdout).toContain('orders.csv: 22 new, 0 updated, 0 unchanged');

    const add = cli(['--db', db, 'users', 'add', '--name', '张伟', '--role', 'supervisor', '--pin-stdin'], '4321\n');
    expect(add.code).toBe(0);
    expect(add.stdout).toContain('Added supervisor 张伟');

    const ok = cli(['--db', db, 'audit', 'verify']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/Audit chain intact: \d+ events/);

    const raw = new Database(db);
    raw.exec('DROP TRIGGER audit_events_no_update');
    raw.prepare("UPDATE audit_events SET actor = 'someone else' WHERE seq = 3").run();
    raw.close();
    const broken = cli(['--db', db, 'audit', 'verify']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('Audit chain BROKEN at event 3');
  });

  it('fails with a non-zero exit and a one-line reason', () => {
    const db = path.join(tempDir('cli'), 'station.db');
    const bad = path.join(path.dirname(db), 'orders.csv');
    fs.writeFileSync(bad, fs.readFileSync(pack('orders.csv'), 'utf8').replace('2026-10-05', '2026-10-35'));
    const r = cli(['--db', db, 'import', '--orders', bad]);
    expect(r.code).not.toBe(0);
    expect(r.stderr.split('\n')[0]).toContain('orders.csv line 3, column "purchase_date": not a date YYYY-MM-DD');
    expect(cli(['--db', db, 'import', '--orders', '/no/such/file.csv']).stderr).toContain('Cannot read /no/such/file.csv');
    expect(cli(['--db', db, 'users', 'add', '--name', 'x', '--role', 'boss', '--pin-stdin'], '1234').stderr).toContain('--role must be one of');
    expect(cli(['--db', db, 'frobnicate']).code).toBe(2);
  });
});
