// The hold queue's brand filter: part of a brand's name or of any alias finds it (the queue's
// filter itself matches a whole name), with the registry's brands offered as the person types.
// One match filters by that brand; several are offered to pick from; none says so.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Brand } from '../../../shared/types';
import { useApiQuery } from '../useApi';

/** Brands whose id, name or an alias contains the text (any case, spaces ignored). */
export function brandsMatching(brands: readonly Brand[], text: string): Brand[] {
  const norm = (s: string) => s.toLowerCase().replace(/\s+/g, '');
  const q = norm(text);
  if (!q) return [];
  return brands.filter((b) => [b.id, b.name, ...b.aliases].some((w) => norm(w).includes(q)));
}

export function BrandFilter({ value, onChange }: { value: string; onChange: (brandId: string) => void }) {
  const { t } = useTranslation();
  const registry = useApiQuery('registry:brands', {});
  const brands = useMemo(() => registry.data?.brands ?? [], [registry.data]);
  const [text, setText] = useState(value);
  const matches = brandsMatching(brands, text);
  const type = (v: string) => {
    setText(v);
    const m = brandsMatching(brands, v);
    // One brand found: filter by it; otherwise the text as typed (nothing, or the queue's own match).
    onChange(m.length === 1 ? m[0].id : v.trim());
  };
  return (
    <label className="brand-filter">
      {t('holds.brand')}
      <input value={text} onChange={(e) => type(e.target.value)} size={10} list="brand-suggestions" aria-describedby="brand-matches" />
      <datalist id="brand-suggestions">
        {brands.flatMap((b) => [b.name, ...b.aliases]).map((w) => (
          <option key={w} value={w} />
        ))}
      </datalist>
      <span id="brand-matches" className="small muted" role="status">
        {text.trim() === ''
          ? ''
          : matches.length === 1
            ? t('holds.brandMatch', { name: matches[0].name })
            : matches.length === 0
              ? t('holds.brandNone', { text })
              : t('holds.brandSeveral', { names: matches.map((b) => b.name).join(', ') })}
      </span>
    </label>
  );
}
