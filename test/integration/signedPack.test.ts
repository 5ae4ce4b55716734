// Signed evidence packs, tried as a forger would: facts rewritten HOLD → CLEAR, another photo under an
// old photo's hash name, the whole pack re-signed with the forger's own key, an audit event left out.
// Each is named by verify-pack; a brand owner's check with only the public key (ours and plain OpenSSL) passes.
import { describe, expect, it } from 'vitest';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cli } from '../helpers/cli';
import { freshService, importPack, type TestService } from '../helpers/service';
import { pastInspection, readOf, signIn } from '../helpers/holdCases';
import type { ProofRequestRow } from '../../shared/api';
import { PUBLIC_PACK, SHARED } from '../helpers/paths';

const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

/** A pack of one held parcel, made by the command line; returns where it is and the data folder. */
async function madePack(): Promise<{ t: TestService; out: string; data: string; photoFile: string }> {
  const t = freshService({ now: () => new Date('2026-11-10T00:00:00.000Z') });
  await importPack(t);
  const tag = await t.sys('photo:add', { bytes: new Uint8Array(fs.readFileSync(path.join(PUBLIC_PACK, 'photos', 'P0003-2-tag.jpg'))), name: 'P0003-2-tag.jpg' });
  const past = await pastInspection(t, 'SF784187113400', [readOf(tag.photoId, ['NIKE AIR', 'CANVAS TOTE'], { width: tag.width, height: tag.height })], '2026-11-09T02:00:00.000Z');
  expect(past.outcome).toBe('HOLD');
  await t.service.close();
  const data = path.join(t.dir, 'data');
  const out = path.join(t.dir, 'pack');
  const made = cli(['--db', t.dbFile, '--data', data, 'evidence-pack', '--tracking', 'SF784187113400', '--out', out]);
  expect(made.stderr).toBe('');
  return { t, out, data, photoFile: `photos/${tag.photoId}.jpg` };
}

/** A copy of the pack with one file rewritten and the manifest brought into line (as a forger would). */
function forge(t: TestService, out: string, name: string, file: string, bytes: Uint8Array | string): string {
  const copy = path.join(t.dir, name);
  fs.cpSync(out, copy, { recursive: true });
  fs.writeFileSync(path.join(copy, file), bytes);
  const manifest = fs.readFileSync(path.join(copy, 'manifest.sha256'), 'utf8').split('\n').map((l) => (l.endsWith(`  ${file}`) ? `${sha(bytes)}  ${file}` : l)).join('\n');
  fs.writeFileSync(path.join(copy, 'manifest.sha256'), manifest);
  return copy;
}

