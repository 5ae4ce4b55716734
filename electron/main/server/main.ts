// `npm run server -- --db postgres://ROLE@HOST/DB --listen HOST:PORT [--cert F --key F] [--data DIR]
// [--db-password-file F]`: the warehouse server. The only process that holds the database's
// credential; stations reach it over HTTPS and pin its certificate's fingerprint, printed here.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ParcelGateService } from '../service/service';
import { isServerUrl, redactDb } from '../db/dbSetting';
import { defaultDataDir } from '../paths';
import { startHttpsServer } from './httpsServer';
import { tlsIdentity } from './tlsIdentity';
import { withPasswordFile } from './dbPassword';

const USAGE = `Parcel Gate warehouse server

  npm run server -- --db postgres://ROLE@HOST[:PORT]/DB --listen HOST:PORT [--cert FILE --key FILE]
                    [--db-password-file FILE] [--data DIR]

  --db                the warehouse database: a PostgreSQL URL (or a SQLite file for a one-desk warehouse)
  --db-password-file  the database role's password, read from this file (never put it on the command line)
  --listen            the address and port stations connect to, e.g. 10.0.0.5:8443
  --cert, --key       the TLS certificate and key (PEM); without them a self-signed one is made once,
                      kept in the data folder, and its fingerprint printed for the stations' station.json
  --data              the server's folder (certificate, evidence copies); default: ${path.join(defaultDataDir(), 'server')}`;

function parseListen(text: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || !(port >= 0 && port <= 65535)) throw new Error(`--listen ${text}: expected HOST:PORT, e.g. 10.0.0.5:8443`);
  return { host: m[1] ?? m[2], port };
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string' },
      listen: { type: 'string' },
      cert: { type: 'string' },
      key: { type: 'string' },
      data: { type: 'string' },
      'db-password-file': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.db || !values.listen) {
    console.log(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const { host, port } = parseListen(values.listen);
  const dataDir = path.resolve(values.data ?? path.join(defaultDataDir(), 'server'));
  const db = isServerUrl(values.db) ? withPasswordFile(values.db.trim(), values['db-password-file']) : path.resolve(values.db);
  const identity = await tlsIdentity({ cert: values.cert, key: values.key, dir: dataDir, hosts: [host] });
  // No station option: the station a session belongs to is the name its client signs in with (a label);
  // limits and decisions go by the client's address and the signed-in user.
  const service = new ParcelGateService({ dbFile: db, dataDir });
  const server = await startHttpsServer(service, { host, port, identity });
  console.log(`Parcel Gate server on ${server.url}  (database ${redactDb(db)})`);
  console.log(`certificate fingerprint ${server.fingerprint}${identity.generated ? '  (new, self-signed: give it to each station\'s admin)' : ''}`);
  void service.warmUp().catch(() => undefined);
  const stop = () => void server.close().then(() => service.close()).then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
