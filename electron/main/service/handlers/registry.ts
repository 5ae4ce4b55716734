// The customer's registry and orders: brands, certificates and orders imported from their files
// (importFiles.ts), the demo pack, and the registry as the screens show it.
import { importFiles } from '../importFiles';
import { loadDemoPack } from '../demoPack';
import type { HandlerContext, Handlers } from './context';

export type RegistryChannel = 'data:import' | 'demo:load' | 'registry:brands';

export function createRegistryHandlers(ctx: HandlerContext): Pick<Handlers, RegistryChannel> {
  return {
    'data:import': (req, who) => importFiles(ctx.storage, req, who.actor),
    'demo:load': async (_req, who) => importFiles(ctx.storage, await loadDemoPack(ctx.options.demoDir), who.actor),
    'registry:brands': async () => {
      const r = await ctx.registry();
      return { brands: r.brands, certificates: r.certificates };
    },
  };
}
