// The command line: `npm run cli -- <command>`. The same service object as the app, on a database file,
// or, with --server, the warehouse server's over HTTPS as a signed-in user (serverCommands.ts).
import fs from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ParcelGateService } from '../main/service/service';
import { SYSTEM } from '../../shared/systemIdentities';
import { defaultDbFile } from '../main/paths';
import { isServerUrl, redactDb, resolveDbOptions } from '../main/db/dbSetting';
import { migrateServer } from './migrateCommand';
import { serverRoleName } from '../main/db/pgMigrate';
import { withPassword } from '../main/server/dbPassword';
import type { Channel, Req, Responses } from '../../shared/api';
import type { Result } from '../../shared/result';
import { ROLES, type Role } from '../../shared/types';
import { runCaseCommand, verifyPackCommand, CASE_USAGE, CASE_OPTIONS } from './caseCommands';
import { printAuditVerify } from './auditVerifyOutput';
import { COUNTERFEIT_OPTIONS, COUNTERFEIT_USAGE, runCounterfeitCommand } from './counterfeitCommands';
import { BACKUP_OPTIONS, BACKUP_USAGE, runBackupCommand } from './backupCommands';
import { openRemote, pinnedFingerprint, pinServer, SERVER_OPTIONS, SERVER_USAGE } from './serverCommands';

const USAGE = `Parcel Gate command line

  npm run cli -- [--db FILE | --db postgres://USER[:PASSWORD]@HOST[:PORT]/DBNAME] <command>

  migrate [--server-password-stdin | --server-password-file F] [--db-password-file F]
                                                        (PostgreSQL only, as the database's owner) create or update the
                                                        schema, and this database's own server role pgate_<db> (its
                                                        password from stdin or a file; the owner's from --db-password-file);
                                                        --station-password-stdin: the older shared role parcel_gate_station

  import [--brands F] [--certificates F] [--orders F]   import the customer's files (all-or-nothing per file)
  audit verify [--anchor SEQ:HASH ...] [--no-anchor-log]
                                                        walk the audit hash chain and check every anchor (given,
                                                        and the anchor log <db>.anchors); name the first broken event
  users add --name N --role inspector|supervisor|admin  add a user; asks for the PIN (or --pin-stdin)
  read --photo F [--photo F ...] [--json]               what was read from each photo
  inspect [--scan TRACKING] --photo F [...] [--json]    one parcel's verdict
  batch --parcels PACK/parcels.json [--json]            every parcel of a scenario pack, one JSON line each${COUNTERFEIT_USAGE}
${CASE_USAGE}${BACKUP_USAGE}
${SERVER_USAGE}

  --db FILE    the database file (default: ${defaultDbFile()}), or a PostgreSQL server URL
  --data DIR   the data folder for evidence photos (default: beside the database file)`;

