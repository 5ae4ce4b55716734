// Debian's Chromium driven by playwright-core: headless, no network, optional fake camera.
import { chromium, type Browser } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

export function chromiumPath(): string {
  for (const p of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (p && fs.existsSync(p)) return p;
  }
  throw new Error('Chromium not found: install Debian\'s "chromium" package (CI does) or set CHROMIUM_PATH');
}

export async function launchChromium(opts: { fakeCamera?: string } = {}): Promise<Browser> {
  const args = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--autoplay-policy=no-user-gesture-required',
  ];
  if (opts.fakeCamera) {
    args.push('--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${opts.fakeCamera}`);
  }
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args });
}

/** A .y4m video of one photo, for Chromium's fake camera. */
export function photoToY4m(photo: string, out: string): string {
  execFileSync('ffmpeg', ['-y', '-loglevel', 'error', '-loop', '1', '-i', photo, '-t', '2', '-r', '5', '-vf', 'scale=1280:-2', '-pix_fmt', 'yuv420p', out]);
  return out;
}
