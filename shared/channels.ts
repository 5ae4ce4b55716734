// The purchase channels of an order, and which of them the policy approves for branded goods.

export const APPROVED_CHANNELS = [
  'TMALL_FLAGSHIP',
  'JD_SELF_OPERATED',
  'BRAND_CN_STORE',
  'WECHAT_OFFICIAL',
  'AUTHORIZED_SELLER',
] as const;

export const OTHER_CHANNELS = [
  'TAOBAO',
  'TMALL_OTHER',
  'JD_THIRD_PARTY',
  'PINDUODUO',
  'ALI1688',
  'XIANYU',
  'OTHER',
] as const;

export const ORDER_CHANNELS = [...APPROVED_CHANNELS, ...OTHER_CHANNELS] as const;

export type ApprovedChannel = (typeof APPROVED_CHANNELS)[number];
export type OrderChannel = (typeof ORDER_CHANNELS)[number];

/** Channels whose store must be one the registry lists for the brand (all approved kinds but authorised sellers). */
export const STORE_CHANNELS: readonly ApprovedChannel[] = [
  'TMALL_FLAGSHIP',
  'JD_SELF_OPERATED',
  'BRAND_CN_STORE',
  'WECHAT_OFFICIAL',
];

export function isApprovedChannel(c: string): c is ApprovedChannel {
  return (APPROVED_CHANNELS as readonly string[]).includes(c);
}

export function isOrderChannel(c: string): c is OrderChannel {
  return (ORDER_CHANNELS as readonly string[]).includes(c);
}

export const CHANNEL_LABELS: Record<OrderChannel, { en: string; zh: string }> = {
  TMALL_FLAGSHIP: { en: 'Tmall brand flagship store', zh: '天猫品牌官方旗舰店' },
  JD_SELF_OPERATED: { en: 'JD self-operated', zh: '京东自营' },
  BRAND_CN_STORE: { en: "Brand's official China store", zh: '品牌中国官方商城' },
  WECHAT_OFFICIAL: { en: 'Official WeChat mini-program', zh: '品牌官方微信小程序' },
  AUTHORIZED_SELLER: { en: 'Authorised seller', zh: '授权经销商' },
  TAOBAO: { en: 'Taobao', zh: '淘宝' },
  TMALL_OTHER: { en: 'Tmall (not the brand flagship)', zh: '天猫（非品牌旗舰店）' },
  JD_THIRD_PARTY: { en: 'JD third-party seller', zh: '京东第三方商家' },
  PINDUODUO: { en: 'Pinduoduo', zh: '拼多多' },
  ALI1688: { en: '1688', zh: '1688' },
  XIANYU: { en: 'Xianyu', zh: '闲鱼' },
  OTHER: { en: 'Other', zh: '其他' },
};
