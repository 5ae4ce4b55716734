// The station's state machine: phases, the needs-a-shelf list, guided capture and retakes.
import { describe, expect, it } from 'vitest';
import type { InspectionResult } from '../../shared/api';
import type { PhotoRead } from '../../shared/types';
import { expectedPhoto, initialStation, leftBehind, pendingShelf, photoUnreadable, retakeList, stationReducer, unfinished, type StationAction, type StationState } from '../../renderer/src/station/stationState';

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

const lost = { code: 'SERVER_LOST' as const, message: 'The database server cannot be reached' };
const clear = (trackingNo: string): InspectionResult => ({ ...hold(0, trackingNo), outcome: 'CLEAR', holdId: null, parcelStatus: 'CLEARED' });

describe('station when the database server is lost', () => {
  const photographed = () =>
    run([
      { type: 'start', scan: 'ZT1', source: 'scanner' },
      { type: 'photoAdded', key: 'p1', localUrl: 'blob:1' },
      { type: 'photoUpdated', key: 'p1', patch: { status: 'read', photoId: 'a'.repeat(64), read: read('waybill') } },
      { type: 'photoAdded', key: 'p2', localUrl: 'blob:2' },
      { type: 'photoUpdated', key: 'p2', patch: { status: 'read', photoId: 'b'.repeat(64), read: read('tag') } },
      { type: 'inspecting' },
    ]);

  it('shows no verdict for an inspection that answered SERVER_LOST, and keeps the scan and photos to send again', () => {
    const s = stationReducer(photographed(), { type: 'error', error: lost });
    expect(s.result).toBeNull();
    expect(s.unsent).toBe(true);
    expect(s.phase).toBe('photographing');
    expect(s.scan).toBe('ZT1');
    expect(s.photos.map((p) => [p.key, p.photoId?.[0], p.localUrl])).toEqual([
      ['p1', 'a', 'blob:1'],
      ['p2', 'b', 'blob:2'],
    ]);
    expect(s.error?.code).toBe('SERVER_LOST');
  });

  it('sends again: a stored verdict ends the unsent state and clears the error', () => {
    let s = stationReducer(photographed(), { type: 'error', error: lost });
    s = run([{ type: 'inspecting' }, { type: 'verdict', result: clear('ZT1'), serviceMs: 5 }], s);
    expect(s.unsent).toBe(false);
    expect(s.error).toBeNull();
    expect(s.result?.outcome).toBe('CLEAR');
  });

  it('lists a parcel left with nothing stored to redo, whether the next parcel starts or Esc resets', () => {
    const unsent = stationReducer(photographed(), { type: 'error', error: lost });
    const next = stationReducer(unsent, { type: 'start', scan: 'ZT2', source: 'scanner' });
    expect(next.redo).toEqual([{ trackingNo: 'ZT1', photos: 2, why: 'serverLost' }]);
    expect(next.unsent).toBe(false);
    expect(next.photos).toEqual([]);
    expect(stationReducer(unsent, { type: 'reset' }).redo).toEqual([{ trackingNo: 'ZT1', photos: 2, why: 'serverLost' }]);
    // Left twice, listed once.
    const again = run([{ type: 'start', scan: 'ZT1', source: 'scanner' }, { type: 'error', error: lost }, { type: 'reset' }], next);
    expect(again.redo).toEqual([{ trackingNo: 'ZT1', photos: 2, why: 'serverLost' }]);
  });

  it('takes a redone parcel off the list once its verdict is stored, and keeps the others', () => {
    let s = run([{ type: 'error', error: lost }, { type: 'start', scan: 'ZT2', source: 'scanner' }, { type: 'error', error: lost }, { type: 'start', scan: 'ZT1', source: 'keyboard' }], photographed());
    expect(s.redo.map((r) => r.trackingNo)).toEqual(['ZT1', 'ZT2']);
    s = run([{ type: 'photoAdded', key: 'p3', localUrl: 'blob:3' }, { type: 'inspecting' }, { type: 'verdict', result: hold(9, 'ZT1'), serviceMs: 1 }], s);
    expect(s.redo.map((r) => r.trackingNo)).toEqual(['ZT2']);
    expect(stationReducer(s, { type: 'dismissRedo', index: 0 }).redo).toEqual([]);
  });

  it('names a parcel without a scan by its waybill photo, or lists it without a number', () => {
    const fromPhoto = run([
      { type: 'photoAdded', key: 'p1', localUrl: 'blob:1' },
      { type: 'photoUpdated', key: 'p1', patch: { status: 'read', photoId: 'a'.repeat(64), read: read('waybill', { waybill: { trackingNo: 'SF99' } as PhotoRead['waybill'] }) } },
      { type: 'inspecting' },
      { type: 'error', error: lost },
      { type: 'reset' },
    ]);
    expect(fromPhoto.redo).toEqual([{ trackingNo: 'SF99', photos: 1, why: 'serverLost' }]);
    const unnamed = run([{ type: 'photoAdded', key: 'p1', localUrl: 'blob:1' }, { type: 'photoUpdated', key: 'p1', patch: { status: 'failed', error: lost } }, { type: 'reset' }]);
    expect(unnamed.redo).toEqual([{ trackingNo: null, photos: 1, why: 'serverLost' }]);
  });

  it('does not list a parcel finished before the loss; lists photos without a verdict and a hold whose tag was not printed', () => {
    // Photos and no verdict (the server answered, but no verdict was asked for): left unfinished all the same.
    expect(run([{ type: 'error', error: { code: 'NOT_FOUND', message: 'x' } }, { type: 'reset' }], photographed()).redo).toEqual([{ trackingNo: 'ZT1', photos: 2, why: 'noVerdict' }]);
    const stored = run([{ type: 'verdict', result: hold(7, 'ZT1'), serviceMs: 1 }, { type: 'error', error: lost }], photographed());
    // The hold was stored: it stays on screen (the shelf is what failed), and leaving it does not ask to inspect it again...
    expect(stored.result?.outcome).toBe('HOLD');
    expect(stored.unsent).toBe(false);
    // ...only to print its tag, until it is printed.
    expect(stationReducer(stored, { type: 'reset' }).redo).toEqual([{ trackingNo: 'ZT1', photos: 2, why: 'tagNotPrinted' }]);
    expect(unfinished(stationReducer(stored, { type: 'printed' }))).toBeNull();
    expect(run([{ type: 'printed' }, { type: 'reset' }], stored).redo).toEqual([]);
    // A cleared parcel, or one only scanned, leaves nothing unfinished.
    expect(run([{ type: 'verdict', result: clear('ZT1'), serviceMs: 1 }, { type: 'reset' }], photographed()).redo).toEqual([]);
    expect(run([{ type: 'start', scan: 'ZT5', source: 'scanner' }, { type: 'start', scan: 'ZT6', source: 'scanner' }]).redo).toEqual([]);
    expect(stationReducer(initialStation, { type: 'reset' }).redo).toEqual([]);
  });

  it('keeps the shelf of a hold inspected again while on a shelf, and drops a shelved hold from the needs-a-shelf list', () => {
    const shelved = { trackingNo: 'ZT1', status: 'HELD', orderNo: null, openHold: { holdId: 7, location: 'B-12', reasons: [], since: '2026-01-01T00:00:00Z' } } as never;
    let s = run([{ type: 'start', scan: 'ZT1', source: 'scanner' }, { type: 'verdict', result: hold(7, 'ZT1'), serviceMs: 1 }, { type: 'start', scan: 'ZT1', source: 'scanner' }]);
    expect(s.needsShelf).toEqual([{ holdId: 7, trackingNo: 'ZT1' }]);
    s = run([{ type: 'lookedUp', scan: 'ZT1', lookup: { parcel: shelved, order: null } }], s);
    expect(s.needsShelf).toEqual([]);
    s = run([{ type: 'photoAdded', key: 'p1', localUrl: 'x' }, { type: 'verdict', result: hold(7, 'ZT1'), serviceMs: 1 }], s);
    expect(s.location).toBe('B-12');
    expect(pendingShelf(s)).toBeNull();
  });

  it('marks the parcel unsent when a photo or the lookup met the lost server, and does not ask to retake that photo', () => {
    const s = run([
      { type: 'start', scan: 'ZT1', source: 'scanner' },
      { type: 'photoAdded', key: 'p1', localUrl: 'blob:1' },
      { type: 'photoUpdated', key: 'p1', patch: { status: 'failed', error: lost } },
      { type: 'photoAdded', key: 'p2', localUrl: 'blob:2' },
      { type: 'photoUpdated', key: 'p2', patch: { status: 'failed', error: { code: 'PHOTO_REJECTED', message: 'not a photo' } } },
    ]);
    expect(s.unsent).toBe(true);
    expect(retakeList(s)).toEqual([{ key: 'p2', reason: 'FAILED' }]);
    expect(run([{ type: 'start', scan: 'ZT1', source: 'scanner' }, { type: 'error', error: lost }]).unsent).toBe(true);
  });

  it('keeps the lists when the station screen is left (another screen, sign-out)', () => {
    const s = run([{ type: 'error', error: lost }], photographed());
    const kept = leftBehind(s);
    expect(kept.redo).toEqual([{ trackingNo: 'ZT1', photos: 2, why: 'serverLost' }]);
    expect(kept.phase).toBe('idle');
    expect(kept.photos).toEqual([]);
  });
});
