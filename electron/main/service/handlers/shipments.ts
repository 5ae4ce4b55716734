// Outbound shipments: parcels go onto an open shipment at the gate (a held parcel is refused there,
// by the storage), and a closed shipment's manifest carries the audit chain head.
import type { Responses } from '../../../../shared/api';
import { toCsv } from '../../../../shared/csv';
import { actingUser } from '../actingUser';
import { withChainHead } from '../chainHead';
import type { HandlerContext, Handlers } from './context';

export type ShipmentChannel = 'shipment:create' | 'shipments:list' | 'shipment:addParcel' | 'shipment:removeParcel' | 'shipment:close' | 'shipment:manifest';

export function createShipmentHandlers(ctx: HandlerContext): Pick<Handlers, ShipmentChannel> {
  const manifestOf = async (shipmentId: number): Promise<Responses['shipment:manifest']> => {
    const { shipment, lines } = await ctx.storage.manifest(shipmentId);
    const csv = toCsv(
      ['shipment', 'destination', 'carrier', 'tracking_no', 'order_no', 'customer', 'item', 'declared_brand', 'added_at', 'added_by'],
      lines.map((l) => [shipment.shipmentId, shipment.destination, shipment.carrier, l.trackingNo, l.orderNo, l.customer, l.item, l.declaredBrand, l.addedAt, l.addedBy]),
    );
    const chainHead = await ctx.storage.chainHead();
    return { shipment, lines, csv: withChainHead(csv, chainHead), chainHead };
  };

  return {
    'shipment:create': async (req, who) => {
      const u = await actingUser(ctx.storage, who);
      return ctx.storage.createShipment(req.destination, req.carrier, u.id, u.name);
    },
    'shipments:list': (req) => ctx.storage.listShipments(req.status),
    'shipment:addParcel': async (req, who) => {
      const u = await actingUser(ctx.storage, who);
      return ctx.storage.addToShipment(req.shipmentId, req.trackingNo, u.id, u.name, who.station);
    },
    'shipment:removeParcel': (req, who) => ctx.storage.removeFromShipment(req.shipmentId, req.trackingNo, who.actor),
    'shipment:close': async (req, who) => {
      await ctx.storage.closeShipment(req.shipmentId, who.actor);
      return manifestOf(req.shipmentId);
    },
    'shipment:manifest': (req) => manifestOf(req.shipmentId),
  };
}
