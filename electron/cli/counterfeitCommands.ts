// Command-line commands for counterfeit signals (issue 10): the allow/deny list, seller flags and
// the shipped counterfeit lists. Run as the local command line (the actor "cli"), audited like the UI.
import fs from 'node:fs';
import path from 'node:path';
import type { Channel, Req, Responses } from '../../shared/api';

export const COUNTERFEIT_USAGE = `
  lists show | expiring [--days N]                      the allow/deny list; entries that stop counting within N days (7)
  lists add --list allow|deny (--store S | --credit-code C) [--brand B --channel CH] --reason R --until YYYY-MM-DD
  lists remove --id N --reason R                        take an entry off the list
  lists import --file F.csv | lists export [--out F]    the list as CSV (format in README)
  flags list [--all] | flags clear --id N --reason R    sellers flagged by counterfeit decisions; clear one
  marks export --list lookalikes|phrases [--out F]      the clone-mark or replica-phrase list in force (JSON)
  marks import --list lookalikes|phrases --file F       replace it with an edited list (all-or-nothing)`;

export const COUNTERFEIT_OPTIONS = {
  file: { type: 'string' },
  out: { type: 'string' },
  list: { type: 'string' },
  store: { type: 'string' },
  'credit-code': { type: 'string' },
  brand: { type: 'string' },
  channel: { type: 'string' },
  reason: { type: 'string' },
  until: { type: 'string' },
  id: { type: 'string' },
  days: { type: 'string' },
  all: { type: 'boolean' },
} as const;

type Values = { [K in keyof typeof COUNTERFEIT_OPTIONS]?: (typeof COUNTERFEIT_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };
type Call = <C extends Channel>(channel: C, req: Req<C>) => Promise<Responses[C]>;
type ReadFile = (f: string) => { name: string; bytes: Uint8Array<ArrayBuffer> };

function need(v: string | undefined, what: string, fail: (m: string) => never): string {
  if (!v) fail(`${what} is required`);
  return v!;
}

const entryLine = (e: Responses['sellerLists:add'], today: string) =>
  `#${e.id} ${e.list.padEnd(5)} ${[e.storeId, e.creditCode].filter(Boolean).join(' / ')}${e.brandId ? ` ${e.brandId}` : ''}${e.channel ? ` ${e.channel}` : ''} until ${e.expiresOn}${e.expiresOn < today ? ' (expired)' : ''} — ${e.reason} (${e.addedBy})`;

/** Runs one of the commands above; returns null when `command` is not one of them. */
export async function runCounterfeitCommand(command: string, sub: string | undefined, values: Values, call: Call, readFile: ReadFile, fail: (m: string) => never): Promise<number | null> {
  const write = (text: string) => {
    if (values.out) fs.writeFileSync(path.resolve(values.out), text);
    else process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  };
  switch (command) {
    case 'lists': {
      if (sub === 'show' || !sub) {
        const r = await call('sellerLists:list', {});
        console.log(r.entries.map((e) => entryLine(e, r.today)).join('\n') || 'The allow/deny list is empty.');
      } else if (sub === 'expiring') {
        const r = await call('sellerLists:expiring', { days: values.days ? Number(values.days) : 7 });
        console.log(r.entries.map((e) => entryLine(e, r.today)).join('\n') || `No entry stops counting within ${r.days} days.`);
      } else if (sub === 'add') {
        const list = need(values.list, '--list allow|deny', fail);
        if (list !== 'allow' && list !== 'deny') fail('--list must be allow or deny');
        const e = await call('sellerLists:add', {
          list: list as 'allow' | 'deny',
          storeId: values.store,
          creditCode: values['credit-code'],
          brand: values.brand,
          channel: values.channel,
          reason: need(values.reason, '--reason', fail),
          expiresOn: need(values.until, '--until YYYY-MM-DD', fail),
        });
        console.log(`Added ${entryLine(e, '')}`);
      } else if (sub === 'remove') {
        await call('sellerLists:remove', { id: Number(need(values.id, '--id', fail)), reason: need(values.reason, '--reason', fail) });
        console.log(`Removed entry #${values.id}`);
      } else if (sub === 'import') {
        const r = await call('sellerLists:import', { file: readFile(need(values.file, '--file', fail)) });
        console.log(`${r.file}: ${r.inserted} new, ${r.updated} updated, ${r.unchanged} unchanged`);
      } else if (sub === 'export') {
        write((await call('sellerLists:export', {})).csv);
      } else fail('usage: lists show|expiring|add|remove|import|export');
      return 0;
    }
    case 'flags': {
      if (sub === 'list' || !sub) {
        const flags = await call('sellerFlags:list', { includeCleared: !!values.all });
        console.log(
          flags
            .map((f) => `#${f.id} ${[f.storeId, f.creditCode].filter(Boolean).join(' / ')}: ${f.trackingNo} ${f.disposition} by ${f.decidedBy} ${f.decidedAt.slice(0, 10)} — ${f.reason}${f.clearedAt ? ` (cleared by ${f.clearedBy}: ${f.clearReason})` : ''}`)
            .join('\n') || 'No flagged sellers.',
        );
      } else if (sub === 'clear') {
        const f = await call('sellerFlags:clear', { id: Number(need(values.id, '--id', fail)), reason: need(values.reason, '--reason', fail) });
        console.log(`Cleared flag #${f.id} on ${f.storeId ?? f.creditCode}`);
      } else fail('usage: flags list [--all] | flags clear --id N --reason R');
      return 0;
    }
    case 'marks': {
      const list = need(values.list, '--list lookalikes|phrases', fail);
      if (list !== 'lookalikes' && list !== 'phrases') fail('--list must be lookalikes or phrases');
      if (sub === 'export') write((await call('counterfeitLists:export', { list: list as 'lookalikes' | 'phrases' })).json);
      else if (sub === 'import') {
        const r = await call('counterfeitLists:import', { list: list as 'lookalikes' | 'phrases', file: readFile(need(values.file, '--file', fail)) });
        console.log(`${r.list}: ${r.entries} entries${r.brands ? ` for ${r.brands} brands` : ''} now in force`);
      } else fail('usage: marks export|import --list lookalikes|phrases');
      return 0;
    }
    default:
      return null;
  }
}
