// The foundation on a real database file: imports, roles, PINs, the audit chain, evidence photos.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { freshService, importPack, rawEngine } from '../helpers/service';
import type { SqlStorage } from '../../electron/main/db/sqlStorage';
import { packFile, PUBLIC_PACK } from '../helpers/paths';

/** Every business table, rows sorted, timestamps of import kept: "the same database". */
async function dumpBusiness(dbFile: string): Promise<string> {
  const db = rawEngine(dbFile);
  const out: Record<string, unknown[]> = {};
  for (const t of ['brands', 'brand_aliases', 'brand_gs1_prefixes', 'brand_stores', 'certificates', 'orders']) {
    // The row order of insertion (rowid) is kept apart: it is not part of what was imported.
    out[t] = (await db.read.all<Record<string, unknown>>(`SELECT * FROM ${t} ORDER BY 1, 2`)).map(({ rowid: _rowid, ...r }) => r);
  }
  await db.close();
  return JSON.stringify(out);
}

describe('imports', () => {
  it('importing the public pack twice gives the same database', async () => {
    const t = freshService();
    const first = await importPack(t);
    expect(first.files.map((f) => [f.kind, f.inserted])).toEqual([
      ['brands', 4],
      ['certificates', 5],
      ['orders', 22],
    ]);
    const before = await dumpBusiness(t.dbFile);
    const second = await importPack(t);
    expect(second.files.every((f) => f.inserted === 0 && f.updated === 0)).toBe(true);
    expect(await dumpBusiness(t.dbFile)).toBe(before);
    await t.service.close();
  });

  it('a malformed orders file is rejected with line and column, and the database stays as it was', async () => {
    const t = freshService();
    await importPack(t);
    const before = await dumpBusiness(t.dbFile);
    const good = fs.readFileSync(path.join(PUBLIC_PACK, 'orders.csv'), 'utf8').split('\n');
    // Change a good order (it must not be stored) and break a later row.
    good[1] = good[1].replace('1737.00', '9999.00');
    good[5] = good[5].replace('TMALL_FLAGSHIP', 'TMALL_FLAGSHOP');
    const r = await t.service.call('data:import', { orders: { name: 'orders.csv', bytes: new TextEncoder().encode(good.join('\n')) } }, { system: 'test' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('IMPORT_REJECTED');
      expect(r.error.details).toEqual([expect.stringContaining('orders.csv line 6, column "channel": unknown channel')]);
    }
    expect(await dumpBusiness(t.dbFile)).toBe(before);
    await t.service.close();
  });

  it('a tracking number already used by another stored order rejects the whole file', async () => {
    const t = freshService();
    await importPack(t);
    const before = await dumpBusiness(t.dbFile);
    const csv = fs.readFileSync(path.join(PUBLIC_PACK, 'orders.csv'), 'utf8').replace('ORD700001,SF529989826725', 'ORD800001,SF529989826725');
    const r = await t.service.call('data:import', { orders: { name: 'orders.csv', bytes: new TextEncoder().encode(csv) } }, { system: 'test' });
    expect(!r.ok && r.error.details?.[0]).toContain('SF529989826725 already belongs to stored order ORD700001');
    expect(await dumpBusiness(t.dbFile)).toBe(before);
    await t.service.close();
  });
});

describe('users, roles and PINs', () => {
  it('signs in with the right PIN, refuses a wrong one, locks after five, and enforces roles in main', async () => {
    const t = freshService();
    await t.sys('users:add', { name: 'ann', role: 'inspector', pin: '1234' });
    const wrong = await t.service.call('session:signIn', { name: 'ann', pin: '9999', station: 'S1' });
    expect(!wrong.ok && wrong.error).toMatchObject({ code: 'WRONG_PIN', message: expect.stringContaining('4 tries left') });
    const ok = await t.service.call('session:signIn', { name: 'ann', pin: '1234', station: 'S1' });
    expect(ok.ok).toBe(true);
    const token = ok.ok ? ok.value.token : '';
    const forbidden = await t.service.call('data:import', { orders: packFile('orders.csv') }, { token });
    expect(!forbidden.ok && forbidden.error.code).toBe('FORBIDDEN');
    const noToken = await t.service.call('parcel:lookup', { trackingNo: 'SF529989826725' }, { token: 'forged' });
    expect(!noToken.ok && noToken.error.code).toBe('NOT_SIGNED_IN');
    for (let i = 0; i < 5; i++) await t.service.call('session:signIn', { name: 'ann', pin: '0000', station: 'S1' });
    const locked = await t.service.call('session:signIn', { name: 'ann', pin: '1234', station: 'S1' });
    expect(!locked.ok && locked.error.code).toBe('LOCKED_OUT');
    // The PIN is stored as a slow salted hash, never as typed.
    const db = rawEngine(t.dbFile);
    const hash = (await db.read.get<{ pin_hash: string }>("SELECT pin_hash FROM users WHERE name = 'ann'"))!.pin_hash;
    await db.close();
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(hash).not.toContain('1234');
    await t.service.close();
  });

  it('the first user of a new database must be an admin; after that only admins add users', async () => {
    const t = freshService();
    const inspector = await t.service.call('users:add', { name: 'x', role: 'inspector', pin: '1111' });
    expect(!inspector.ok && inspector.error.code).toBe('FORBIDDEN');
    expect((await t.service.call('users:add', { name: 'boss', role: 'admin', pin: '1111' })).ok).toBe(true);
    const again = await t.service.call('users:add', { name: 'y', role: 'admin', pin: '1111' });
    expect(!again.ok && again.error.code).toBe('FORBIDDEN');
    await t.service.close();
  });
});

describe('audit chain', () => {
  it('is intact after real work, refuses edits through SQL, and names a hand-edited event', async () => {
    const t = freshService();
    await importPack(t);
    await t.sys('users:add', { name: 'ann', role: 'inspector', pin: '1234' });
    const v = await t.sys('audit:verify', {});
    expect(v).toMatchObject({ intact: true, firstBroken: null });
    expect(v.events).toBeGreaterThanOrEqual(4);
    await t.service.close();

    // A station's own connection: the file's triggers (SQLite), no such privilege at all (the server's station role).
    const db = rawEngine(t.dbFile);
    await expect(db.read.run("UPDATE audit_events SET actor = 'mallory' WHERE seq = 2")).rejects.toThrow(/append-only|permission denied/);
    await expect(db.read.run('DELETE FROM audit_events WHERE seq = 2')).rejects.toThrow(/append-only|permission denied/);
    await db.close();
    // Someone who owns the file or the database drops the guard and edits event 2.
    const owner = rawEngine(t.dbFile, { owner: true });
    if (owner.dialect === 'postgres') {
      await expect(owner.read.run("UPDATE audit_events SET actor = 'mallory' WHERE seq = 2")).rejects.toThrow(/append-only/);
      await owner.read.exec('ALTER TABLE audit_events DISABLE TRIGGER USER');
    } else await owner.read.exec('DROP TRIGGER audit_events_no_update');
    await owner.read.run(`UPDATE audit_events SET details = '{"inserted":99}' WHERE seq = 2`);
    await owner.close();

    const t2 = { ...t };
    const { ParcelGateService } = await import('../../electron/main/service/service');
    const again = new ParcelGateService({ dbFile: t2.dbFile, dataDir: path.join(t2.dir, 'data') });
    const r = await again.call('audit:verify', {}, { system: 'test' });
    expect(r.ok && r.value).toMatchObject({ intact: false, firstBroken: { seq: 2, reason: expect.stringContaining('changed') } });
    await again.close();
  });
});

describe('evidence photos', () => {
  function pngHeader(width: number, height: number): Uint8Array {
    const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(width, 0);
    ihdr.writeUInt32BE(height, 4);
    ihdr[8] = 8;
    ihdr[9] = 0;
    const chunk = (type: string, data: Buffer) => {
      const len = Buffer.alloc(4);
      len.writeUInt32BE(data.length);
      const td = Buffer.concat([Buffer.from(type), data]);
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(zlib.crc32(td) >>> 0);
      return Buffer.concat([len, td, crc]);
    };
    return new Uint8Array(Buffer.concat([sig, chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(Buffer.alloc(1000))), chunk('IEND', Buffer.alloc(0))]));
  }

  it.each([
    ['a 60,000 × 60,000 decompression bomb', pngHeader(60000, 60000), /60000 × 60000 pixels is too large.*refused before decoding/],
    ['a truncated JPEG', new Uint8Array(fs.readFileSync(path.join(PUBLIC_PACK, 'photos', 'P0001-2-tag.jpg')).subarray(0, 300)), /bad\.jpg: /],
    ['a text file', new TextEncoder().encode('not an image at all'), /bad\.jpg: not a readable image/],
    ['an empty file', new Uint8Array(0), /bad\.jpg: the file is empty/],
  ])('refuses %s with a clear error naming the file, and stores nothing', async (_n, bytes, message) => {
    const t = freshService();
    const r = await t.service.call('photo:add', { bytes, name: 'bad.jpg' }, { system: 'test' });
    let error = !r.ok ? r.error.message : '';
    if (r.ok) {
      // Some damage shows only when the pixels are decoded: reading must refuse it just as clearly.
      const read = await t.service.call('photo:read', { photoId: r.value.photoId }, { system: 'test' });
      error = !read.ok ? read.error.message : '';
    } else {
      // Through the service's own connection (on a server, the database is made at first use).
      const db = (t.service.storage as SqlStorage).engine.read;
      expect((await db.get<{ n: number }>('SELECT count(*) AS n FROM photos'))!.n).toBe(0);
      expect(fs.existsSync(path.join(t.dir, 'data', 'evidence'))).toBe(false);
    }
    expect(error).toMatch(message);
    await t.service.close();
  });

  it('stores a photo once, by content, file before row', async () => {
    const t = freshService();
    const bytes = new Uint8Array(fs.readFileSync(path.join(PUBLIC_PACK, 'photos', 'P0001-2-tag.jpg')));
    const a = await t.sys('photo:add', { bytes, name: 'a.jpg' });
    const b = await t.sys('photo:add', { bytes, name: 'b.jpg' });
    expect(a.photoId).toBe(b.photoId);
    expect(a.photoId).toMatch(/^[0-9a-f]{64}$/);
    const file = path.join(t.dir, 'data', 'evidence', a.photoId.slice(0, 2), `${a.photoId}.jpg`);
    expect(fs.readFileSync(file).equals(Buffer.from(bytes))).toBe(true);
    const back = await t.sys('photo:get', { photoId: a.photoId });
    expect(back.mime).toBe('image/jpeg');
    expect(back.bytes.length).toBe(bytes.length);
    await t.service.close();
  });
});

describe('inspection with a damaged photo', () => {
  it('holds the parcel as unreadable, naming the problem, instead of failing', async () => {
    const t = freshService();
    await importPack(t);
    const jpeg = fs.readFileSync(path.join(PUBLIC_PACK, 'photos', 'P0001-2-tag.jpg'));
    const damaged = new Uint8Array(jpeg.subarray(0, Math.floor(jpeg.length * 0.4)));
    // Its header is whole, so the door (which reads only the header) takes it: the damage shows when it is read.
    const added = await t.service.call('photo:add', { bytes: damaged, name: 'half.jpg' }, { system: 'test' });
    expect(added.ok).toBe(true);
    if (!added.ok) return;
    const v = await t.sys('parcel:inspect', { scan: 'SF529989826725', photoIds: [added.value.photoId] });
    expect(v.outcome).toBe('HOLD');
    const f = v.findings.find((x) => x.code === 'UNREADABLE');
    expect(f?.evidence[0].text).toMatch(/half\.jpg/);
    await t.service.close();
  });
});
