// Counterfeit signals in the service: the shipped lists (resources/counterfeit, bundled, loaded at
// start) or an admin's imported version of them, the allow/deny list and the seller flags.
import type { CounterfeitListInfo, Responses } from '../../../shared/api';
import type { Brand } from '../../../shared/types';
import { AppError } from '../../../shared/result';
import { curatedCounts, curatedListSchema, parseCuratedList, type CuratedLookalikes } from '../../../shared/reading/cloneMarks';
import { replicaPhraseListSchema, type ReplicaPhraseList } from '../../../shared/rules/replicaWording';
import { checkSellerEntry, parseSellerListCsv, sellerListToCsv } from '../../../shared/imports/sellerListCsv';
import { expiringWithin } from '../../../shared/rules/sellerLists';
import { decodeUtf8 } from '../../../shared/imports/importErrors';
import { localIsoDate } from '../../../shared/dates';
import type { Storage } from '../db/storage';
import { ensureLexicon } from './dictionaries';
import shippedLookalikes from '../../../resources/counterfeit/lookalikes.json';
import shippedPhrases from '../../../resources/counterfeit/replica-phrases.json';

// The dictionaries the matcher and the ordinary-use judge consult, read from their packages on first use.
ensureLexicon();

type ListName = 'lookalikes' | 'phrases';
interface Who {
  actor: string;
}

export const SHIPPED_LOOKALIKES: CuratedLookalikes = curatedListSchema.parse(shippedLookalikes);
export const SHIPPED_PHRASES: ReplicaPhraseList = replicaPhraseListSchema.parse(shippedPhrases);

function parsePhraseList(fileName: string, text: string): { ok: true; list: ReplicaPhraseList } | { ok: false; errors: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [`${fileName}: not valid JSON (${e instanceof Error ? e.message : String(e)})`] };
  }
  const r = replicaPhraseListSchema.safeParse(json);
  return r.success ? { ok: true, list: r.data } : { ok: false, errors: r.error.issues.map((i) => `${fileName}, field "${i.path.join('.') || '(file)'}": ${i.message}`) };
}

export class CounterfeitLists {
  private cache: { lookalikes?: { at: string | null; list: CuratedLookalikes }; phrases?: { at: string | null; list: ReplicaPhraseList } } = {};

  constructor(
    private readonly storage: Storage,
    private readonly now: () => Date,
    private readonly brands: () => Promise<Brand[]>,
  ) {}

  /** The clone-mark list in force: the admin's import, else the shipped one. */
  async lookalikes(): Promise<CuratedLookalikes> {
    const stored = await this.storage.counterfeitList('lookalikes');
    if (!stored) return SHIPPED_LOOKALIKES;
    if (this.cache.lookalikes?.at !== stored.updatedAt) {
      const parsed = parseCuratedList('stored lookalikes', stored.body);
      this.cache.lookalikes = { at: stored.updatedAt, list: parsed.ok ? parsed.list : SHIPPED_LOOKALIKES };
    }
    return this.cache.lookalikes.list;
  }

  async phrases(): Promise<ReplicaPhraseList> {
    const stored = await this.storage.counterfeitList('phrases');
    if (!stored) return SHIPPED_PHRASES;
    if (this.cache.phrases?.at !== stored.updatedAt) {
      const parsed = parsePhraseList('stored phrases', stored.body);
      this.cache.phrases = { at: stored.updatedAt, list: parsed.ok ? parsed.list : SHIPPED_PHRASES };
    }
    return this.cache.phrases.list;
  }

  private async info(list: ListName): Promise<CounterfeitListInfo & { json: string }> {
    const stored = await this.storage.counterfeitList(list);
    if (list === 'lookalikes') {
      const l = await this.lookalikes();
      const c = curatedCounts(l);
      return { list, entries: c.marks, brands: c.brands, updatedAt: stored?.updatedAt ?? null, updatedBy: stored?.updatedBy ?? null, json: JSON.stringify(l, null, 2) };
    }
    const p = await this.phrases();
    return { list, entries: p.phrases.length, brands: 0, updatedAt: stored?.updatedAt ?? null, updatedBy: stored?.updatedBy ?? null, json: JSON.stringify(p, null, 2) };
  }

  private today(): string {
    return localIsoDate(this.now());
  }

