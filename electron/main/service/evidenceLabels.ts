// Bilingual labels for the evidence report: statuses, dispositions, outcomes and clocks in Chinese and English.
import type { ClockKind } from '../../../shared/holds/clocks';
import type { HoldDisposition, HoldStatus, Outcome, ParcelStatus } from '../../../shared/types';

type Say = { zh: string; en: string };

export const STATUS_LABELS: Record<ParcelStatus | HoldStatus, Say> = {
  NEW: { zh: '新到', en: 'New' },
  CLEARED: { zh: '已放行', en: 'Cleared' },
  HELD: { zh: '扣留中', en: 'Held' },
  OPEN: { zh: '待决定', en: 'Open' },
  RELEASED: { zh: '已放行（人工）', en: 'Released' },
  AWAITING_PROOF: { zh: '等待证明', en: 'Awaiting proof' },
  RETURNED: { zh: '已退回', en: 'Returned' },
  DESTROYED: { zh: '已销毁', en: 'Destroyed' },
  SHIPPED: { zh: '已出库', en: 'Shipped' },
};

export const DISPOSITION_LABELS: Record<HoldDisposition, Say> = {
  RELEASE: { zh: '放行', en: 'Release' },
  RETURN: { zh: '退回卖家', en: 'Return to seller' },
  DESTROY: { zh: '销毁', en: 'Destroy' },
  AWAIT_PROOF: { zh: '等待证明', en: 'Wait for proof' },
};

export const OUTCOME_LABELS: Record<Outcome, Say> = {
  CLEAR: { zh: '放行', en: 'Cleared' },
  HOLD: { zh: '扣留', en: 'Hold' },
};

export const CLOCK_LABELS: Record<ClockKind, Say> = {
  RETURN_WINDOW: { zh: '卖家退货期限', en: "Seller's return window" },
  PROOF: { zh: '客户证明期限', en: "Customer's proof deadline" },
  STORAGE_FREE: { zh: '免费仓储截止', en: 'Free storage ends' },
  ABANDONMENT: { zh: '视为弃件', en: 'Counts as abandoned' },
};

export const REQUEST_LABELS: Record<'OPEN' | 'RECEIVED' | 'CLOSED', Say> = {
  OPEN: { zh: '等待中', en: 'waiting' },
  RECEIVED: { zh: '已收到', en: 'received' },
  CLOSED: { zh: '已结束', en: 'closed' },
};
