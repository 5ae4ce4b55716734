// The handler modules, one per domain, and the proof that together they answer every channel of the
// contract exactly once (as Actual Budget combines its per-domain apps into one set of handlers).
import { CHANNELS, type Channel } from '../../../../shared/api';
import { createAuditHandlers } from './audit';
import { createBackupHandlers } from './backup';
import type { HandlerContext, Handlers } from './context';
import { createCounterfeitHandlers } from './counterfeit';
import { createHoldCaseHandlers } from './holdCases';
import { createHoldHandlers } from './holds';
import { createRegistryHandlers } from './registry';
import { createShipmentHandlers } from './shipments';
import { createStationHandlers } from './station';
import { createUserHandlers } from './users';

export const DOMAINS = {
  station: createStationHandlers,
  holds: createHoldHandlers,
  holdCases: createHoldCaseHandlers,
  shipments: createShipmentHandlers,
  registry: createRegistryHandlers,
  counterfeit: createCounterfeitHandlers,
  users: createUserHandlers,
  audit: createAuditHandlers,
  backup: createBackupHandlers,
};

type Domains = Record<string, (ctx: HandlerContext) => Partial<Handlers>>;
type ChannelsOf<D extends Domains> = { [K in keyof D]: keyof ReturnType<D[K]> };
/** Channels that one domain and some other domain both answer. */
export type Repeated<D extends Domains> = Extract<{ [K in keyof D]: ChannelsOf<D>[K] & ChannelsOf<D>[Exclude<keyof D, K>] }[keyof D], string>;
/** Channels of the contract no domain answers. */
export type Unanswered<D extends Domains> = Exclude<Channel, ChannelsOf<D>[keyof D]>;
export type Coverage<D extends Domains> = [Repeated<D>] extends [never]
  ? [Unanswered<D>] extends [never]
    ? 'every channel exactly once'
    : `no handler for ${Unanswered<D>}`
  : `two handlers for ${Repeated<D>}`;

// The compile-time proof. A channel added to CONTRACT with no handler, or a channel two modules both
// answer, makes this line fail to compile, and the error names the channel, e.g.
//   Type '"every channel exactly once"' is not assignable to type '"no handler for shipment:split"'.
//   Type '"every channel exactly once"' is not assignable to type '"two handlers for hold:decide" | …'.
// (A plain `{ ...station, ...holds }` would let the later module win silently. And since each module
// returns Pick<Handlers, its channels>, none can answer a channel the contract does not have, and each
// handler's request and response are the contract's.)
export const coverage: Coverage<typeof DOMAINS> = 'every channel exactly once';

/** Every domain's handlers as one map; checked again at run time, for code that got past the compiler. */
export function createHandlers(ctx: HandlerContext, domains: Domains = DOMAINS): Handlers {
  const all: Partial<Record<Channel, unknown>> = {};
  const owner = new Map<string, string>();
  const problems: string[] = [];
  for (const [domain, create] of Object.entries(domains)) {
    for (const [channel, handler] of Object.entries(create(ctx))) {
      const first = owner.get(channel);
      if (first) problems.push(`${channel} is answered by both ${first} and ${domain}`);
      else if (!(CHANNELS as string[]).includes(channel)) problems.push(`${domain} answers ${channel}, which is not in the contract`);
      owner.set(channel, first ?? domain);
      all[channel as Channel] = handler;
    }
  }
  for (const c of CHANNELS) if (!owner.has(c)) problems.push(`no module answers ${c}`);
  if (problems.length) throw new Error(`The service's handlers do not match the contract: ${problems.join('; ')}`);
  return all as Handlers;
}
