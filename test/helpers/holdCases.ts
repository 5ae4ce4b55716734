// Helpers for hold-case tests: signed-in callers, cheap holds (no photos reads as UNREADABLE), orders
// with a delivery date, and past inspections recorded from given reads (no OCR needed).
import fs from 'node:fs';
import path from 'node:path';
import { evaluate } from '../../shared/rules/engine';
import { warehouseDate } from '../../shared/warehouseClock';
import { DEFAULT_RULESET } from '../../shared/rules/ruleset';
import { canonicalJson } from '../../shared/canonicalJson';
import { BrandMatcher } from '../../shared/reading/brandMatcher';
import type { Box, Finding, PhotoRead, WordRead } from '../../shared/types';
import { SYSTEM, SYSTEM_PIN_HASH, systemIdentity } from '../../shared/systemIdentities';
import { PUBLIC_PACK } from './paths';
import type { TestService } from './service';

export async function signIn(t: TestService, name: string, role: 'inspector' | 'supervisor' | 'admin', station = 'S1') {
  await t.sys('users:add', { name, role, pin: '1234' });
  return signInAgain(t, name, station);
}

/** A new session for a user already added (sessions end after idle time: a test that moves the clock by days signs in again). */
export async function signInAgain(t: TestService, name: string, station = 'S1') {
  const r = await t.service.call('session:signIn', { name, pin: '1234', station });
  if (!r.ok) throw new Error(r.error.message);
  const token = r.value.token;
  return <C extends Parameters<typeof t.service.call>[0]>(channel: C, req: unknown) => t.service.call(channel, req, { token });
}

/** The public pack's orders.csv with a delivery_date column (dates by tracking number, others empty). */
export function ordersWithDelivery(dates: Record<string, string>) {
  const lines = fs.readFileSync(path.join(PUBLIC_PACK, 'orders.csv'), 'utf8').trim().split('\n');
  const out = [`${lines[0].trim()},delivery_date`, ...lines.slice(1).map((l) => `${l.trim()},${dates[l.split(',')[1]] ?? ''}`)];
  return { name: 'orders.csv', bytes: new TextEncoder().encode(`${out.join('\n')}\n`) };
}

/** A read of one photo whose words are given line by line (confident, laid out left to right). */
export function readOf(photoId: string, lines: string[], size = { width: 1200, height: 900 }): PhotoRead {
  const words: WordRead[] = [];
  lines.forEach((line, li) => {
    let x = 60;
    for (const text of line.split(' ')) {
      const box: Box = { x, y: 80 + li * 90, w: text.length * 36, h: 60 };
      words.push({ text, confidence: 92, box, line: li });
      x += box.w + 30;
    }
  });
  return {
    photoId,
    ...size,
    kind: 'tag',
    barcodes: [],
    words,
    text: lines.join('\n'),
    meanConfidence: 92,
    brands: [],
    invoice: null,
    waybill: null,
    timingsMs: { decode: 0, barcodes: 0, ocr: 0, total: 0 },
  };
}

/** Records an inspection as a station would have, from stored reads, judged by the registry of the moment. */
export async function pastInspection(t: TestService, trackingNo: string, reads: PhotoRead[], at: string): Promise<{ outcome: string; findings: Finding[]; holdId: number | null }> {
  const storage = t.service.storage;
  const brands = await storage.listBrands();
  const certificates = await storage.listCertificates();
  const matcher = new BrandMatcher(brands);
  const matched = reads.map((r) => ({ ...r, brands: [...matcher.matchWords(r.words, r.photoId), ...matcher.matchBarcodes(r.barcodes, r.photoId)] }));
  const order = await storage.orderByTracking(trackingNo);
  const ruleset = await storage.saveRuleset(canonicalJson(DEFAULT_RULESET), systemIdentity(SYSTEM.rules));
  const v = evaluate({ trackingNo, order, brands, certificates, reads: matched, today: warehouseDate(at), ruleset: DEFAULT_RULESET, rulesetVersion: ruleset.version, replicaPhrases: [], sellerFlags: [], sellerList: [], orderTextLookalikes: [] });
  for (const r of reads) {
    if (!(await storage.photoMeta(r.photoId))) await storage.recordPhoto({ sha256: r.photoId, bytes: 1, mime: 'image/jpeg', width: r.width, height: r.height, originalName: null });
  }
  const user = (await storage.userByName('station-a')) ?? (await storage.addUser({ name: 'station-a', role: 'inspector', locale: 'zh', pinHash: SYSTEM_PIN_HASH }, systemIdentity(SYSTEM.test)));
  const stored = await storage.recordInspection({
    trackingNo,
    scan: trackingNo,
    orderNo: order?.orderNo ?? null,
    station: 'S1',
    inspectorId: user.id,
    inspectorName: user.name,
    startedAt: at,
    finishedAt: at,
    outcome: v.outcome,
    findings: v.findings,
    rulesetVersion: v.rulesetVersion,
    brands: v.brands,
    reads: matched,
    photoIds: reads.map((r) => r.photoId),
    timingsMs: {},
  });
  return { outcome: v.outcome, findings: v.findings, holdId: stored.holdId };
}