describe('signed evidence packs', () => {
  it('signs the manifest with the warehouse key, prints its fingerprint, and names each forgery', async () => {
    const { t, out, data, photoFile } = await madePack();
    const pub = path.join(data, 'evidence-signing-key.pub.pem');
    expect(fs.readFileSync(path.join(out, 'signing-key.pub.pem'), 'utf8')).toBe(fs.readFileSync(pub, 'utf8'));
    expect((fs.statSync(path.join(data, 'evidence-signing-key.pem')).mode & 0o077)).toBe(0);
    const facts = JSON.parse(fs.readFileSync(path.join(out, 'facts.json'), 'utf8'));
    const fingerprint: string = facts.signingKey.fingerprint;
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);

    // The genuine pack: intact against the key file, the fingerprint (as printed, in groups), and the database.
    const byKey = cli(['verify-pack', out, '--key', pub, '--db', t.dbFile]);
    expect(byKey.stderr).toBe('');
    expect(byKey.code).toBe(0);
    expect(byKey.stdout).toContain('Signed by the trusted key');
    const grouped = fingerprint.replace(/(.{4})(?=.)/g, '$1 ');
    expect(cli(['verify-pack', out, '--fingerprint', grouped]).code).toBe(0);
    // The same key signs the next pack (made once, kept).
    const again = path.join(t.dir, 'pack2');
    expect(cli(['--db', t.dbFile, '--data', data, 'evidence-pack', '--tracking', 'SF784187113400', '--out', again]).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(again, 'facts.json'), 'utf8')).signingKey.fingerprint).toBe(fingerprint);

    // facts.json HOLD → CLEAR, manifest rewritten: a bad signature, and facts that disagree with the events.
    const cleared = JSON.parse(fs.readFileSync(path.join(out, 'facts.json'), 'utf8'));
    cleared.parcels[0].inspections[0].outcome = 'CLEAR';
    const factsCopy = forge(t, out, 'pack-facts', 'facts.json', `${JSON.stringify(cleared, null, 2)}\n`);
    const f = cli(['verify-pack', factsCopy, '--key', pub]);
    expect(f.code).toBe(1);
    expect(f.stderr).toContain('manifest.sha256.sig: bad signature');
    expect(f.stderr).toMatch(/facts\.json: parcel SF784187113400 inspection \d+ says CLEAR, but its audit event \d+ says HOLD/);

    // Another photo under the old photo's hash name.
    const other = fs.readFileSync(path.join(PUBLIC_PACK, 'photos', 'P0001-2-tag.jpg'));
    const swapped = forge(t, out, 'pack-photo', photoFile, other);
    const s = cli(['verify-pack', swapped]);
    expect(s.code).toBe(1);
    expect(s.stderr).toContain(`${photoFile}: its name is not its SHA-256 (the file's hash is ${sha(other)})`);

    // The whole pack re-signed with the forger's own key (and the forger's public key put in the pack).
    const forger = generateKeyPairSync('ed25519');
    const resigned = forge(t, out, 'pack-resigned', 'facts.json', `${JSON.stringify(cleared, null, 2)}\n`);
    const forgerPem = forger.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    fs.writeFileSync(path.join(resigned, 'signing-key.pub.pem'), forgerPem);
    const m = fs.readFileSync(path.join(resigned, 'manifest.sha256'), 'utf8').split('\n').map((l) => (l.endsWith('  signing-key.pub.pem') ? `${sha(forgerPem)}  signing-key.pub.pem` : l)).join('\n');
    fs.writeFileSync(path.join(resigned, 'manifest.sha256'), m);
    fs.writeFileSync(path.join(resigned, 'manifest.sha256.sig'), sign(null, Buffer.from(m), forger.privateKey));
    const r1 = cli(['verify-pack', resigned, '--key', pub]);
    expect(r1.code).toBe(1);
    expect(r1.stderr).toContain('manifest.sha256.sig: bad signature');
    const r2 = cli(['verify-pack', resigned, '--fingerprint', fingerprint]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain(`not by the trusted key ${fingerprint}`);
    // Against the database: the pack's facts disagree with the events, and no event records this manifest.
    const r3 = cli(['verify-pack', resigned, '--db', t.dbFile]);
    expect(r3.code).toBe(1);
    expect(r3.stderr).toContain('says CLEAR, but its audit event');
    expect(r3.stderr).toContain('no evidence.pack audit event of parcel SF784187113400 records this manifest');

    // An audit event left out of audit.json and facts.json (manifest rewritten): the database names it.
    const audit = JSON.parse(fs.readFileSync(path.join(out, 'audit.json'), 'utf8'));
    const dropped = audit.events.shift();
    const gap = forge(t, out, 'pack-gap', 'audit.json', `${JSON.stringify(audit, null, 2)}\n`);
    const g = cli(['verify-pack', gap, '--db', t.dbFile]);
    expect(g.code).toBe(1);
    expect(g.stderr).toContain(`leaves out audit event ${dropped.seq} (${dropped.action}) of this database`);

    // A pack made by this database and unchanged, checked against another database: not recorded there.
    const otherDb = await madePack();
    const foreign = cli(['verify-pack', out, '--db', otherDb.t.dbFile]);
    expect(foreign.code).toBe(1);
  });

  it("a brand owner's check with only the public key and plain OpenSSL", async () => {
    const { t, out, data } = await madePack();
    const pub = path.join(data, 'evidence-signing-key.pub.pem');
    const fingerprint: string = JSON.parse(fs.readFileSync(path.join(out, 'facts.json'), 'utf8')).signingKey.fingerprint;
    const sh = (cmd: string, cwd = out) => spawnSync('sh', ['-c', cmd], { cwd, encoding: 'utf8' });
    // The fingerprint as OpenSSL computes it from the public key the brand owner was given.
    const fp = sh(`openssl pkey -pubin -in '${pub}' -outform DER | sha256sum`);
    expect(fp.stdout.split(' ')[0]).toBe(fingerprint);
    const check = `openssl pkeyutl -verify -pubin -inkey '${pub}' -rawin -in manifest.sha256 -sigfile manifest.sha256.sig && sha256sum -c --quiet manifest.sha256`;
    const ok = sh(check);
    expect(ok.stdout + ok.stderr).toContain('Signature Verified Successfully');
    expect(ok.status).toBe(0);
    // One changed byte in the manifest: OpenSSL refuses the signature.
    const bad = path.join(t.dir, 'pack-bad');
    fs.cpSync(out, bad, { recursive: true });
    const manifest = fs.readFileSync(path.join(bad, 'manifest.sha256'));
    manifest[0] = manifest[0] === 0x30 ? 0x31 : 0x30;
    fs.writeFileSync(path.join(bad, 'manifest.sha256'), manifest);
    const refused = sh(check, bad);
    expect(refused.status).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain('Signature Verification Failure');
  });

  it("a customer's PDF goes into the pack as the original and as page images", async () => {
    const t = freshService({ now: () => new Date('2026-11-10T00:00:00.000Z') });
    await importPack(t);
    const tag = await t.sys('photo:add', { bytes: new Uint8Array(fs.readFileSync(path.join(PUBLIC_PACK, 'photos', 'P0003-2-tag.jpg'))), name: 'P0003-2-tag.jpg' });
    const past = await pastInspection(t, 'SF784187113400', [readOf(tag.photoId, ['NIKE AIR', 'CANVAS TOTE'], { width: tag.width, height: tag.height })], '2026-11-09T02:00:00.000Z');
    const boss = await signIn(t, 'wang', 'supervisor');
    expect((await boss('hold:decide', { holdId: past.holdId, disposition: 'AWAIT_PROOF', reason: '需要发票' })).ok).toBe(true);
    const detail = await boss('parcel:detail', { trackingNo: 'SF784187113400' });
    const request = (detail.ok && (detail.value as { proofRequests: ProofRequestRow[] }).proofRequests[0]) as ProofRequestRow;
    const fapiao = new Uint8Array(fs.readFileSync(path.join(SHARED, 'corpus', 'invoices-zh', 'metagpt-invoice-1.pdf')));
    expect((await boss('proof:attach', { requestId: request.requestId, bytes: fapiao, name: 'fapiao.pdf' })).ok).toBe(true);
    const pack = await t.sys('evidence:pack', { trackingNos: ['SF784187113400'] });
    await t.service.close();
    const { unzipSync } = await import('fflate');
    const files = unzipSync(pack.zip);
    const id = sha(fapiao);
    expect(Buffer.from(files[`photos/${id}.pdf`]).equals(Buffer.from(fapiao))).toBe(true);
    const page = files[`flattened/${id}/page-1.png`];
    expect(Buffer.from(page.subarray(1, 4)).toString()).toBe('PNG');
    // A landscape A5-like fapiao drawn at 2x: wider than tall, over 1000 pixels across.
    const width = Buffer.from(page).readUInt32BE(16);
    const height = Buffer.from(page).readUInt32BE(20);
    expect(width).toBeGreaterThan(1000);
    expect(width).toBeGreaterThan(height);
    const zip = path.join(t.dir, 'pdf-pack.zip');
    fs.writeFileSync(zip, pack.zip);
    expect(cli(['verify-pack', zip, '--db', t.dbFile]).code).toBe(0);
  });
});
