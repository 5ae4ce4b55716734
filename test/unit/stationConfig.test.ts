// station.json fails closed: every broken file stops the station with a sentence in Chinese and in
// English naming the file and the problem, and nothing ever falls back to another database.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readStationConfig, StationConfigError } from '../../electron/main/stationConfig';
import { openStationBackend } from '../../electron/main/stationBackend';
import { tempDir } from '../helpers/paths';

const FP = `sha256:${'a1'.repeat(32)}`;

function withFile(text: string | null): string {
  const dir = tempDir('station-json');
  if (text !== null) fs.writeFileSync(path.join(dir, 'station.json'), text);
  return dir;
}

function refusal(dir: string): StationConfigError {
  try {
    readStationConfig(dir);
  } catch (e) {
    if (e instanceof StationConfigError) return e;
    throw e;
  }
  throw new Error('station.json was accepted');
}

describe('station.json', () => {
  const saved = { db: process.env.PARCEL_GATE_DB, name: process.env.PARCEL_GATE_STATION };
  beforeEach(() => {
    delete process.env.PARCEL_GATE_DB;
    delete process.env.PARCEL_GATE_STATION;
  });
  afterEach(() => {
    if (saved.db !== undefined) process.env.PARCEL_GATE_DB = saved.db;
    if (saved.name !== undefined) process.env.PARCEL_GATE_STATION = saved.name;
  });

  it('names a server and its pinned fingerprint, or the local file; no file is the local file', () => {
    expect(readStationConfig(withFile(`{"name": "PACK-3", "server": "https://10.0.0.5:8443", "fingerprint": "${FP.toUpperCase().replace('SHA256', 'sha256')}"}`))).toEqual({
      kind: 'server',
      name: 'PACK-3',
      server: 'https://10.0.0.5:8443',
      fingerprint: FP,
    });
    const dir = withFile('{"name": "DESK-1"}');
    expect(readStationConfig(dir)).toEqual({ kind: 'local', name: 'DESK-1', dbFile: path.join(dir, 'parcel-gate.db') });
    expect(readStationConfig(withFile(null))).toMatchObject({ kind: 'local' });
  });

  it.each([
    ['a trailing comma', '{"name": "PACK-3",\n "server": "https://10.0.0.5:8443",\n}', /not valid JSON near line 3, column 1/, /不是有效的 JSON（第 3 行第 1 列附近/],
    ['an unknown key', '{"name": "PACK-3", "sever": "https://10.0.0.5:8443"}', /unknown key "sever"/, /未知的设置项“sever”/],
    ['a number for a name', '{"name": 3}', /wrong value for "name"/, /“name”的值不正确/],
    ['an array', '[]', /one JSON object/, /JSON 对象/],
    ['a database login', '{"name": "PACK-3", "db": "postgres://parcel_gate_station:secret@10.0.0.5/warehouse"}', /holds no database credential/, /不保存任何数据库凭据/],
    ['a server without a fingerprint', '{"server": "https://10.0.0.5:8443"}', /no pinned certificate fingerprint/, /没有固定的证书指纹/],
    ['a plain-http server', `{"server": "http://10.0.0.5:8443", "fingerprint": "${FP}"}`, /not https:\/\/HOST:PORT/, /不是 https/],
    ['a short fingerprint', '{"server": "https://10.0.0.5:8443", "fingerprint": "sha256:abc"}', /fingerprint that is not/, /证书指纹不是/],
    ['a server and a file', `{"server": "https://10.0.0.5:8443", "fingerprint": "${FP}", "db": "x.db"}`, /both a server and a database file/, /同时写了服务器和数据库文件/],
  ])('stops the station on %s, naming the file in both languages', (_what, text, en, zh) => {
    const dir = withFile(text);
    const e = refusal(dir);
    const file = path.join(dir, 'station.json');
    expect(e.en).toContain(file);
    expect(e.en).toMatch(en);
    expect(e.zh).toContain(file);
    expect(e.zh).toMatch(zh);
    // No English words in the Chinese sentence beyond the file, keys and values it quotes.
    expect(e.zh.replace(file, '').replace(/“[^”]*”|"[^"]*"|（[^）]*）|https?:\S+|sha256:\S*|JSON/g, '')).not.toMatch(/[A-Za-z]{4,}/);
  });

  it('stops when the named server cannot be reached, and opens no database instead', async () => {
    const dir = withFile(`{"name": "PACK-3", "server": "https://127.0.0.1:1", "fingerprint": "${FP}"}`);
    const setup = readStationConfig(dir);
    const e = await openStationBackend(setup, dir).then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(StationConfigError);
    expect((e as StationConfigError).en).toMatch(/https:\/\/127\.0\.0\.1:1 named in .*station\.json cannot be reached/);
    expect((e as StationConfigError).zh).toMatch(/无法连接/);
    expect(fs.readdirSync(dir)).toEqual(['station.json']);
  });
});
