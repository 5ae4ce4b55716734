// The PostgreSQL migrations checked without a server: the guarded functions run exactly the statements
// of GUARDED (electron/main/db/guarded.ts) with the arguments guarded() passes; the station role's
// UPDATE/DELETE grants cover every change the app's SQL makes, and no repository changes a guarded
// table directly; the station password verifier is one node-postgres can log in with.
import { describe, expect, it } from 'vitest';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { GUARDED } from '../../electron/main/db/guarded';
import { PG_MIGRATIONS } from '../../electron/main/db/migrations/pg';
import { GUARDED_TABLES, STATION_DELETES, STATION_ROLE, STATION_UPDATES } from '../../electron/main/db/migrations/pg/002_roles';
import { SESSION_TABLES } from '../../electron/main/db/migrations/pg/005_server_sessions';
import { ORDER_IMPORT_DELETES, ORDER_IMPORT_UPDATES } from '../../electron/main/db/migrations/pg/009_order_versions';
import { scramVerifier } from '../../electron/main/db/pgMigrate';
import { ROOT } from '../helpers/paths';

const FUNCTION =
  /CREATE (?:OR REPLACE )?FUNCTION pg_gate_(\w+)\(([^)]*)\) RETURNS integer\s+LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS \$fn\$\s*DECLARE\s+changed integer;\s*BEGIN\s+([\s\S]*?);\s*GET DIAGNOSTICS changed = ROW_COUNT;\s*RETURN changed;\s*END \$fn\$;/g;

describe('guarded functions (PostgreSQL migrations)', () => {
  // The newest definition of each function counts: a later migration may replace one.
  const defined = new Map<string, { args: [string, string][]; sql: string; types: string }>();
  for (const m of PG_MIGRATIONS) {
    for (const [, name, args, body] of m.matchAll(FUNCTION)) {
      const list = args.split(',').map((a) => a.trim().split(/\s+/) as [string, string]);
      defined.set(name, {
        args: list.map(([n, t]) => [n.replace(/^p_/, ''), t]),
        sql: body.replace(/\s+/g, ' ').replace(/\bp_(\w+)/g, '@$1'),
        types: list.map(([, t]) => t).join(', '),
      });
    }
  }
  const all = PG_MIGRATIONS.join('\n');

  it('defines one function per guarded change, no more', () => {
    expect([...defined.keys()].sort()).toEqual(Object.keys(GUARDED).sort());
  });

  it.each(Object.entries(GUARDED))('pg_gate_%s runs the same statement with the same arguments', (name, g) => {
    const f = defined.get(name)!;
    expect(f.args).toEqual(g.args);
    expect(f.sql).toBe(g.sql);
    // Parameters are all prefixed, so none can be read as a column of the same name.
    expect(f.sql).not.toMatch(/\bp_/);
    expect(all).toContain(`REVOKE ALL ON FUNCTION pg_gate_${name}(${f.types}) FROM PUBLIC;`);
    expect(all).toContain(`GRANT EXECUTE ON FUNCTION pg_gate_${name}(${f.types}) TO ${STATION_ROLE};`);
  });
});

