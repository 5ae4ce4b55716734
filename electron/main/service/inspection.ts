// One inspection: read the photos, find the parcel's order (from the scan, else from what the labels
// show), judge with the active rules and the registry, and store the verdict with its evidence.
// A station's parcel:inspect and a supervisor's proof:reinspect both come here.
import type { ParsedReq, Responses } from '../../../shared/api';
import { AppError } from '../../../shared/result';
import type { PhotoRead } from '../../../shared/types';
import { evaluate } from '../../../shared/rules/engine';
import { looksLikeTracking } from '../../../shared/reading/documentFields';
import { gatherFacts } from './gatherFacts';
import { actingUser } from './actingUser';
import type { Caller, HandlerContext } from './handlers/context';
import { retakeAtStation } from './retake';

export async function inspectParcel(ctx: HandlerContext, req: ParsedReq<'parcel:inspect'>, who: Caller): Promise<Responses['parcel:inspect']> {
  const started = ctx.now();
  const t0 = performance.now();
  // A photo that cannot be read (damaged data) does not stop the inspection: it counts as
  // unreadable, which holds the parcel and says why.
  const reads = await Promise.all(
    req.photoIds.map((id) =>
      ctx.readPhoto(id).catch((e: unknown): PhotoRead => {
        if (e instanceof AppError && e.code === 'NOT_FOUND') throw e;
        return {
          photoId: id,
          width: 0,
          height: 0,
          kind: 'unknown',
          barcodes: [],
          words: [],
          text: '',
          meanConfidence: 0,
          brands: [],
          invoice: null,
          waybill: null,
          timingsMs: { decode: 0, barcodes: 0, ocr: 0, total: 0 },
          error: e instanceof Error ? e.message : String(e),
        };
      }),
    ),
  );
  const t1 = performance.now();
  const ruleset = await ctx.ruleset();
  const scan = req.scan ? req.scan.toUpperCase() : null;
  // Without a scan, the waybill supplies the number. A label can carry more than one courier-like
  // code (order or route numbers): the one that matches an order wins; else the waybill's first.
  let trackingNo = scan;
  let order = scan ? await ctx.storage.orderByTracking(scan) : null;
  if (!scan) {
    const candidates = [
      ...reads.map((r) => r.waybill?.trackingNo),
      ...reads.flatMap((r) => r.barcodes.filter((b) => looksLikeTracking(b.text)).map((b) => b.text.trim().toUpperCase())),
    ].filter((t, i, all): t is string => !!t && all.indexOf(t) === i);
    for (const c of candidates) {
      order = await ctx.storage.orderByTracking(c);
      if (order) {
        trackingNo = c;
        break;
      }
    }
    trackingNo ??= candidates[0] ?? null;
  }
  const verdict = evaluate(await gatherFacts(ctx, { trackingNo, order, reads, at: started, ruleset }));
  const t2 = performance.now();
  const retake = retakeAtStation(verdict, who.system);
  const inspector = await actingUser(ctx.storage, who);
  const stored = await ctx.storage.recordInspection({
    trackingNo,
    scan,
    orderNo: order?.orderNo ?? null,
    station: who.station,
    inspectorId: inspector.id,
    inspectorName: inspector.name,
    startedAt: started.toISOString(),
    finishedAt: ctx.now().toISOString(),
    outcome: verdict.outcome,
    findings: verdict.findings,
    notes: verdict.notes,
    provisional: retake.length > 0,
    rulesetVersion: verdict.rulesetVersion,
    rules: verdict.rules,
    brands: verdict.brands,
    reads,
    photoIds: req.photoIds,
    timingsMs: { read: Math.round(t1 - t0), evaluate: Math.round(t2 - t1) },
  });
  const t3 = performance.now();
  return {
    inspectionId: stored.inspectionId,
    chainHead: stored.chainHead,
    trackingNo,
    orderNo: order?.orderNo ?? null,
    outcome: verdict.outcome,
    findings: verdict.findings,
    notes: verdict.notes,
    brands: verdict.brands,
    rulesetVersion: verdict.rulesetVersion,
    holdId: stored.holdId,
    parcelStatus: stored.parcelStatus,
    // Words stay in the stored inspection; the answer carries what the screen shows.
    reads: reads.map((r) => ({ ...r, words: [] })),
    timingsMs: { read: Math.round(t1 - t0), evaluate: Math.round(t2 - t1), store: Math.round(t3 - t2), total: Math.round(t3 - t0) },
    ...(retake.length ? { retake } : {}),
  };
}
