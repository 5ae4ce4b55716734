// Parsers for the customer's brands.json and certificates.json: strict (unknown, misspelled and
// repeated keys refused with their line), bounded, validated item by item, every error named.
import { z } from 'zod';
import { ORDER_CHANNELS } from '../channels';
import { isIsoDate } from '../dates';
import type { Brand, Certificate } from '../types';
import { decodeUtf8, describeValue, type ParseOutcome } from './importErrors';
import { isValidCreditCode, normalizeCreditCode } from '../reading/creditCode';
import { parseStrictJson, StrictJsonError, type StrictJson } from './strictJson';
import { safeText, suggestKey } from './fieldRules';

const isoDate = z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD');
const list = <T extends z.ZodType>(item: T, max: number) => z.array(item).max(max, `more than ${max} entries`);

/** The keys each kind of object may carry. `lookalikes` belongs to the look-alike rules (strings or {mark, source}). */
const KEYS = {
  brand: ['id', 'name', 'aliases', 'gs1Prefixes', 'officialStores', 'lookalikes', 'categories'],
  officialStores: ['channel', 'storeId', 'name'],
  lookalikes: ['mark', 'source'],
  certificate: ['id', 'brandId', 'sellerName', 'sellerTaxId', 'validFrom', 'validTo', 'scope'],
} as const;

const brandSchema = z.object({
  id: safeText(60).pipe(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i, 'letters, digits, "-" and "_" only')),
  name: safeText(120),
  // Omitted means "keep what is stored"; an empty array says "none" explicitly.
  aliases: list(safeText(120), 500).optional(),
  gs1Prefixes: list(z.string().regex(/^\d{6,12}$/, 'a GS1 company prefix is 6 to 12 digits'), 500).optional(),
  officialStores: list(
    z.object({
      channel: z.enum(ORDER_CHANNELS, { message: `must be one of ${ORDER_CHANNELS.join(', ')}` }),
      storeId: safeText(120),
      name: safeText(200),
    }),
    500,
  ).optional(),
  // The categories of goods the brand sells (as the orders' `category` names them): where a brand word
  // appears on goods outside them, it may be an ordinary word (the ordinary-use judge's context).
  categories: list(safeText(60).transform((s) => s.toLowerCase()), 100).optional(),
  // Known clone and look-alike marks of the brand: a mark, or { mark, source } naming where it is documented.
  lookalikes: list(
    z.union([
      safeText(120).transform((mark) => ({ mark, source: null as string | null })),
      z.object({ mark: safeText(120), source: safeText(600).nullable().optional() }).transform((l) => ({ mark: l.mark, source: l.source || null })),
    ]),
    500,
  ).optional(),
});

/** A brand as a file gives it: fields left out are kept from the stored brand on re-import. */
export type BrandInput = z.output<typeof brandSchema>;

const certificateSchema = z
  .object({
    id: safeText(80),
    brandId: safeText(60),
    sellerName: safeText(200),
    sellerTaxId: safeText(40)
      .transform((s) => normalizeCreditCode(s))
      .refine((s) => /^[0-9A-Z]{18}$/.test(s), 'a unified social credit code is 18 letters and digits')
      .refine((s) => !/^[0-9A-Z]{18}$/.test(s) || isValidCreditCode(s), 'the check character (the last one) is wrong: a typo in the credit code'),
    validFrom: isoDate,
    validTo: isoDate,
    scope: list(safeText(60).transform((s) => s.toLowerCase()), 100).min(1, 'must name at least one category'),
  })
  .refine((c) => c.validTo >= c.validFrom, { message: 'validTo is before validFrom', path: ['validTo'] });

function formatPath(path: PropertyKey[]): string {
  return path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), '');
}

/** Unknown keys of `raw` (and of its official stores / look-alikes), each with its line and the key it probably meant. */
function unknownKeys(raw: unknown, kind: 'brand' | 'certificate', json: StrictJson): string[] {
  const out: string[] = [];
  const check = (obj: unknown, known: readonly string[], where: string) => {
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return;
    const lines = json.lines.get(obj);
    for (const key of Object.keys(obj)) {
      if (known.includes(key)) continue;
      const hint = suggestKey(key, known);
      out.push(`line ${lines?.keys.get(key) ?? '?'}, ${where}unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}; known keys: ${known.join(', ')}`);
    }
  };
  check(raw, KEYS[kind], '');
  if (kind === 'brand' && raw && typeof raw === 'object') {
    const r = raw as Record<string, unknown>;
    if (Array.isArray(r.officialStores)) r.officialStores.forEach((s, i) => check(s, KEYS.officialStores, `officialStores[${i}]: `));
    if (Array.isArray(r.lookalikes)) r.lookalikes.forEach((s, i) => check(s, KEYS.lookalikes, `lookalikes[${i}]: `));
  }
  return out;
}

