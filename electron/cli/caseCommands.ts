// Command-line commands for holds as cases: holiday list, open proof requests, evidence packs and
// their verification, and replaying the rules over past inspections.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { isServerUrl, redactDb } from '../main/db/dbSetting';
import { PgEngine } from '../main/db/pgEngine';
import { unzipSync } from 'fflate';
import type { Channel, Req, Responses } from '../../shared/api';
import { writePackFolder } from '../main/service/evidencePack';
import { verifyEvidencePack, type PackChain, type TrustedKey } from '../main/service/evidencePackVerify';
import type { StoredAuditEvent } from '../main/db/audit';
import { groupedFingerprint } from '../main/service/signingKey';

export const CASE_USAGE = `  holidays import --file holidays.csv                   the holiday list working-day deadlines skip (date,name[,type])
  proofs export [--out FILE]                            open proof requests as CSV for customer service
  evidence-pack --tracking T [--tracking T ...] --out DIR [--zip]
                [--status S] [--reason R] [--brand B]   or every hold matching a queue filter
  verify-pack DIR|FILE.zip [--key PUB.pem | --fingerprint HEX] [--db FILE]
                                                        check the pack's signature against the warehouse's public key
                                                        (or its fingerprint), every file's hash, photo names, the facts
                                                        against the audit events (and, with --db, against that chain)
  replay [--since YYYY-MM-DD] [--ruleset FILE] [--json] past parcels whose verdict would change now (changes nothing)`;

export const CASE_OPTIONS = {
  file: { type: 'string' },
  out: { type: 'string' },
  tracking: { type: 'string', multiple: true },
  zip: { type: 'boolean' },
  status: { type: 'string' },
  reason: { type: 'string' },
  brand: { type: 'string' },
  since: { type: 'string' },
  ruleset: { type: 'string' },
  key: { type: 'string' },
  fingerprint: { type: 'string' },
} as const;

type Values = Record<string, string | boolean | string[] | undefined>;

interface CliTools {
  call: <C extends Channel>(channel: C, req: Req<C>) => Promise<Responses[C]>;
  readFile: (f: string) => { name: string; bytes: Uint8Array<ArrayBuffer> };
  dbFile: string;
  fail: (message: string) => Error;
}

/** `verify-pack` runs without opening (or creating) a database unless one is named. */
export async function verifyPackCommand(where: string | undefined, db: string | undefined, trust: { key?: string; fingerprint?: string } = {}): Promise<number> {
  if (!where) {
    console.error('usage: verify-pack DIR|FILE.zip [--key PUB.pem | --fingerprint HEX] [--db FILE]');
    return 2;
  }
  if (!fs.existsSync(where)) {
    console.error(`Cannot read ${where}: no such folder or file`);
    return 2;
  }
  const trusted: TrustedKey = {};
  if (trust.key !== undefined) {
    if (!fs.existsSync(trust.key)) {
      console.error(`Cannot read ${trust.key}: no such public key file`);
      return 2;
    }
    trusted.publicKeyPem = fs.readFileSync(trust.key, 'utf8');
  } else if (trust.fingerprint !== undefined) trusted.fingerprint = trust.fingerprint;
  let chain: PackChain | undefined;
  let close = async (): Promise<void> => undefined;
  const EVENTS_SQL = 'SELECT * FROM audit_events WHERE entity_id = ? ORDER BY seq';
  if (db && isServerUrl(db)) {
    // The server's chain, read as whoever the URL names (the station role may read it).
    const engine = new PgEngine(db);
    close = () => engine.close();
    chain = {
      hashAt: async (seq) => (await engine.read.get<{ hash: string }>('SELECT hash FROM audit_events WHERE seq = ?', [seq]))?.hash ?? null,
      eventsOf: async (t) => (await engine.read.all<StoredAuditEvent>(EVENTS_SQL, [t])).map((e) => ({ ...e, seq: Number(e.seq) })),
    };
  } else if (db) {
    if (!fs.existsSync(db)) {
      console.error(`Cannot read ${db}: no such database`);
      return 2;
    }
    const raw = new Database(db, { readonly: true, fileMustExist: true });
    close = async () => void raw.close();
    const get = raw.prepare('SELECT hash FROM audit_events WHERE seq = ?');
    const events = raw.prepare(EVENTS_SQL);
    chain = {
      hashAt: async (seq) => (get.get(seq) as { hash: string } | undefined)?.hash ?? null,
      eventsOf: async (t) => events.all(t) as StoredAuditEvent[],
    };
  }
  try {
    const r = await verifyEvidencePack(where, { trusted, chain });
    if (r.ok) {
      console.log(`Evidence pack intact: ${r.files} files, ${r.events} audit events${db ? ', all in the audit chain of ' + redactDb(db) : ''}`);
      if (r.trustedKey) console.log(`Signed by the trusted key ${groupedFingerprint(r.signedBy ?? '')}`);
      else console.log(`Signed by key ${groupedFingerprint(r.signedBy ?? '')}, the key inside the pack: compare it with the warehouse's fingerprint, or give --key or --fingerprint`);
      return 0;
    }
    console.error(`Evidence pack BROKEN: ${r.problems.length} problem${r.problems.length > 1 ? 's' : ''}\n  ${r.problems.join('\n  ')}`);
    return 1;
  } finally {
    await close();
  }
}

