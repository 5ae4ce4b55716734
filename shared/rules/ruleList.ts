// The rules, in the order their findings are reported: the only place that names them all. The
// reason-code type, the hold queue's reason filter and the counterfeit reasons are derived from it,
// so a new rule is one file plus one line here (and its sentences, which live beside it).
import { unknownParcel } from './checks/unknownParcel';
import { prohibitedCategory } from './checks/prohibitedCategory';
import { channelApproved } from './checks/channelApproved';
import { storeOfficial } from './checks/storeOfficial';
import { authorization } from './checks/authorization';
import { invoiceMissing } from './checks/invoiceMissing';
import { invoiceSeller } from './checks/invoiceSeller';
import { brandUndeclared } from './checks/brandUndeclared';
import { brandLookalike } from './checks/brandLookalike';
import { replicaWording } from './checks/replicaWording';
import { sellerFlagged } from './checks/sellerFlagged';
import { sellerDenylisted } from './checks/sellerDenylisted';
import { photoReadable } from './checks/photoReadable';

export const RULE_LIST = [
  unknownParcel,
  prohibitedCategory,
  channelApproved,
  storeOfficial,
  authorization,
  invoiceMissing,
  invoiceSeller,
  brandUndeclared,
  brandLookalike,
  replicaWording,
  sellerFlagged,
  sellerDenylisted,
  photoReadable,
] as const;

/** Why a parcel is held: one code per rule. */
export type ReasonCode = (typeof RULE_LIST)[number]['code'];

/** Every reason code, in the rules' order (the hold queue's reason filter). */
export const REASON_CODES: readonly ReasonCode[] = RULE_LIST.map((r) => r.code);

/** Reasons that make a RETURN or DESTROY a counterfeit decision (the rules marked counterfeit). */
export const COUNTERFEIT_REASON_CODES: readonly ReasonCode[] = RULE_LIST.filter((r) => r.counterfeit).map((r) => r.code);
