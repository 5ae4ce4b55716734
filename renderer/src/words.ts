// Codes shown to people as words in their language: statuses, outcomes, categories, channels,
// brands and audit actions with readable details. A code with no locale entry shows as itself
// (it is the customer's own data, e.g. a category the registry does not know).
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
export function auditDetails(t: TFunction, details: unknown): string {
  if (details === null || details === undefined) return '';
  if (typeof details !== 'object') return String(details);
  const parts: string[] = [];
  for (const [k, v] of Object.entries(details as Record<string, unknown>)) {
    if (v === null || v === undefined || v === '') continue;
    // The gate's English sentence: the action and the parcel already say it in the user's language.
    if (k === 'why' && zh()) continue;
    const label = i18n.exists(`auditField.${k}`) ? t(`auditField.${k}`) : k;
    let value: string;
    if (typeof v === 'boolean') value = v ? t('common.yes') : t('common.no');
    else if (k === 'reasons') value = (Array.isArray(v) ? v.map(String) : String(v).split(',')).map((c) => word(t, 'reason', c)).join(zh() ? '、' : ', ');
    // The rules that ran ("id@version,…"): how many here; each one by name in the parcel's detail and the CSV export.
    else if (k === 'rules') value = String(String(v).split(',').filter(Boolean).length);
    else if (Array.isArray(v)) value = k === 'documents' || k === 'photos' ? String(v.length) : v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ');
    else if (typeof v === 'object') value = auditDetails(t, v);
    else if (k === 'disposition') value = word(t, 'detail', String(v));
    else if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) value = new Date(v).toLocaleString();
    else value = String(v);
    parts.push(`${label}: ${value}`);
  }
  return parts.join(' · ');
}

/** Dates and times in the user's language (not the browser's), 24-hour. */
const locale = () => (i18n.language === 'zh' ? 'zh-CN' : 'en-GB');
export const fmtTime = (iso: string | number | Date) => new Date(iso).toLocaleTimeString(locale(), { hour12: false });
export const fmtDateTime = (iso: string | number | Date) => new Date(iso).toLocaleString(locale(), { hour12: false });