/** Runs a command of this file; null when the command is not one of them. */
export async function runCaseCommand(command: string, sub: string | undefined, values: Values, tools: CliTools): Promise<number | null> {
  const { call, readFile, fail } = tools;
  switch (command) {
    case 'holidays': {
      if (sub !== 'import' || typeof values.file !== 'string') throw fail('usage: holidays import --file holidays.csv');
      const r = await call('holidays:import', { file: readFile(values.file) });
      console.log(`${r.file}: ${r.inserted} new, ${r.updated} updated, ${r.unchanged} unchanged`);
      return 0;
    }
    case 'proofs': {
      if (sub !== 'export') throw fail('usage: proofs export [--out FILE]');
      const r = await call('proofs:export', {});
      if (typeof values.out === 'string') {
        fs.writeFileSync(values.out, r.csv);
        console.error(`${r.rows} open proof requests written to ${values.out}`);
      } else process.stdout.write(r.csv);
      return 0;
    }
    case 'evidence-pack': {
      const tracking = (values.tracking as string[] | undefined) ?? [];
      const filtered = typeof values.status === 'string' || typeof values.reason === 'string' || typeof values.brand === 'string';
      if (typeof values.out !== 'string') throw fail('evidence-pack needs --out DIR (a new or empty folder, or FILE.zip with --zip)');
      if (!tracking.length && !filtered) throw fail('evidence-pack needs --tracking T (repeatable) or a hold filter (--status, --reason, --brand)');
      const status = values.status as Req<'holds:list'>['status'];
      const r = await call('evidence:pack', {
        trackingNos: tracking,
        holds: filtered ? { status: status ?? 'undecided', reason: values.reason as string | undefined, brand: values.brand as string | undefined } : undefined,
      });
      const out = path.resolve(values.out);
      if (values.zip) {
        if (fs.existsSync(out)) throw fail(`${out} exists already: choose a new file name`);
        fs.writeFileSync(out, r.zip, { flag: 'wx' });
      } else {
        try {
          await writePackFolder(out, new Map(Object.entries(unzipSync(r.zip))));
        } catch (e) {
          throw fail(e instanceof Error ? e.message : String(e));
        }
      }
      console.log(`Evidence pack for ${r.parcels.join(', ')}: ${r.files} files in ${out}`);
      return 0;
    }
    case 'replay': {
      let ruleset: Record<string, unknown> | undefined;
      if (typeof values.ruleset === 'string') {
        try {
          ruleset = JSON.parse(new TextDecoder().decode(readFile(values.ruleset).bytes)) as Record<string, unknown>;
        } catch (e) {
          throw fail(`${values.ruleset}: not a ruleset JSON file (${e instanceof Error ? e.message : String(e)})`);
        }
      }
      const r = await call('rules:replay', { since: values.since as string | undefined, ruleset });
      if (values.json) {
        console.log(JSON.stringify(r));
        return 0;
      }
      console.log(`Replayed ${r.replayed} parcels${r.since ? ` inspected since ${r.since}` : ''} with ruleset ${r.rulesetVersion} and the current registry: ${r.changes.length} would change`);
      for (const c of r.changes) {
        const flag = c.shippedNowHeld ? 'SHIPPED, NOW HOLD  ' : '';
        console.log(`${flag}${c.trackingNo} (${c.parcelStatus}, inspected ${c.inspectedAt}): ${c.old.outcome} [${c.old.reasons.join(', ')}] v${c.old.rulesetVersion} -> ${c.new.outcome} [${c.new.reasons.join(', ')}]`);
      }
      return 0;
    }
    default:
      return null;
  }
}