class CliError extends Error {}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      data: { type: 'string' },
      brands: { type: 'string' },
      certificates: { type: 'string' },
      orders: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      'pin-stdin': { type: 'boolean' },
      photo: { type: 'string', multiple: true },
      scan: { type: 'string' },
      parcels: { type: 'string' },
      json: { type: 'boolean' },
      concurrency: { type: 'string' },
      anchor: { type: 'string', multiple: true },
      'no-anchor-log': { type: 'boolean' },
      'station-password-stdin': { type: 'boolean' },
      'server-password-stdin': { type: 'boolean' },
      'server-password-file': { type: 'string' },
      'db-password-file': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      ...CASE_OPTIONS,
      ...COUNTERFEIT_OPTIONS,
      ...BACKUP_OPTIONS,
      ...SERVER_OPTIONS,
    },
  });
  const [command, sub] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  // A pack is checked where it is, on a machine that may have no database at all.
  if (command === 'verify-pack') return verifyPackCommand(sub, values.db, { key: values.key, fingerprint: values.fingerprint });
  const { db: dbFile, dataDir } = resolveDbOptions(values.db, values.data);
  if (command === 'migrate') {
    if (!isServerUrl(dbFile)) throw new CliError(`migrate is for a PostgreSQL server (--db postgres://OWNER@host/db); a database file (${dbFile}) is migrated when it is opened`);
    if (values['station-password-stdin'] && values['server-password-stdin']) throw new CliError('Only one password can come from stdin: use --server-password-file for the other');
    // Passwords from a file or stdin, never from the command line (where every user of the machine sees them).
    const readSecret = (file: string | undefined, stdin: boolean | undefined, what: string) => {
      if (!file && !stdin) return undefined;
      try {
        return (file ? fs.readFileSync(file, 'utf8') : fs.readFileSync(0, 'utf8')).replace(/\r?\n$/, '');
      } catch {
        throw new CliError(`Cannot read the ${what} from ${file ?? 'stdin'}`);
      }
    };
    const password = readSecret(undefined, values['station-password-stdin'], 'station password');
    const serverPassword = readSecret(values['server-password-file'], values['server-password-stdin'], 'server role password');
    const ownerPassword = readSecret(values['db-password-file'], false, "owner's password");
    const url = ownerPassword === undefined ? dbFile : withPassword(dbFile, ownerPassword);
    const r = await migrateServer(url, password, serverPassword).catch((e: unknown) => {
      throw new CliError(`${redactDb(dbFile)}: ${e instanceof Error ? e.message : String(e)}`);
    });
    const role = serverPassword !== undefined ? `; server role ${serverRoleName(new URL(dbFile).pathname.slice(1))} ready` : '';
    console.log(r.from === r.to ? `${redactDb(dbFile)}: schema ${r.to}, nothing to do${role}` : `${redactDb(dbFile)}: schema ${r.from} → ${r.to}; role parcel_gate_station ready${role}`);
    return 0;
  }
  if (command === 'backup' || command === 'restore') {
    // On the file itself, before any service opens (and so creates or migrates) it.
    if (isServerUrl(dbFile)) throw new CliError(`${command} is for a station's database file; a PostgreSQL server is backed up with pg_dump (see the README)`);
    return (await runBackupCommand(command, values, { dbFile, dataDir }, (m) => {
      throw new CliError(m);
    }))!;
  }
  const fail = (m: string) => new CliError(m);
  if (command === 'pin-server') {
    if (!values.server) throw new CliError('pin-server needs --server https://HOST:PORT');
    return pinServer({ server: values.server, user: values.user, name: values.station, yes: values.yes, dataDir, pin: askPin, confirm: askYes, fail });
  }
  if (values.server && values.db) throw new CliError('Give --server or --db, not both: a station of a warehouse server opens no database');
  // On a warehouse server: a signed-in user over the pinned link; else the service on the database here,
  // as the command line's system identity (whoever runs it holds the database file anyway).
  const remote = values.server
    ? await openRemote(values.server, pinnedFingerprint(values.server, values.fingerprint, dataDir, fail), { user: values.user, pin: askPin, station: values.station ?? `cli ${hostname()}`.slice(0, 60), fail })
    : null;
  const service = remote ? null : new ParcelGateService({ dbFile, dataDir });
  const ctx = { system: SYSTEM.cli };
  const call = async <C extends Channel>(channel: C, req: Req<C>): Promise<Responses[C]> => {
    const r = (remote ? await remote.call(channel, req) : await service!.call(channel, req, ctx)) as Result<Responses[C]>;
    if (!r.ok) {
      const extra = r.error.details && r.error.details.length > 1 ? `\n  ${r.error.details.join('\n  ')}` : '';
      throw new CliError(`${r.error.message}${extra}`);
    }
    return r.value;
  };
  const readFile = (f: string) => {
    try {
      return { name: path.basename(f), bytes: new Uint8Array(fs.readFileSync(f)) };
    } catch {
      throw new CliError(`Cannot read ${f}: no such file or not readable`);
    }
  };
  const addPhotos = async (files: string[]) => {
    const ids: string[] = [];
    for (const f of files) ids.push((await call('photo:add', readFile(f))).photoId);
    return ids;
  };

  try {
    switch (command) {
      case 'import': {
        if (!values.brands && !values.certificates && !values.orders) throw new CliError('import needs --brands, --certificates and/or --orders');
        const report = await call('data:import', {
          brands: values.brands ? readFile(values.brands) : undefined,
          certificates: values.certificates ? readFile(values.certificates) : undefined,
          orders: values.orders ? readFile(values.orders) : undefined,
        });
        for (const f of report.files) console.log(`${f.file}: ${f.inserted} new, ${f.updated} updated, ${f.unchanged} unchanged`);
        return 0;
      }
      case 'audit': {
        if (sub !== 'verify') throw new CliError('usage: audit verify [--anchor SEQ:HASH ...] [--no-anchor-log]');
        const anchors = (values.anchor ?? []).map((a) => {
          const m = /^(\d+):([0-9a-fA-F]{64})$/.exec(a.trim());
          if (!m) throw new CliError(`--anchor ${a}: expected SEQ:HASH (a sequence number, a colon, 64 hex digits)`);
          return { seq: Number(m[1]), hash: m[2].toLowerCase() };
        });
        const r = await call('audit:verify', { anchors, anchorLog: !values['no-anchor-log'] });
        for (const p of r.anchorLogProblems ?? []) console.error(`warning: ${p}`);
        return printAuditVerify(r);
      }
      case 'users': {
        if (sub !== 'add') throw new CliError('usage: users add --name N --role R [--pin-stdin]');
        if (!values.name) throw new CliError('users add needs --name');
        if (!values.role || !ROLES.includes(values.role as Role)) throw new CliError(`--role must be one of ${ROLES.join(', ')}`);
        const pin = values['pin-stdin'] ? fs.readFileSync(0, 'utf8').trim() : await askPin();
        const u = await call('users:add', { name: values.name, role: values.role as Role, pin });
        console.log(`Added ${u.role} ${u.name}`);
        return 0;
      }
      case 'read': {
        const files = values.photo ?? [];
        if (!files.length) throw new CliError('read needs at least one --photo');
        const ids = await addPhotos(files);
        const out = [];
        for (let i = 0; i < ids.length; i++) out.push({ file: files[i], ...(await call('photo:read', { photoId: ids[i] })) });
        if (values.json) console.log(JSON.stringify(out, null, 2));
        else for (const r of out) console.log(`${r.file}: ${r.kind}; barcodes ${r.barcodes.map((b) => `${b.format} ${b.text}`).join(', ') || 'none'}; brands ${r.brands.map((b) => `${b.brandName} (${b.kind})`).join(', ') || 'none'}\n${r.text}\n`);
        return 0;
      }
      case 'inspect': {
        const files = values.photo ?? [];
        const ids = await addPhotos(files);
        const r = await call('parcel:inspect', { scan: values.scan ?? null, photoIds: ids });
        const line = verdictJson(r);
        if (values.json) console.log(JSON.stringify(line));
        else console.log(`${r.outcome} ${r.trackingNo ?? '(no tracking number)'}\n${[...r.findings.map((f) => `  ${f.code}: ${f.message}`), ...r.notes.map((n) => `  note ${n.code}: ${n.message}`)].join('\n')}`);
        return 0;
      }
      case 'batch': {
        if (!values.parcels) throw new CliError('batch needs --parcels PACK/parcels.json');
        const file = path.resolve(values.parcels);
        let parcels: { id: string; scan: string | null; photos: string[] }[];
        try {
          parcels = JSON.parse(fs.readFileSync(file, 'utf8'));
        } catch (e) {
          throw new CliError(`Cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
        }
        const started = performance.now();
        void service?.warmUp().catch(() => undefined);
        let holds = 0;
        const concurrency = Math.max(1, Number(values.concurrency ?? 2));
        const results: string[] = new Array(parcels.length);
        let next = 0;
        let printed = 0;
        const flush = () => {
          while (printed < parcels.length && results[printed] !== undefined) console.log(results[printed++]);
        };
        await Promise.all(
          Array.from({ length: concurrency }, async () => {
            while (next < parcels.length) {
              const p = parcels[next++];
              const idx = parcels.indexOf(p);
              const ids = await addPhotos(p.photos.map((ph) => path.resolve(path.dirname(file), ph)));
              const r = await call('parcel:inspect', { scan: p.scan, photoIds: ids });
              if (r.outcome === 'HOLD') holds++;
              results[idx] = JSON.stringify({ id: p.id, ...verdictJson(r) });
              flush();
            }
          }),
        );
        const minutes = (performance.now() - started) / 60000;
        const summary = { summary: { parcels: parcels.length, holds, cleared: parcels.length - holds, seconds: Math.round(minutes * 600) / 10, parcelsPerMinute: Math.round((parcels.length / minutes) * 10) / 10 } };
        if (values.json) console.log(JSON.stringify(summary));
        else console.error(`${parcels.length} parcels, ${holds} held, ${summary.summary.parcelsPerMinute} parcels/minute`);
        return 0;
      }
      default: {
        const fail = (m: string): never => {
          throw new CliError(m);
        };
        const done = await runCounterfeitCommand(command, sub, values, call, readFile, fail);
        if (done !== null) return done;
        const code = await runCaseCommand(command, sub, values, { call, readFile, dbFile, fail: (m) => new CliError(m) });
        if (code === null) throw new CliError(`Unknown command "${command}". Run with --help for the list.`);
        return code;
      }
    }
  } finally {
    remote?.close();
    await service?.close();
  }
}

function verdictJson(r: Responses['parcel:inspect']) {
  return {
    tracking: r.trackingNo,
    orderNo: r.orderNo,
    outcome: r.outcome,
    reasons: r.findings.map((f) => ({ code: f.code, message: f.message, messageZh: f.messageZh, evidence: f.evidence })),
    notes: r.notes.map((n) => ({ code: n.code, message: n.message, messageZh: n.messageZh })),
    brands: r.brands,
    timingsMs: r.timingsMs,
  };
}

async function askYes(question: string): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(question);
  rl.close();
  return answer.trim().toLowerCase() === 'yes';
}

async function askPin(): Promise<string> {
  if (!process.stdin.isTTY) return fs.readFileSync(0, 'utf8').trim();
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  // Hide what is typed: the PIN is a secret even at the station.
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
    if (s.startsWith('PIN')) process.stdout.write(s);
  };
  const pin = await rl.question('PIN: ');
  rl.close();
  process.stdout.write('\n');
  return pin.trim();
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof CliError || e instanceof Error ? e.message : String(e));
    process.exit(e instanceof CliError ? 2 : 1);
  },
);
