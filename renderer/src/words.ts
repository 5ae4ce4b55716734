// Codes shown to people as words in their language: statuses, outcomes, categories, channels,
// brands and audit actions with readable details. A code with no locale entry shows as itself
// (it is the customer's own data, e.g. a category the registry does not know).
import { WAREHOUSE_TIME_ZONE, WAREHOUSE_UTC_OFFSET_MINUTES, warehouseTime } from '../../shared/warehouseClock';
import type { TFunction } from 'i18next';
import i18n from './i18n';
import type { Brand } from '../../shared/types';
import { CHANNEL_LABELS } from '../../shared/channels';

const zh = () => i18n.language === 'zh';

export function word(t: TFunction, group: string, code: string | null | undefined): string {
  if (!code) return '—';
  return i18n.exists(`${group}.${code}`) ? t(`${group}.${code}`) : code;
}

export const channelName = (c: string) => (c in CHANNEL_LABELS ? CHANNEL_LABELS[c as keyof typeof CHANNEL_LABELS][zh() ? 'zh' : 'en'] : c);

/** A brand's name for this user: in Chinese its Chinese alias where it has one. */
export function brandName(b: Brand | undefined, id: string): string {
  if (!b) return id;
  if (zh()) return b.aliases.find((a) => /[\u4e00-\u9fff]/.test(a)) ?? b.name;
  return b.name;
}

/** Who did it: a person's own name, or a system identity (system:cli, system:rules…) in the user's language. */
export function actorName(t: TFunction, actor: string): string {
  const m = /^system:(.+)$/.exec(actor);
  if (!m) return actor === 'anonymous' ? t('actors.anonymous') : actor;
  return t('actors.system', { what: i18n.exists(`actors.systems.${m[1]}`) ? t(`actors.systems.${m[1]}`) : m[1] });
}

/** An audit event's details as words: each field named in the user's language. */
/**
 * A finding's sentence in the user's language. The rules write an order's category as its code
 * (shared/rules), which in a Chinese sentence is the one English word: it is said in Chinese here.
 */
export function findingText(t: TFunction, f: { message: string; messageZh: string }): string {
  if (!zh()) return f.message;
  return f.messageZh.replace(/\b[a-z]+(?:_[a-z]+)*\b/g, (w) => (i18n.exists(`category.${w}`) ? t(`category.${w}`) : w));
}

/** A gate refusal's sentence (shared/gate.ts) in the user's language: the parcel, its status, its shelf. */
export function gateWhy(t: TFunction, why: string): string {
  if (!zh()) return why;
  let m: RegExpExecArray | null;
  if ((m = /^(\S+) was never inspected/.exec(why))) return `${m[1]} 从未查验`;
  if ((m = /^(\S+) is on hold(?: at (\S+))? \(([^)]*)\)/.exec(why))) {
    const reasons = m[3].split(',').map((c) => word(t, 'reason', c.trim())).join('、');
    return `${m[1]} 已被扣留${m[2] ? `，在 ${m[2]}` : ''}（${reasons}）`;
  }
  if ((m = /^(\S+) is already on shipment (\d+)/.exec(why))) return `${m[1]} 已在出库批次 ${m[2]} 中`;
  if ((m = /^(\S+) was returned to the seller/.exec(why))) return `${m[1]} 已退回卖家`;
  if ((m = /^(\S+) was destroyed/.exec(why))) return `${m[1]} 已销毁`;
  if ((m = /^(\S+) is not cleared \((\w+)\)/.exec(why))) return `${m[1]} 未放行（${word(t, 'parcelStatus', m[2])}）`;
  if (/^held on re-inspection/.test(why)) return '复查时被扣留';
  return t('auditField.whyOther');
}

/** An audit event's details as "label: value" in the user's language: no raw key, code or English sentence. */
export function auditDetails(t: TFunction, details: unknown): string {
  if (details === null || details === undefined) return '';
  if (typeof details !== 'object') return String(details);
  const parts: string[] = [];
  for (const [k, v] of Object.entries(details as Record<string, unknown>)) {
    if (v === null || v === undefined || v === '') continue;
    // A key with no label yet: in Chinese it shows as "other", never as the raw key.
    const label = i18n.exists(`auditField.${k}`) ? t(`auditField.${k}`) : zh() ? t('auditField.other') : k;
    let value: string;
    if (typeof v === 'boolean') value = v ? t('common.yes') : t('common.no');
    else if (k === 'reasons') value = (Array.isArray(v) ? v.map(String) : String(v).split(',')).map((c) => word(t, 'reason', c)).join(zh() ? '、' : ', ');
    // The rules that ran ("id@version,…"): how many here; each one by name in the parcel's detail and the CSV export.
    else if (k === 'rules') value = String(String(v).split(',').filter(Boolean).length);
    else if (k === 'why') value = gateWhy(t, String(v));
    else if (k === 'asked' && Array.isArray(v)) value = v.map((x) => word(t, 'cases', String(x))).join(zh() ? '、' : ', ');
    // The audit chain head recorded in an event: its number is what a person compares.
    else if (k === 'chainHead' && typeof v === 'object') value = String((v as { seq?: unknown }).seq ?? '');
    else if (Array.isArray(v)) value = k === 'documents' || k === 'photos' ? String(v.length) : v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ');
    else if (typeof v === 'object') value = auditDetails(t, v);
    else if (k === 'disposition') value = word(t, 'detail', String(v));
    else if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) value = fmtDateTime(v);
    else value = String(v);
    parts.push(`${label}: ${value}`);
  }
  return parts.join(' · ');
}

/** The entity an audit event names: a parcel's tracking number, a user's name, or a list named in words. */
export function auditEntity(t: TFunction, entityType: string, entityId: string): string {
  if (entityType === 'counterfeit' || (entityType === 'seller' && entityId === 'list')) return word(t, 'auditEntity', entityId);
  return entityId;
}

/**
 * The warehouse's one time zone, on every screen and paper: the evidence PDFs, the hold clocks and
 * the warehouse days are all UTC+8, so the screens are too, whatever the station computer is set to.
 */
export const WAREHOUSE_TZ = WAREHOUSE_TIME_ZONE;
export const WAREHOUSE_ZONE = `UTC+${WAREHOUSE_UTC_OFFSET_MINUTES / 60}`;
/** Dates and times in the user's language (not the browser's), 24-hour, warehouse time. */
const locale = () => (i18n.language === 'zh' ? 'zh-CN' : 'en-GB');
export const fmtTime = (iso: string | number | Date) => new Date(iso).toLocaleTimeString(locale(), { hour12: false, timeZone: WAREHOUSE_TZ });
export const fmtDateTime = (iso: string | number | Date) => new Date(iso).toLocaleString(locale(), { hour12: false, timeZone: WAREHOUSE_TZ });
/** A time on paper: ISO-like, with the zone named (as the evidence PDFs print it). */
export { warehouseTime };
