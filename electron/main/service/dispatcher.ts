// The one entry point of every transport (Electron IPC, the HTTP bridge, the command line, tests):
// validate the request against the contract, find out who calls, check they may, run the handler
// (again while the database is busy), and answer with a value, never a thrown error.
import { CONTRACT, type Channel, type Responses } from '../../../shared/api';
import { AppError, ok, toApiError, type Result } from '../../../shared/result';
import type { Role } from '../../../shared/types';
import { ANONYMOUS_ACTOR, systemIdentity, type SystemName } from '../../../shared/systemIdentities';
import { retryWhileBusy } from './busy';
import type { Caller, Handlers } from './handlers/context';
import type { Sessions } from './sessions';
import { validationError } from './validationError';

/**
 * Who is calling: a signed-in session, or a system identity of this process (the command line,
 * which holds the database file anyway, a test harness): only names from shared/systemIdentities.ts.
 */
export type CallContext =
  | {
      token?: string | null;
      /** The client's address as the warehouse server's socket shows it (sign-in limits are per address). */
      address?: string | null;
    }
  | { system: SystemName };

export class Dispatcher {
  constructor(
    private readonly handlers: Handlers,
    private readonly sessions: Sessions,
    /** This station's own name (its settings); a system caller acts under it when set. */
    private readonly station: () => string | undefined,
  ) {}

  async call<C extends Channel>(channel: C, rawReq: unknown, ctx: CallContext = {}): Promise<Result<Responses[C]>> {
    try {
      const spec = CONTRACT[channel];
      if (!spec) throw new AppError('BAD_REQUEST', `Unknown operation "${String(channel)}"`);
      const parsed = spec.req.safeParse(rawReq ?? {});
      if (!parsed.success) {
        throw validationError(channel, parsed.error.issues);
      }
      // A token sent to a public channel (the sign-in screen's list, the engine's health) is not a use:
      // it does not keep an idle session alive.
      // On a public channel an unreadable session (the database server gone) is an anonymous caller:
      // the lost-server banner's own question must still be answered.
      const caller = spec.access === 'public' ? await this.caller(ctx, false).catch(() => this.anonymous(ctx)) : await this.caller(ctx, true);
      if (spec.access !== 'public') {
        if (!caller.user && !caller.system && caller.expired) {
          throw new AppError('NOT_SIGNED_IN', 'Your session ended after a while without use: sign in again', undefined, { key: 'sessionExpired', params: {} });
        }
        if (!caller.user && !caller.system) throw new AppError('NOT_SIGNED_IN', 'Sign in first');
        if (caller.user && !(spec.access as readonly Role[]).includes(caller.user.role)) {
          throw new AppError('FORBIDDEN', `A ${caller.user.role} may not do this (${channel}); it needs a ${(spec.access as readonly Role[]).join(' or ')}`);
        }
      }
      const handler = this.handlers[channel] as (req: unknown, who: Caller) => Promise<Responses[C]>;
      return ok(await retryWhileBusy(() => handler(parsed.data, caller)));
    } catch (e) {
      return { ok: false, error: toApiError(e) };
    }
  }

  private async caller(ctx: CallContext, touch: boolean): Promise<Caller> {
    if ('system' in ctx) {
      const id = systemIdentity(ctx.system);
      return { system: true, user: null, actor: id, station: this.station() ?? id, token: null, address: null };
    }
    const address = ctx.address ?? null;
    const s = await retryWhileBusy(() => this.sessions.resume(ctx.token, touch));
    if (s && s !== 'expired') return { system: false, user: s.user, actor: s.user.name, station: s.station, token: ctx.token ?? null, address };
    return { ...this.anonymous(ctx), expired: s === 'expired' };
  }

  private anonymous(ctx: CallContext): Caller {
    const address = 'system' in ctx ? null : (ctx.address ?? null);
    return { system: false, user: null, actor: ANONYMOUS_ACTOR, station: 'unknown', token: null, address };
  }
}
