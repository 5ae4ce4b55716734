// The brand registry: brands with their aliases, GS1 prefixes, official stores and clone marks,
// seller certificates, the admin's counterfeit lists, and the revision number that tells every
// station's cache the registry changed. Writes run inside the caller's write transaction.
import type { Brand, Certificate, LookalikeMark } from '../../../../shared/types';
import type { OrderChannel } from '../../../../shared/channels';
import { appendAudit } from '../audit';
import type { Sql } from '../sql';
import type { UpsertCounts } from '../storage';

const UPSERT_BRAND =
  'INSERT INTO brands (id, name, categories_json, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, categories_json = excluded.categories_json, updated_at = excluded.updated_at';
const UPSERT_CERTIFICATE = `INSERT INTO certificates (id, brand_id, seller_name, seller_tax_id, valid_from, valid_to, scope_json, updated_at)
  VALUES (@id, @brandId, @sellerName, @sellerTaxId, @validFrom, @validTo, @scope, @at)
  ON CONFLICT(id) DO UPDATE SET brand_id = excluded.brand_id, seller_name = excluded.seller_name,
    seller_tax_id = excluded.seller_tax_id, valid_from = excluded.valid_from, valid_to = excluded.valid_to,
    scope_json = excluded.scope_json, updated_at = excluded.updated_at`;

export async function importBrands(db: Sql, brands: Brand[], actor: string, file: string, at: string): Promise<UpsertCounts> {
  const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
  const existing = new Map((await listBrands(db)).map((b) => [b.id, JSON.stringify(normalizeBrand(b))]));
  for (const b of brands) {
    const before = existing.get(b.id);
    if (before === JSON.stringify(normalizeBrand(b))) {
      counts.unchanged++;
      continue;
    }
    if (before) counts.updated++;
    else counts.inserted++;
    await db.run(UPSERT_BRAND, [b.id, b.name, JSON.stringify([...new Set(b.categories ?? [])]), at]);
    await db.run('DELETE FROM brand_aliases WHERE brand_id = ?', [b.id]);
    await db.run('DELETE FROM brand_gs1_prefixes WHERE brand_id = ?', [b.id]);
    await db.run('DELETE FROM brand_stores WHERE brand_id = ?', [b.id]);
    for (const a of b.aliases) await db.run('INSERT INTO brand_aliases (brand_id, alias) VALUES (?, ?) ON CONFLICT DO NOTHING', [b.id, a]);
    for (const p of b.gs1Prefixes) await db.run('INSERT INTO brand_gs1_prefixes (brand_id, prefix) VALUES (?, ?) ON CONFLICT DO NOTHING', [b.id, p]);
    for (const s of b.officialStores) {
      await db.run('INSERT INTO brand_stores (brand_id, channel, store_id, name) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING', [b.id, s.channel, s.storeId, s.name]);
    }
    await saveBrandLookalikes(db, b.id, b.lookalikes ?? []);
  }
  if (counts.inserted + counts.updated > 0) await bumpRegistryRevision(db);
  await appendAudit(db, { actor, action: 'import.brands', entityType: 'file', entityId: file, details: counts }, at);
  return counts;
}

export async function importCertificates(db: Sql, certs: Certificate[], actor: string, file: string, at: string): Promise<UpsertCounts> {
  const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
  const existing = new Map((await listCertificates(db)).map((c) => [c.id, JSON.stringify(c)]));
  const changed: Certificate[] = [];
  for (const c of certs) {
    const before = existing.get(c.id);
    const normalized: Certificate = { ...c, scope: [...c.scope] };
    if (before === JSON.stringify(normalized)) {
      counts.unchanged++;
      continue;
    }
    if (before) counts.updated++;
    else counts.inserted++;
    changed.push(c);
  }
  // The event first, then the rows: the database accepts a certificate change only after it (migration 13).
  await appendAudit(db, { actor, action: 'import.certificates', entityType: 'file', entityId: file, details: counts }, at);
  for (const c of changed) await db.run(UPSERT_CERTIFICATE, { ...c, scope: JSON.stringify(c.scope), at });
  if (changed.length > 0) await bumpRegistryRevision(db);
  return counts;
}

/** Cached registries (every station's) are stale from here on. */
export async function bumpRegistryRevision(db: Sql): Promise<void> {
  await db.run(
    `INSERT INTO settings (key, value) VALUES ('registry_revision', '1')
     ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(settings.value AS INTEGER) + 1 AS TEXT)`,
  );
}

export async function registryRevision(db: Sql): Promise<number> {
  const r = await db.get<{ value: string }>("SELECT value FROM settings WHERE key = 'registry_revision'");
  return r ? Number(r.value) : 0;
}