  readonly handlers = {
    'sellerLists:list': async (): Promise<Responses['sellerLists:list']> => ({ entries: await this.storage.listSellerEntries(), today: this.today() }),
    'sellerLists:expiring': async (req: { days: number }): Promise<Responses['sellerLists:expiring']> => ({
      entries: expiringWithin(await this.storage.listSellerEntries(), this.today(), req.days),
      today: this.today(),
      days: req.days,
    }),
    'sellerLists:add': async (
      req: { list: 'allow' | 'deny'; storeId?: string; creditCode?: string; brand?: string; channel?: string; reason: string; expiresOn: string },
      who: Who,
    ): Promise<Responses['sellerLists:add']> => {
      const checked = checkSellerEntry(
        { list: req.list, store_id: req.storeId ?? '', credit_code: req.creditCode ?? '', brand: req.brand ?? '', channel: req.channel ?? '', reason: req.reason, expires_on: req.expiresOn },
        await this.brands(),
      );
      if (!checked.entry) {
        const details = checked.errors.map((e) => `${e.column}: ${e.message}`);
        throw new AppError('BAD_REQUEST', `Entry not added: ${details.join('; ')}`, details, { key: 'sellerEntryInvalid', params: { fields: checked.errors.map((e) => e.column).join(', ') } });
      }
      return this.storage.addSellerEntry(checked.entry, who.actor);
    },
    'sellerLists:remove': async (req: { id: number; reason: string }, who: Who): Promise<null> => {
      await this.storage.removeSellerEntry(req.id, req.reason, who.actor);
      return null;
    },
    'sellerLists:import': async (req: { file: { name: string; bytes: Uint8Array } }, who: Who): Promise<Responses['sellerLists:import']> => {
      const parsed = parseSellerListCsv(req.file.name, req.file.bytes, await this.brands());
      if (!parsed.ok) {
        throw new AppError('IMPORT_REJECTED', `Rejected ${req.file.name}: nothing of it was stored. ${parsed.errors[0]}${parsed.errors.length > 1 ? ` (+${parsed.errors.length - 1} more)` : ''}`, parsed.errors);
      }
      const counts = await this.storage.importSellerEntries(parsed.items, who.actor, req.file.name);
      return { file: req.file.name, kind: 'sellerList', ok: true, errors: [], ...counts };
    },
    'sellerLists:export': async (_req: unknown, who: Who): Promise<Responses['sellerLists:export']> => {
      const entries = await this.storage.listSellerEntries();
      await this.storage.appendAudit({ actor: who.actor, action: 'sellerlist.export', entityType: 'seller', entityId: 'list', details: { rows: entries.length } });
      return { csv: sellerListToCsv(entries), rows: entries.length };
    },
    'sellerFlags:list': (req: { includeCleared: boolean }) => this.storage.listSellerFlags(req.includeCleared),
    'sellerFlags:clear': (req: { id: number; reason: string }, who: Who) => this.storage.clearSellerFlag(req.id, req.reason, who.actor),
    'counterfeitLists:export': async (req: { list: ListName }, who: Who): Promise<Responses['counterfeitLists:export']> => {
      const info = await this.info(req.list);
      await this.storage.appendAudit({ actor: who.actor, action: `counterfeit.${req.list}.export`, entityType: 'counterfeit', entityId: req.list, details: { entries: info.entries } });
      return info;
    },
    'counterfeitLists:import': async (req: { list: ListName; file: { name: string; bytes: Uint8Array } }, who: Who): Promise<Responses['counterfeitLists:import']> => {
      const decoded = decodeUtf8(req.file.name, req.file.bytes);
      if (!decoded.ok) throw new AppError('IMPORT_REJECTED', decoded.error, [decoded.error]);
      const parsed = req.list === 'lookalikes' ? parseCuratedList(req.file.name, decoded.text) : parsePhraseList(req.file.name, decoded.text);
      if (!parsed.ok) {
        throw new AppError('IMPORT_REJECTED', `Rejected ${req.file.name}: the list in force is unchanged. ${parsed.errors[0]}${parsed.errors.length > 1 ? ` (+${parsed.errors.length - 1} more)` : ''}`, parsed.errors);
      }
      const counts = req.list === 'lookalikes' ? curatedCounts(parsed.list as CuratedLookalikes) : { marks: (parsed.list as ReplicaPhraseList).phrases.length, brands: 0 };
      await this.storage.setCounterfeitList(req.list, JSON.stringify(parsed.list), who.actor, req.file.name, counts);
      const { json: _json, ...info } = await this.info(req.list);
      return info;
    },
  };
}