/** Every .ts file under a folder. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('station role grants against the app\'s SQL', () => {
  const db = path.join(ROOT, 'electron', 'main');
  const files = sources(db).filter((f) => !f.includes(`${path.sep}migrations${path.sep}`) && path.basename(f) !== 'guarded.ts');
  const changes: { table: string; kind: 'UPDATE' | 'DELETE'; where: string }[] = [];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const where = (i: number) => `${path.relative(ROOT, file)}:${text.slice(0, i).split('\n').length}`;
    for (const m of text.matchAll(/\bUPDATE\s+([a-z0-9_]+)\s+SET\b/g)) changes.push({ table: m[1], kind: 'UPDATE', where: where(m.index!) });
    for (const m of text.matchAll(/\bINSERT\s+(?:OR\s+\w+\s+)?INTO\s+([a-z0-9_]+)[^;`]{0,600}?\bDO\s+UPDATE\b/g)) changes.push({ table: m[1], kind: 'UPDATE', where: where(m.index!) });
    for (const m of text.matchAll(/\bDELETE\s+FROM\s+([a-z0-9_]+)/g)) changes.push({ table: m[1], kind: 'DELETE', where: where(m.index!) });
    // INSERT OR REPLACE deletes behind the triggers' back on SQLite and does not exist on PostgreSQL.
    for (const m of text.matchAll(/\bINSERT\s+OR\s+REPLACE\s+INTO\s+([a-z0-9_]+)/g)) changes.push({ table: m[1], kind: 'DELETE', where: where(m.index!) });
  }

  it('finds the app\'s changes (the scan is not blind)', () => {
    expect(changes.filter((c) => c.kind === 'UPDATE').length).toBeGreaterThan(5);
    expect(changes.some((c) => c.kind === 'DELETE')).toBe(true);
  });

  it('grants no UPDATE or DELETE on a table about audit, holds, decisions or shipments', () => {
    expect([...STATION_UPDATES, ...STATION_DELETES, ...ORDER_IMPORT_UPDATES, ...ORDER_IMPORT_DELETES].filter((t) => GUARDED_TABLES.test(t))).toEqual([]);
  });

  it('grants the station every UPDATE and DELETE the app makes outside the guarded changes', () => {
    const missing = changes
      .filter((c) => !GUARDED_TABLES.test(c.table))
      .filter((c) => !(c.kind === 'UPDATE' ? [...STATION_UPDATES, ...SESSION_TABLES, ...ORDER_IMPORT_UPDATES] : [...STATION_DELETES, ...SESSION_TABLES, ...ORDER_IMPORT_DELETES]).includes(c.table as never));
    expect(missing).toEqual([]);
  });

  it('changes audit, holds, decisions and shipments only through guarded() (the station has no other way)', () => {
    expect(changes.filter((c) => GUARDED_TABLES.test(c.table))).toEqual([]);
  });
});

describe('station password', () => {
  // pg's own SCRAM client (the code the app logs in with), against a server holding our verifier.
  const sasl = createRequire(import.meta.url)('pg/lib/crypto/sasl') as {
    startSession(mechanisms: string[]): { clientNonce: string; response: string };
    continueSession(session: object, password: string, serverData: string): Promise<void>;
    finalizeSession(session: object, serverData: string): void;
  };

  /** What PostgreSQL does with a stored verifier when a client logs in; true if the client proved the password. */
  async function logIn(verifier: string, password: string): Promise<boolean> {
    const [, iterations, salt, storedKey, serverKey] = /^SCRAM-SHA-256\$(\d+):([^$]+)\$([^:]+):(.+)$/.exec(verifier)!;
    const session = sasl.startSession(['SCRAM-SHA-256']);
    const serverFirst = `r=${session.clientNonce}${randomBytes(18).toString('base64')},s=${salt},i=${iterations}`;
    await sasl.continueSession(session, password, serverFirst);
    const clientFinal = (session as { response: string }).response;
    const [withoutProof, proof] = clientFinal.split(',p=');
    const authMessage = `n=*,r=${session.clientNonce},${serverFirst},${withoutProof}`;
    const signature = createHmac('sha256', Buffer.from(storedKey, 'base64')).update(authMessage).digest();
    const clientKey = Buffer.from(proof, 'base64').map((b, i) => b ^ signature[i]);
    if (createHash('sha256').update(clientKey).digest('base64') !== storedKey) return false;
    // The client checks the server in turn: it must know the ServerKey.
    sasl.finalizeSession(session, `v=${createHmac('sha256', Buffer.from(serverKey, 'base64')).update(authMessage).digest('base64')}`);
    return true;
  }

  it.each(['correct horse 7', 'störe\u00A0仓库-7', 'ﬁve'])('is one node-postgres logs in with: %s', async (password) => {
    const verifier = scramVerifier(password);
    expect(verifier).toMatch(/^SCRAM-SHA-256\$4096:/);
    expect(verifier).not.toContain(password);
    expect(await logIn(verifier, password)).toBe(true);
    expect(await logIn(verifier, `${password}x`)).toBe(false);
  });

  it('is salted: the same password twice gives two verifiers', () => {
    expect(scramVerifier('same')).not.toBe(scramVerifier('same'));
  });
});