export async function brandIds(db: Sql): Promise<Set<string>> {
  return new Set((await db.all<{ id: string }>('SELECT id FROM brands')).map((r) => r.id));
}

export async function listBrands(db: Sql): Promise<Brand[]> {
  const brands = await db.all<{ id: string; name: string; categories_json: string }>('SELECT id, name, categories_json FROM brands ORDER BY id');
  const aliases = await db.all<{ brand_id: string; alias: string }>('SELECT brand_id, alias FROM brand_aliases ORDER BY rowid');
  const prefixes = await db.all<{ brand_id: string; prefix: string }>('SELECT brand_id, prefix FROM brand_gs1_prefixes ORDER BY rowid');
  const stores = await db.all<{ brand_id: string; channel: string; store_id: string; name: string }>('SELECT brand_id, channel, store_id, name FROM brand_stores ORDER BY rowid');
  const lookalikes = await brandLookalikes(db);
  return brands.map((b) => ({
    id: b.id,
    name: b.name,
    ...(lookalikes.has(b.id) ? { lookalikes: lookalikes.get(b.id) } : {}),
    ...(b.categories_json !== '[]' ? { categories: JSON.parse(b.categories_json) as string[] } : {}),
    aliases: aliases.filter((a) => a.brand_id === b.id).map((a) => a.alias),
    gs1Prefixes: prefixes.filter((p) => p.brand_id === b.id).map((p) => p.prefix),
    officialStores: stores.filter((s) => s.brand_id === b.id).map((s) => ({ channel: s.channel as OrderChannel, storeId: s.store_id, name: s.name })),
  }));
}

export async function listCertificates(db: Sql): Promise<Certificate[]> {
  const rows = await db.all<{ id: string; brand_id: string; seller_name: string; seller_tax_id: string; valid_from: string; valid_to: string; scope_json: string }>(
    'SELECT * FROM certificates ORDER BY id',
  );
  return rows.map((r) => ({
    id: r.id,
    brandId: r.brand_id,
    sellerName: r.seller_name,
    sellerTaxId: r.seller_tax_id,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    scope: JSON.parse(r.scope_json) as string[],
  }));
}

// ---- brands' clone marks, the admin's counterfeit lists ---------------------------------

export async function saveBrandLookalikes(db: Sql, brandId: string, marks: readonly LookalikeMark[]): Promise<void> {
  await db.run('DELETE FROM brand_lookalikes WHERE brand_id = ?', [brandId]);
  for (const m of marks) await db.run('INSERT INTO brand_lookalikes (brand_id, mark, source) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [brandId, m.mark, m.source]);
}

export async function brandLookalikes(db: Sql): Promise<Map<string, LookalikeMark[]>> {
  const out = new Map<string, LookalikeMark[]>();
  for (const r of await db.all<{ brand_id: string; mark: string; source: string | null }>('SELECT brand_id, mark, source FROM brand_lookalikes ORDER BY rowid')) {
    out.set(r.brand_id, [...(out.get(r.brand_id) ?? []), { mark: r.mark, source: r.source }]);
  }
  return out;
}

export type CounterfeitListName = 'lookalikes' | 'phrases';

export async function getCounterfeitList(db: Sql, name: CounterfeitListName): Promise<{ body: string; updatedAt: string; updatedBy: string } | null> {
  const r = await db.get<{ body: string; updated_at: string; updated_by: string }>('SELECT body, updated_at, updated_by FROM counterfeit_lists WHERE name = ?', [name]);
  return r ? { body: r.body, updatedAt: r.updated_at, updatedBy: r.updated_by } : null;
}

export async function setCounterfeitList(db: Sql, name: CounterfeitListName, body: string, actor: string, file: string, counts: Record<string, number>, at: string): Promise<void> {
  await db.run(
    `INSERT INTO counterfeit_lists (name, body, updated_at, updated_by) VALUES (?, ?, ?, ?)
     ON CONFLICT(name) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    [name, body, at, actor],
  );
  await appendAudit(db, { actor, action: `counterfeit.${name}.import`, entityType: 'file', entityId: file, details: counts }, at);
  // Brand hits depend on the clone marks: cached reads are stale.
  await bumpRegistryRevision(db);
}

function normalizeBrand(b: Brand): Brand {
  return {
    id: b.id,
    name: b.name,
    aliases: [...new Set(b.aliases)],
    gs1Prefixes: [...new Set(b.gs1Prefixes)],
    officialStores: b.officialStores.map((s) => ({ channel: s.channel, storeId: s.storeId, name: s.name })),
    ...(b.lookalikes?.length ? { lookalikes: b.lookalikes.map((l) => ({ mark: l.mark, source: l.source })) } : {}),
    ...(b.categories?.length ? { categories: [...new Set(b.categories)] } : {}),
  };
}
