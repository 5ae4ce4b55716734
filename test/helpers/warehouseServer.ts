// A real warehouse server for tests: `npm run server` as its own process, on 127.0.0.1 at a free
// port, with its own self-signed certificate (made in its data folder). Resolves once it listens,
// with the URL and fingerprint it printed, as an operator would read them.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ROOT, tempDir } from './paths';

export interface WarehouseServer {
  url: string;
  fingerprint: string;
  dataDir: string;
  stop(): Promise<void>;
}

export function startWarehouseServer(db: string, opts: { dataDir?: string; beforeStart?: () => Promise<void> } = {}): Promise<WarehouseServer> {
  const dataDir = opts.dataDir ?? tempDir('server');
  const p: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'electron', 'main', 'server', 'main.ts'), '--db', db, '--listen', '127.0.0.1:0', '--data', dataDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    p.stderr!.on('data', (d) => (err += d));
    p.on('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
    p.stdout!.on('data', (d) => {
      out += d;
      const url = /server on (https:\/\/\S+)/.exec(out)?.[1];
      const fingerprint = /fingerprint (sha256:[0-9a-f]{64})/.exec(out)?.[1];
      if (url && fingerprint) {
        p.removeAllListeners('exit');
        resolve({
          url,
          fingerprint,
          dataDir,
          stop: () =>
            new Promise<void>((done) => {
              if (p.exitCode !== null) return done();
              p.once('exit', () => done());
              p.kill('SIGTERM');
            }),
        });
      }
    });
  });
}
