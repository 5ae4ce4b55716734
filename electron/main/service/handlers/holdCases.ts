// The operations that make a hold a managed case: clock settings and holidays, proof requests and
// the documents received for them, open requests as CSV, evidence packs, and replaying the rules.
import { mergeClockSettings } from '../../../../shared/holds/clocks';
import { PROOF_ITEM_LABELS } from '../../../../shared/holds/proof';
import { parseHolidaysFile } from '../../../../shared/imports/holidaysFile';
import { toCsv } from '../../../../shared/csv';
import { AppError } from '../../../../shared/result';
import { rematchBrands, replayChange, replayOrder, RULESET_SCHEMA } from '../../../../shared/rules/replay';
import { evaluate } from '../../../../shared/rules/engine';
import { warehouseDayStart } from '../../../../shared/warehouseClock';
import { gatherFacts } from '../gatherFacts';
import type { RulesetDefinition } from '../../../../shared/rules/ruleset';
import type { ReplayChange } from '../../../../shared/api';
import { actingUser } from '../actingUser';
import { checkDocument } from '../documentCheck';
import { buildEvidencePack, MANIFEST, sha256Hex, zipPack, type PackFacts, type PackParcel } from '../evidencePack';
import { loadOrCreateSigningKey, type SigningKey } from '../signingKey';
import { inspectParcel } from '../inspection';
import type { Caller, HandlerContext, Handlers } from './context';
import { parcelDetail } from './holds';

export type HoldCaseChannel =
  | 'settings:get'
  | 'settings:set'
  | 'holidays:import'
  | 'holidays:list'
  | 'proof:attach'
  | 'proof:reinspect'
  | 'proofs:export'
  | 'evidence:pack'
  | 'rules:replay';

