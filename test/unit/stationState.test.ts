// The station's state machine: phases, the needs-a-shelf list, guided capture and retakes.
import { describe, expect, it } from 'vitest';
import type { InspectionResult } from '../../shared/api';
import type { PhotoRead } from '../../shared/types';
import { expectedPhoto, initialStation, pendingShelf, photoUnreadable, retakeList, stationReducer, type StationAction, type StationState } from '../../renderer/src/station/stationState';

const run = (actions: StationAction[], from: StationState = initialStation) => actions.reduce(stationReducer, from);

const read = (kind: PhotoRead['kind'], over: Partial<PhotoRead> = {}): PhotoRead => ({
  photoId: 'a'.repeat(64),
  width: 100,
  height: 100,
  kind,
  barcodes: [],
  words: [{ text: 'BURBERRY', confidence: 90, box: { x: 0, y: 0, w: 1, h: 1 } }] as PhotoRead['words'],
  text: 'BURBERRY',
  meanConfidence: 90,
  brands: [],
  invoice: null,
  waybill: null,
  timingsMs: { decode: 0, barcodes: 0, ocr: 0, total: 0 },
  ...over,
});

const hold = (holdId: number, trackingNo: string): InspectionResult => ({
  inspectionId: 1,
  trackingNo,
  orderNo: null,
  outcome: 'HOLD',
  findings: [],
  notes: [],
  brands: [],
  rulesetVersion: 1,
  holdId,
  parcelStatus: 'HELD',
  reads: [],
  timingsMs: { read: 0, evaluate: 0, store: 0, total: 0 },
});

describe('station state machine', () => {
  it('walks idle → scanned → photographing → inspecting → verdict → shelved', () => {
    const phases: string[] = [];
    let s = initialStation;
    for (const a of [
      { type: 'start', scan: 'ZT1', source: 'scanner' },
      { type: 'photoAdded', key: 'p1', localUrl: 'blob:1' },
      { type: 'inspecting' },
      { type: 'verdict', result: hold(7, 'ZT1'), serviceMs: 10 },
      { type: 'shelved', holdId: 7, location: 'A-01' },
    ] as StationAction[]) {
      s = stationReducer(s, a);
      phases.push(s.phase);
    }
    expect(phases).toEqual(['scanned', 'photographing', 'inspecting', 'verdict', 'shelved']);
    expect(s.location).toBe('A-01');
  });

  it('keeps a hold without a shelf on the needs-a-shelf list when the next parcel starts, until it is shelved', () => {
    let s = run([{ type: 'start', scan: 'ZT1', source: 'scanner' }, { type: 'verdict', result: hold(7, 'ZT1'), serviceMs: 1 }]);
    expect(pendingShelf(s)).toEqual({ holdId: 7, trackingNo: 'ZT1' });
    s = stationReducer(s, { type: 'start', scan: 'ZT2', source: 'scanner' });
    expect(s.needsShelf).toEqual([{ holdId: 7, trackingNo: 'ZT1' }]);
    s = stationReducer(s, { type: 'reset' });
    expect(s.needsShelf).toHaveLength(1);
    s = stationReducer(s, { type: 'shelved', holdId: 7, location: 'B-2' });
    expect(s.needsShelf).toEqual([]);
  });

  it('does not list a hold that got its shelf', () => {
    const s = run([
      { type: 'start', scan: 'ZT1', source: 'scanner' },
      { type: 'verdict', result: hold(7, 'ZT1'), serviceMs: 1 },
      { type: 'shelved', holdId: 7, location: 'A-01' },
      { type: 'start', scan: 'ZT2', source: 'scanner' },
    ]);
    expect(s.needsShelf).toEqual([]);
  });

  it('asks for waybill, then tag, then an invoice only for an authorised seller', () => {
    let s = run([{ type: 'start', scan: 'ZT1', source: 'scanner' }]);
    expect(expectedPhoto(s)).toBe('waybill');
    s = run([{ type: 'photoAdded', key: 'p1', localUrl: 'x' }, { type: 'photoUpdated', key: 'p1', patch: { status: 'read', read: read('waybill') } }], s);
    expect(expectedPhoto(s)).toBe('tag');
    s = run([{ type: 'photoAdded', key: 'p2', localUrl: 'x' }, { type: 'photoUpdated', key: 'p2', patch: { status: 'read', read: read('tag') } }], s);
    expect(expectedPhoto(s)).toBeNull();
    const seller = { ...s, lookup: { parcel: null, order: { channel: 'AUTHORIZED_SELLER' } as never } };
    expect(expectedPhoto(seller)).toBe('invoice');
  });

  it('calls a photo unreadable exactly as the rules do, and lists it for a retake', () => {
    expect(photoUnreadable(read('tag'))).toBe(false);
    expect(photoUnreadable(read('tag', { words: [], text: '' }))).toBe(true);
    expect(photoUnreadable(read('tag', { error: 'corrupt JPEG' }))).toBe(true);
    expect(photoUnreadable(read('unknown', { words: [], barcodes: [{ format: 'CODE_128', text: 'X' }] as PhotoRead['barcodes'] }))).toBe(false);
    const s = run([
      { type: 'photoAdded', key: 'p1', localUrl: 'x' },
      { type: 'photoUpdated', key: 'p1', patch: { status: 'unreadable', photoId: 'b'.repeat(64) } },
      { type: 'photoAdded', key: 'p2', localUrl: 'x' },
      { type: 'photoUpdated', key: 'p2', patch: { status: 'read', photoId: 'c'.repeat(64) } },
    ]);
    expect(retakeList(s)).toEqual([{ key: 'p1', reason: 'PHOTO_UNREADABLE' }]);
    const asked = { ...s, result: { ...hold(1, 'Z'), retake: [{ photoId: 'c'.repeat(64), reason: 'INVOICE_SELLER_UNREADABLE' as const }] } };
    expect(retakeList(asked)).toEqual([
      { key: 'p1', reason: 'PHOTO_UNREADABLE' },
      { key: 'p2', reason: 'INVOICE_SELLER_UNREADABLE' },
    ]);
  });
});
