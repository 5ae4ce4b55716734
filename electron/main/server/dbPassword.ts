// A database role's password goes into the connection URL here, read from a file (or given by the
// caller from stdin), never from the command line, where every user of the machine can read it.
import fs from 'node:fs';

/** The URL with `password` put in (for the pool only; never printed: see redactDb). */
export function withPassword(url: string, password: string): string {
  if (!password) throw new Error('The database password is empty');
  const u = new URL(url);
  u.password = encodeURIComponent(password);
  return u.toString();
}

/** The URL with the password read from `passwordFile` (its one line), or the URL as it is without one. */
export function withPasswordFile(url: string, passwordFile: string | undefined): string {
  if (!passwordFile) return url;
  let text: string;
  try {
    text = fs.readFileSync(passwordFile, 'utf8');
  } catch {
    throw new Error(`Cannot read the password file ${passwordFile}`);
  }
  return withPassword(url, text.replace(/\r?\n$/, ''));
}
