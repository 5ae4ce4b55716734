// Runs the command line as a user would: `npm run cli -- …` is `tsx electron/cli/main.ts …`.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './paths';

export function cli(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'electron', 'cli', 'main.ts'), ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 300_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