export function createHoldCaseHandlers(ctx: HandlerContext): Pick<Handlers, HoldCaseChannel> {
  const settings = async () => ({
    fourEyes: await ctx.storage.getFourEyes(),
    clocks: await ctx.storage.clockSettings(),
    holidays: (await ctx.storage.listHolidays()).length,
  });

  const packFacts = async (trackingNos: string[], who: Caller, key: SigningKey): Promise<PackFacts> => {
    const parcels: PackParcel[] = [];
    for (const t of [...new Set(trackingNos.map((x) => x.toUpperCase()))]) {
      const d = await parcelDetail(ctx, t);
      const open = d.holds.find((h) => h.status === 'OPEN' || h.status === 'AWAITING_PROOF');
      parcels.push({ ...d, clocks: open?.clocks ?? null, audit: await ctx.storage.auditEventsOf(t) });
    }
    const versions = [...new Set(parcels.flatMap((p) => p.inspections.map((i) => i.rulesetVersion)))].sort((a, b) => a - b);
    return { format: 'parcel-gate-evidence-pack/1', generatedAt: ctx.now().toISOString(), generatedBy: who.actor, rulesetVersions: versions, parcels, chainHead: await ctx.storage.auditHead(), signingKey: { fingerprint: key.fingerprint } };
  };

  return {
    'settings:get': settings,
    'settings:set': async (req, who) => {
      if (req.fourEyes !== undefined) await ctx.storage.setFourEyes(req.fourEyes, who.actor);
      if (req.clocks) {
        const merged = mergeClockSettings(await ctx.storage.clockSettings(), req.clocks);
        if (!merged.ok) throw new AppError('BAD_REQUEST', merged.error, [merged.error], { key: 'clockSettings', params: { why: merged.error } });
        await ctx.storage.setClockSettings(merged.value, who.actor);
      }
      return settings();
    },
    'holidays:import': async (req, who) => {
      const parsed = parseHolidaysFile(req.file.name, req.file.bytes);
      if (!parsed.ok) {
        throw new AppError('IMPORT_REJECTED', `Rejected ${req.file.name}: nothing of that file was stored. ${parsed.errors[0]}${parsed.errors.length > 1 ? ` (+${parsed.errors.length - 1} more)` : ''}`, parsed.errors);
      }
      return { file: req.file.name, ...(await ctx.storage.importHolidays(parsed.items, who.actor, req.file.name)) };
    },
    'holidays:list': () => ctx.storage.listHolidays(),
    'proof:attach': async (req, who) => {
      const request = await ctx.storage.proofRequest(req.requestId);
      if (request.status === 'CLOSED') throw new AppError('CONFLICT', `Proof request ${req.requestId} for ${request.trackingNo} is closed: the hold was decided`);
      const name = req.name ?? 'document';
      const checked = await checkDocument(req.bytes, name);
      await ctx.photos.put(checked, req.bytes);
      await ctx.storage.recordPhoto({ sha256: checked.sha256, bytes: checked.bytes, mime: checked.mime, width: checked.width, height: checked.height, originalName: name });
      const user = await actingUser(ctx.storage, who);
      return ctx.storage.attachProofDocument(req.requestId, checked.sha256, user.id, user.name);
    },
    'proof:reinspect': async (req, who) => {
      const open = (await ctx.storage.openProofRequests()).find((r) => r.holdId === req.holdId);
      if (!open) throw new AppError('CONFLICT', `Hold ${req.holdId} has no proof request in progress`, undefined, { key: 'noProofRequest' });
      const tracking = open.trackingNo;
      const detail = await parcelDetail(ctx, tracking);
      const last = detail.inspections[detail.inspections.length - 1];
      // PDFs are kept as evidence for the supervisor; only photos can be read by the station's reader.
      const received = detail.proofRequests.flatMap((r) => r.documents).filter((d) => d.mime.startsWith('image/')).map((d) => d.sha256);
      const photoIds = [...new Set([...(last?.photoIds ?? []), ...received])].slice(0, 12);
      return inspectParcel(ctx, { scan: tracking, photoIds }, who);
    },
    'proofs:export': async (_req, who) => {
      const now = ctx.now();
      const open = await ctx.storage.openProofRequests();
      const csv = toCsv(
        ['tracking_no', 'order_no', 'customer', 'asked', 'asked_zh', 'requested_at', 'requested_by', 'deadline', 'hours_left', 'overdue', 'documents_received', 'note'],
        open.map((r) => {
          const hours = Math.floor((Date.parse(r.deadline) - now.getTime()) / 360_000) / 10;
          return [
            r.trackingNo,
            r.orderNo,
            r.customer,
            r.asked.map((a) => PROOF_ITEM_LABELS[a].en).join('; '),
            r.asked.map((a) => PROOF_ITEM_LABELS[a].zh).join('；'),
            r.requestedAt,
            r.requestedBy,
            r.deadline,
            // Never negative: a leading minus would be quoted as text by the formula escaping.
            Math.max(0, hours),
            r.status === 'OPEN' && hours <= 0 ? 'yes' : 'no',
            r.documents.length,
            r.note,
          ];
        }),
      );
      await ctx.storage.appendAudit({ actor: who.actor, action: 'proof.export', entityType: 'proofs', entityId: 'open', details: { rows: open.length } });
      return { csv, rows: open.length };
    },
    'evidence:pack': async (req, who) => {
      const tracking = [...req.trackingNos];
      if (req.holds) {
        const { rows } = await ctx.storage.listHolds({ ...req.holds, offset: 0, limit: 200 });
        tracking.push(...rows.map((r) => r.trackingNo));
      }
      if (!tracking.length) throw new AppError('BAD_REQUEST', 'Name at least one parcel (tracking number) or a filter that matches holds', undefined, { key: 'packEmpty' });
      // The key is made on the first pack and kept in the data folder (README: "Evidence signing key").
      const key = loadOrCreateSigningKey(ctx.options.dataDir);
      const facts = await packFacts(tracking, who, key);
      const files = await buildEvidencePack(
        facts,
        async (sha256) => {
          const meta = await ctx.storage.photoMeta(sha256);
          if (!meta) throw new AppError('NOT_FOUND', `Evidence file ${sha256.slice(0, 12)}… is not recorded`);
          return { sha256, mime: meta.mime, bytes: await ctx.photos.get(sha256, meta.mime) };
        },
        key,
      );
      const parcels = facts.parcels.map((p) => p.parcel.trackingNo);
      // The manifest's hash in the chain: verify-pack --db proves this database made this very pack.
      const manifest = sha256Hex(files.get(MANIFEST)!);
      for (const t of parcels) {
        await ctx.storage.appendAudit({ actor: who.actor, action: 'evidence.pack', entityType: 'parcel', entityId: t, details: { parcels: parcels.length, files: files.size, chainHead: facts.chainHead?.seq ?? null, manifest, signingKey: key.fingerprint } });
      }
      const stamp = facts.generatedAt.slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
      return { name: `evidence-${parcels.length === 1 ? parcels[0] : `${parcels.length}-parcels`}-${stamp}.zip`, zip: zipPack(files), parcels, files: files.size };
    },
    'rules:replay': async (req) => {
      let definition: RulesetDefinition;
      let version: number | 'given';
      if (req.ruleset) {
        const parsed = RULESET_SCHEMA.safeParse(req.ruleset);
        if (!parsed.success) {
          const details = parsed.error.issues.map((i) => `ruleset.${i.path.join('.')}: ${i.message}`);
          throw new AppError('BAD_REQUEST', `The ruleset given is not a complete ruleset: ${details.join('; ')}`, details);
        }
        definition = parsed.data;
        version = 'given';
      } else {
        const r = await ctx.ruleset();
        definition = r.definition;
        version = r.version;
      }
      // `since` is a warehouse date: from its midnight there.
      const sinceIso = req.since ? warehouseDayStart(req.since) : null;
      const inputs = await ctx.storage.replayInputs(sinceIso);
      const registry = await ctx.registry();
      const changes: ReplayChange[] = [];
      for (const i of inputs) {
        const order = await ctx.storage.orderByTracking(i.trackingNo);
        const reads = i.reads.map((r) => rematchBrands(r, registry.matcher));
        const facts = await gatherFacts(ctx, { trackingNo: i.trackingNo, order, reads, at: i.inspectedAt, ruleset: { definition, version: typeof version === 'number' ? version : 0 } });
        const change = replayChange(i, evaluate(facts));
        if (change) changes.push(change);
      }
      return { since: req.since ?? null, rulesetVersion: version, replayed: inputs.length, changes: replayOrder(changes) };
    },
  };
}
