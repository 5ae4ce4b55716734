// The audit trail and the reports built from it: verify the hash chain, list and export its events
// (the export ends with the chain head), and the supervisor's summary of a period.
import { canonicalJson } from '../../../../shared/canonicalJson';
import { toCsv } from '../../../../shared/csv';
import { localIsoDate } from '../../../../shared/dates';
import { withChainHead } from '../chainHead';
import type { HandlerContext, Handlers } from './context';

export type AuditChannel = 'audit:verify' | 'audit:list' | 'audit:export' | 'reports:summary';

export function createAuditHandlers(ctx: HandlerContext): Pick<Handlers, AuditChannel> {
  return {
    'audit:verify': async (req, who) => {
      // Everything is checked before anything is appended (the verification's own event comes after).
      const chain = await ctx.storage.verifyAudit(req.anchors, req.anchorLog);
      const safeguards = ctx.storage.schemaChanges();
      const stateProblems = await ctx.storage.crossCheckState();
      const log = req.anchorLog === false ? null : await ctx.storage.anchorLogState();
      const anchorLogMissing = log?.kept && log.problem ? { since: log.since ?? 1, problem: log.problem } : null;
      // "Intact" only when the chain, the file's safeguards and the state all hold and the anchor log can prove completeness.
      const result = { ...chain, intact: chain.intact && !safeguards.length && !stateProblems.length && !anchorLogMissing, safeguards, stateProblems, anchorLogMissing };
      // A file whose safeguards were changed takes no writes, not even this event.
      if (!safeguards.length) {
        await ctx.storage.appendAudit({ actor: who.actor, action: 'audit.verify', entityType: 'audit', entityId: 'chain', details: { intact: result.intact, events: result.events, firstBroken: result.firstBroken?.seq ?? null } });
      }
      return result;
    },
    'audit:list': (req) => ctx.storage.listAudit({ action: req.action, actor: req.actor, entity: req.entity, offset: req.page.offset, limit: req.page.limit }),
    'audit:export': async (req, who) => {
      const rows = await ctx.storage.allAudit({ action: req.action, actor: req.actor, entity: req.entity });
      await ctx.storage.appendAudit({ actor: who.actor, action: 'audit.export', entityType: 'audit', entityId: 'chain', details: { rows: rows.length, filter: req } });
      const chainHead = await ctx.storage.chainHead();
      const csv = toCsv(
        ['seq', 'at', 'actor', 'action', 'entity_type', 'entity_id', 'details', 'prev_hash', 'hash'],
        rows.map((r) => [r.seq, r.at, r.actor, r.action, r.entityType, r.entityId, canonicalJson(r.details), r.prevHash, r.hash]),
      );
      return { csv: withChainHead(csv, chainHead), rows: rows.length, chainHead };
    },
    'reports:summary': async (req) => {
      const to = req.to ?? localIsoDate(ctx.now());
      const from = req.from ?? localIsoDate(new Date(ctx.now().getTime() - 29 * 86400_000));
      // Decided late: after the return window, the proof deadline or free storage had run out (warehouse days, UTC+8).
      const dayStart = (d: string) => new Date(Date.parse(`${d}T00:00:00.000Z`) - 8 * 3600_000).toISOString();
      const end = new Date(Date.parse(dayStart(to)) + 86400_000).toISOString();
      return { ...(await ctx.storage.reportSummary(from, to)), lateDecisions: await ctx.storage.lateDecisions(dayStart(from), end) };
    },
  };
}
