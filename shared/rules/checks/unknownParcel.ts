// UNKNOWN_PARCEL: a parcel that matches no order is kept until its order is found.
import { finding, found, type Rule } from '../facts';

export const unknownParcel: Rule<'UNKNOWN_PARCEL'> = {
  code: 'UNKNOWN_PARCEL',
  id: 'unknown-parcel',
  version: 1,
  counterfeit: false,
  applies: (f) => f.order === null,
  check: (f) => {
    const tracking = f.trackingNo;
    return found(
      finding(
        'UNKNOWN_PARCEL',
        tracking
          ? { en: `Tracking number ${tracking} matches no order. Keep the parcel until the order is found.`, zh: `运单号 ${tracking} 没有对应的订单。请先扣留，待查明订单。` }
          : { en: 'No tracking number was scanned or read from the waybill, so the parcel matches no order.', zh: '没有扫描到运单号，也无法从面单读出运单号，无法匹配订单。' },
        tracking ? [{ photoId: null, text: tracking, box: null, kind: 'barcode' }] : [],
      ),
    );
  },
};
