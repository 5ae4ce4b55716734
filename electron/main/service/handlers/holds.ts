// Held parcels: the supervisor's list and a parcel's whole story, the decision on a hold, and the
// shelves a held parcel is put on.
import type { ParcelDetail, Responses } from '../../../../shared/api';
import { AppError } from '../../../../shared/result';
import { parseShelvesFile } from '../../../../shared/imports/shelvesFile';
import { resolveBrand } from '../../../../shared/rules/engine';
import type { HandlerContext, Handlers } from './context';

export type HoldChannel = 'holds:list' | 'parcel:detail' | 'hold:decide' | 'hold:setLocation' | 'shelves:list' | 'shelves:import';

/** The parcel as the supervisor sees it: inspections, holds, the brands and certificates involved. */
export async function parcelDetail(ctx: HandlerContext, trackingNo: string): Promise<ParcelDetail> {
  const parcel = await ctx.storage.parcelSummary(trackingNo);
  const history = await ctx.storage.parcelHistory(trackingNo);
  if (!parcel || !history) throw new AppError('NOT_FOUND', `${trackingNo} has never been inspected`);
  const order = await ctx.storage.orderByTracking(trackingNo);
  const registry = await ctx.registry();
  const involved = new Set(history.inspections.flatMap((i) => [...i.reads.flatMap((r) => r.brands.map((b) => b.brandId))]));
  for (const h of history.holds) for (const b of h.brands) involved.add(b);
  const declared = order?.declaredBrand ? resolveBrand(order.declaredBrand, registry.brands) : null;
  if (declared) involved.add(declared.id);
  const seller = order?.sellerTaxId ?? null;
  return {
    parcel,
    order,
    brands: registry.brands.filter((b) => involved.has(b.id)),
    certificates: registry.certificates.filter((c) => (seller && c.sellerTaxId === seller) || (declared && c.brandId === declared.id && order?.channel === 'AUTHORIZED_SELLER')),
    ...history,
    proofRequests: await ctx.storage.proofRequestsOfParcel(trackingNo),
  };
}

export function createHoldHandlers(ctx: HandlerContext): Pick<Handlers, HoldChannel> {
  return {
    // Empty filters are ignored by the storage: the request passes as it is.
    'holds:list': ({ page, ...filter }) => ctx.storage.listHolds({ ...filter, offset: page.offset, limit: page.limit }),
    'parcel:detail': (req) => parcelDetail(ctx, req.trackingNo),
    'hold:decide': async (req, who) => {
      const user = who.user;
      if (!user) throw new AppError('FORBIDDEN', 'A decision must be signed by a signed-in supervisor');
      return ctx.storage.decideHold({
        holdId: req.holdId,
        disposition: req.disposition,
        reason: req.reason,
        documents: req.documents,
        userId: user.id,
        userName: user.name,
        station: who.station,
        fourEyes: await ctx.storage.getFourEyes(),
        proof: req.proof,
        counterfeit: req.counterfeit,
      });
    },
    'hold:setLocation': (req, who) => ctx.storage.setHoldLocation(req.holdId, req.location.toUpperCase(), who.actor, who.station) as Promise<Responses['hold:setLocation']>,
    'shelves:list': () => ctx.storage.listShelves(),
    'shelves:import': async (req, who) => {
      const parsed = parseShelvesFile(req.file.name, req.file.bytes);
      if (!parsed.ok) throw new AppError('IMPORT_REJECTED', `Rejected ${req.file.name}: nothing of it was stored. ${parsed.errors[0]}`, parsed.errors, { params: { file: req.file.name } });
      const counts = await ctx.storage.importShelves(parsed.items, who.actor, req.file.name);
      return { ...counts, shelves: await ctx.storage.listShelves() };
    },
  };
}
