// What the service keeps between calls because every inspection needs it: the registry (brands,
// certificates and a matcher built from them) until its revision changes, and the active ruleset.
import type { Brand, Certificate } from '../../../shared/types';
import { BrandMatcher } from '../../../shared/reading/brandMatcher';
import { mergeLookalikes, type CuratedLookalikes } from '../../../shared/reading/cloneMarks';
import { DEFAULT_RULESET, type RulesetDefinition } from '../../../shared/rules/ruleset';
import { canonicalJson } from '../../../shared/canonicalJson';
import { SYSTEM, systemIdentity } from '../../../shared/systemIdentities';
import type { Storage } from '../db/storage';

export interface Registry {
  revision: number;
  brands: Brand[];
  certificates: Certificate[];
  matcher: BrandMatcher;
}

export interface ActiveRuleset {
  version: number;
  definition: RulesetDefinition;
}

export class RegistryCache {
  private current: Registry | null = null;

  constructor(
    private readonly storage: Storage,
    /** The clone-mark list in force (counterfeitLists.ts). */
    private readonly lookalikes: () => Promise<CuratedLookalikes>,
    /** Told when a new revision replaced the registry: what was worked out under the old one is stale. */
    private readonly onChange: () => void,
  ) {}

  async get(): Promise<Registry> {
    const revision = await this.storage.registryRevision();
    if (!this.current || this.current.revision !== revision) {
      const [stored, certificates, curated] = await Promise.all([this.storage.listBrands(), this.storage.listCertificates(), this.lookalikes()]);
      // The shipped (or admin's) clone-mark list joins the customer's registry for the brands it holds.
      const brands = mergeLookalikes(stored, curated);
      this.current = { revision, brands, certificates, matcher: new BrandMatcher(brands) };
      this.onChange();
    }
    return this.current;
  }
}

export class RulesetCache {
  private current: ActiveRuleset | null = null;

  constructor(private readonly storage: Storage) {}

  async get(): Promise<ActiveRuleset> {
    if (!this.current) {
      // The rules this build ships become the active version; a changed definition is a new version,
      // and verdicts already made keep the version that made them.
      const stored = await this.storage.saveRuleset(canonicalJson(DEFAULT_RULESET), systemIdentity(SYSTEM.rules));
      this.current = { version: stored.version, definition: JSON.parse(stored.definition) as RulesetDefinition };
    }
    return this.current;
  }
}
