// Counterfeit signals: the allow/deny list, seller flags and the counterfeit lists, whose rules live
// in counterfeitLists.ts (it also feeds the registry's clone marks and the inspection's phrases).
import type { CounterfeitLists } from '../counterfeitLists';
import type { HandlerContext, Handlers } from './context';

export type CounterfeitChannel = keyof CounterfeitLists['handlers'];

export function createCounterfeitHandlers(ctx: HandlerContext): Pick<Handlers, CounterfeitChannel> {
  return { ...ctx.counterfeit.handlers };
}
