// JSON for the HTTP bridge: bytes travel as base64, tagged, and come back as Uint8Array.
// (Electron IPC uses structured clone and needs none of this.)

const TAG = '$bytes';

function toBase64(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function toWire(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v instanceof Uint8Array ? { [TAG]: toBase64(v) } : v));
}

export function fromWire(text: string): unknown {
  return JSON.parse(text, (_k, v: unknown) =>
    v && typeof v === 'object' && TAG in v && typeof (v as Record<string, unknown>)[TAG] === 'string'
      ? fromBase64((v as Record<string, string>)[TAG])
      : v,
  );
}
