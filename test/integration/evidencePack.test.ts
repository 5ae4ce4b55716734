// Evidence packs from the command line: written, verified, and a changed byte in a photo (or a
// rewritten audit event) makes verify-pack fail naming it. Also the replay and holiday commands.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { cli } from '../helpers/cli';
import { freshService, importPack } from '../helpers/service';
import { pastInspection, readOf, signIn } from '../helpers/holdCases';
import { PUBLIC_PACK } from '../helpers/paths';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('evidence-pack and verify-pack', () => {
  it('writes a pack that verifies; one changed byte in a photo fails naming that file', async () => {
    const t = freshService({ now: () => new Date('2026-11-10T00:00:00.000Z') });
    await importPack(t);
    const tag = await t.sys('photo:add', { bytes: new Uint8Array(fs.readFileSync(path.join(PUBLIC_PACK, 'photos', 'P0003-2-tag.jpg'))), name: 'P0003-2-tag.jpg' });
    // A stored inspection whose tag photo showed NIKE on an order that declares no brand.
    const read = readOf(tag.photoId, ['NIKE AIR', 'CANVAS TOTE'], { width: tag.width, height: tag.height });
    const past = await pastInspection(t, 'SF784187113400', [read], '2026-11-09T02:00:00.000Z');
    expect(past.outcome).toBe('HOLD');
    const boss = await signIn(t, 'wang', 'supervisor');
    expect((await boss('hold:decide', { holdId: past.holdId, disposition: 'AWAIT_PROOF', reason: '需要品牌方购买记录' })).ok).toBe(true);
    await t.service.close();

    const data = path.join(t.dir, 'data');
    const out = path.join(t.dir, 'pack');
    const made = cli(['--db', t.dbFile, '--data', data, 'evidence-pack', '--tracking', 'SF784187113400', '--out', out]);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    const photoFile = `photos/${tag.photoId}.jpg`;
    const listed = fs.readFileSync(path.join(out, 'manifest.sha256'), 'utf8').trim().split('\n').map((l) => l.slice(66));
    expect(listed).toEqual(['audit.json', 'facts.json', photoFile, 'report.pdf', 'signing-key.pub.pem']);
    // The original photo, byte for byte; the facts and the audit excerpt of this parcel.
    expect(sha(fs.readFileSync(path.join(out, photoFile)))).toBe(tag.photoId);
    const facts = JSON.parse(fs.readFileSync(path.join(out, 'facts.json'), 'utf8'));
    expect(facts.parcels[0]).toMatchObject({ order: { orderNo: 'ORD700003' }, inspections: [{ outcome: 'HOLD', findings: [{ code: 'BRAND_UNDECLARED' }] }], proofRequests: [{ asked: ['PURCHASE_RECORD'] }] });
    const audit = JSON.parse(fs.readFileSync(path.join(out, 'audit.json'), 'utf8'));
    expect(audit.events.map((e: { action: string }) => e.action)).toEqual(['parcel.hold', 'hold.await_proof', 'proof.request']);
    expect(audit.head.seq).toBeGreaterThanOrEqual(audit.events.at(-1).seq);
    expect(fs.readFileSync(path.join(out, 'report.pdf')).subarray(0, 5).toString()).toBe('%PDF-');

    const ok = cli(['verify-pack', out, '--db', t.dbFile]);
    expect(ok.stdout).toMatch(/Evidence pack intact: 7 files, 3 audit events, all in the audit chain/);
    expect(ok.code).toBe(0);

    // One byte of the photo changed.
    const copy = path.join(t.dir, 'pack-photo');
    fs.cpSync(out, copy, { recursive: true });
    const bytes = fs.readFileSync(path.join(copy, photoFile));
    bytes[Math.floor(bytes.length / 2)] ^= 0x01;
    fs.writeFileSync(path.join(copy, photoFile), bytes);
    const broken = cli(['verify-pack', copy]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`${photoFile}: changed`);
    expect(broken.stderr).not.toContain('report.pdf');

    // An audit event rewritten and the manifest brought into line: the recomputed hash still catches it.
    const forged = path.join(t.dir, 'pack-audit');
    fs.cpSync(out, forged, { recursive: true });
    const a = JSON.parse(fs.readFileSync(path.join(forged, 'audit.json'), 'utf8'));
    a.events[2].actor = 'someone else';
    const text = `${JSON.stringify(a, null, 2)}\n`;
    fs.writeFileSync(path.join(forged, 'audit.json'), text);
    const manifest = fs.readFileSync(path.join(forged, 'manifest.sha256'), 'utf8').replace(/^[0-9a-f]{64}(?= {2}audit\.json$)/m, sha(new TextEncoder().encode(text)));
    fs.writeFileSync(path.join(forged, 'manifest.sha256'), manifest);
    const caught = cli(['verify-pack', forged]);
    expect(caught.code).toBe(1);
    // The manifest no longer matches its signature, and the event no longer its hash.
    expect(caught.stderr).toContain('manifest.sha256.sig: bad signature');
    expect(caught.stderr).toContain(`audit.json: event ${a.events[2].seq} does not match its hash`);

    // The same pack as a zip verifies too.
    const zip = path.join(t.dir, 'pack.zip');
    expect(cli(['--db', t.dbFile, '--data', data, 'evidence-pack', '--status', 'undecided', '--out', zip, '--zip']).code).toBe(0);
    expect(cli(['verify-pack', zip]).code).toBe(0);
    expect(cli(['--db', t.dbFile, '--data', data, 'evidence-pack', '--tracking', 'SF784187113400', '--out', out]).stderr).toContain('is not empty');
  });

  it('replay and holidays from the command line', async () => {
    const t = freshService({ now: () => new Date('2026-11-10T00:00:00.000Z') });
    await importPack(t);
    await pastInspection(t, 'SF529989826725', [readOf('a'.repeat(64), ['PUMA LUXE', 'NOTEBOOK A5'])], '2026-11-01T02:00:00.000Z');
    await t.service.close();
    const rulesFile = path.join(t.dir, 'rules.json');
    fs.writeFileSync(rulesFile, JSON.stringify({ approvedChannels: [], storeChannels: [], prohibitedCategories: ['stationery'], readable: { minChars: 4, minWordConfidence: 60 }, minLookalikeConfidence: 50 }));
    const r = cli(['--db', t.dbFile, 'replay', '--ruleset', rulesFile]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Replayed 1 parcels with ruleset given and the current registry: 1 would change');
    expect(r.stdout).toContain('SF529989826725 (CLEARED, inspected 2026-11-01T02:00:00.000Z): CLEAR [] v1 -> HOLD [PROHIBITED_CATEGORY]');
    expect(cli(['--db', t.dbFile, 'replay', '--since', '2026-13-01']).stderr).toContain('since');

    const holidays = path.join(t.dir, 'holidays.csv');
    fs.writeFileSync(holidays, 'date,name,type\n2026-10-01,国庆节,holiday\n2026-10-10,国庆节调休,workday\n');
    expect(cli(['--db', t.dbFile, 'holidays', 'import', '--file', holidays]).stdout).toContain('holidays.csv: 2 new, 0 updated, 0 unchanged');
    fs.writeFileSync(holidays, 'date,name\n2026-10-32,x\n');
    const bad = cli(['--db', t.dbFile, 'holidays', 'import', '--file', holidays]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('holidays.csv line 2, column "date": not a date');
  });
});
