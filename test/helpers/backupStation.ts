// The backup tests' station: the seeding of scripts/stationSeed.ts, and a second station process
// inspecting on the same file (test/race/inspectWorker.ts).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './paths';

export { backupTracking, inspectOne, seedStation, uniquePng } from '../../scripts/stationSeed';

/** The inspecting station as a process of its own (inspectWorker.ts); `onLine` sees each line it prints. */
export function runInspectWorker(dbFile: string, evidenceDir: string, rounds: number, onLine: (line: string) => void = () => undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'test', 'race', 'inspectWorker.ts'), dbFile, evidenceDir, String(rounds)], { cwd: ROOT });
    let err = '';
    let buf = '';
    p.stdout.on('data', (d) => {
      buf += String(d);
      const lines = buf.split('\n');
      buf = lines.pop()!;
      lines.forEach(onLine);
    });
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`inspect worker exited ${code}: ${err}`))));
  });
}