/** The line where the field at `path` (or its nearest object) is written. */
function lineOf(raw: unknown, path: PropertyKey[], json: StrictJson): number | string {
  let obj = raw;
  let line: number | undefined = raw && typeof raw === 'object' ? json.lines.get(raw)?.at : undefined;
  for (const k of path) {
    if (!obj || typeof obj !== 'object') break;
    const info = json.lines.get(obj);
    if (info && typeof k === 'string') line = info.keys.get(k) ?? line;
    obj = (obj as Record<PropertyKey, unknown>)[k];
    if (obj && typeof obj === 'object') line = json.lines.get(obj)?.at ?? line;
  }
  return line ?? '?';
}

function parseItems<S extends z.ZodType>(
  fileName: string,
  bytes: Uint8Array,
  schema: S,
  label: 'brand' | 'certificate',
): ParseOutcome<z.output<S>> {
  const decoded = decodeUtf8(fileName, bytes);
  if (!decoded.ok) return { ok: false, errors: [decoded.error] };
  let json: StrictJson;
  try {
    json = parseStrictJson(decoded.text);
  } catch (e) {
    if (e instanceof StrictJsonError) {
      const structural = e.what.startsWith('key ') || e.what.startsWith('nested');
      return { ok: false, errors: [`${fileName}: ${structural ? '' : 'malformed JSON at '}line ${e.line}, column ${e.column}: ${e.what}`] };
    }
    throw e;
  }
  if (!Array.isArray(json.value)) return { ok: false, errors: [`${fileName}: expected a JSON array of ${label}s`] };
  const errors: string[] = [];
  const items: z.output<S>[] = [];
  const seen = new Map<string, number>();
  json.value.forEach((raw: unknown, i: number) => {
    const id = raw && typeof raw === 'object' && 'id' in raw ? describeValue((raw as { id: unknown }).id) : null;
    const where = `${fileName} ${label} ${i + 1}${id ? ` (id ${id})` : ''}`;
    const unknown = unknownKeys(raw, label, json);
    for (const u of unknown) errors.push(`${fileName} ${label} ${i + 1}${id ? ` (id ${id})` : ''}, ${u}`);
    const r = schema.safeParse(raw);
    if (!r.success) {
      for (const issue of r.error.issues) {
        const field = formatPath(issue.path);
        const value = issue.path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), raw);
        errors.push(`${where}, field "${field || '(item)'}": ${issue.message} (found ${describeValue(value)}), line ${lineOf(raw, issue.path, json)}`);
      }
      return;
    }
    if (unknown.length) return;
    const key = (r.data as { id: string }).id;
    if (seen.has(key)) errors.push(`${where}: id "${key}" repeats ${label} ${seen.get(key)}`);
    else seen.set(key, i + 1);
    items.push(r.data);
  });
  return errors.length ? { ok: false, errors } : { ok: true, items };
}

export function parseBrandsFile(fileName: string, bytes: Uint8Array): ParseOutcome<BrandInput> {
  return parseItems(fileName, bytes, brandSchema, 'brand');
}

/** A brand as it will be stored: what the file says, and for each list the file leaves out, what is stored already. */
export function mergeBrand(input: BrandInput, stored: Brand | undefined): Brand {
  return {
    id: input.id,
    name: input.name,
    aliases: input.aliases ?? stored?.aliases ?? [],
    gs1Prefixes: input.gs1Prefixes ?? stored?.gs1Prefixes ?? [],
    officialStores: input.officialStores ?? stored?.officialStores ?? [],
    lookalikes: input.lookalikes ?? stored?.lookalikes ?? [],
    categories: input.categories ?? stored?.categories ?? [],
  };
}

/** `knownBrandIds`: brands already stored plus those of the same import. */
export function parseCertificatesFile(
  fileName: string,
  bytes: Uint8Array,
  knownBrandIds: ReadonlySet<string>,
): ParseOutcome<Certificate> {
  const parsed = parseItems(fileName, bytes, certificateSchema, 'certificate');
  if (!parsed.ok) return parsed;
  const errors: string[] = [];
  parsed.items.forEach((c, i) => {
    if (!knownBrandIds.has(c.brandId)) {
      errors.push(`${fileName} certificate ${i + 1} (id "${c.id}"), field "brandId": no brand "${c.brandId}" in the registry`);
    }
  });
  return errors.length ? { ok: false, errors } : parsed;
}
