// Parsers for the customer's brands.json and certificates.json: validated item by item, every error named.
import { z } from 'zod';
import { ORDER_CHANNELS } from '../channels';
import { isIsoDate } from '../dates';
import type { Brand, Certificate } from '../types';
import { decodeUtf8, describeValue, parseJson, type ParseOutcome } from './importErrors';
import { normalizeCreditCode } from '../reading/creditCode';

const nonEmpty = z.string().trim().min(1, 'must not be empty');
const isoDate = z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD');

const brandSchema = z.object({
  id: nonEmpty.max(60).regex(/^[a-z0-9][a-z0-9_-]*$/i, 'letters, digits, "-" and "_" only'),
  name: nonEmpty.max(120),
  aliases: z.array(nonEmpty.max(120)).default([]),
  gs1Prefixes: z.array(z.string().regex(/^\d{6,12}$/, 'a GS1 company prefix is 6 to 12 digits')).default([]),
  officialStores: z
    .array(
      z.object({
        channel: z.enum(ORDER_CHANNELS, { message: `must be one of ${ORDER_CHANNELS.join(', ')}` }),
        storeId: nonEmpty.max(120),
        name: nonEmpty.max(200),
      }),
    )
    .default([]),
  // Known clone and look-alike marks of the brand: a mark, or { mark, source } naming where it is documented.
  lookalikes: z
    .array(
      z.union([
        nonEmpty.max(120).transform((mark) => ({ mark, source: null as string | null })),
        z.object({ mark: nonEmpty.max(120), source: z.string().trim().max(600).nullable().optional() }).transform((l) => ({ mark: l.mark, source: l.source || null })),
      ]),
    )
    .optional(),
});

const certificateSchema = z
  .object({
    id: nonEmpty.max(80),
    brandId: nonEmpty.max(60),
    sellerName: nonEmpty.max(200),
    sellerTaxId: z
      .string()
      .transform((s) => normalizeCreditCode(s))
      .refine((s) => /^[0-9A-Z]{18}$/.test(s), 'a unified social credit code is 18 letters and digits'),
    validFrom: isoDate,
    validTo: isoDate,
    scope: z.array(nonEmpty.max(60).transform((s) => s.toLowerCase())).min(1, 'must name at least one category'),
  })
  .refine((c) => c.validTo >= c.validFrom, { message: 'validTo is before validFrom', path: ['validTo'] });

function formatPath(path: PropertyKey[]): string {
  return path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), '');
}

function parseItems<S extends z.ZodType>(
  fileName: string,
  bytes: Uint8Array,
  schema: S,
  label: string,
): ParseOutcome<z.output<S>> {
  const decoded = decodeUtf8(fileName, bytes);
  if (!decoded.ok) return { ok: false, errors: [decoded.error] };
  const json = parseJson(fileName, decoded.text);
  if (!json.ok) return { ok: false, errors: [json.error] };
  if (!Array.isArray(json.value)) return { ok: false, errors: [`${fileName}: expected a JSON array of ${label}s`] };
  const errors: string[] = [];
  const items: z.output<S>[] = [];
  const seen = new Map<string, number>();
  json.value.forEach((raw: unknown, i: number) => {
    const id = raw && typeof raw === 'object' && 'id' in raw ? String((raw as { id: unknown }).id) : null;
    const where = `${fileName} ${label} ${i + 1}${id ? ` (id "${id}")` : ''}`;
    const r = schema.safeParse(raw);
    if (!r.success) {
      for (const issue of r.error.issues) {
        const field = formatPath(issue.path);
        const value = issue.path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), raw);
        errors.push(`${where}, field "${field || '(item)'}": ${issue.message} (found ${describeValue(value)})`);
      }
      return;
    }
    const key = (r.data as { id: string }).id;
    if (seen.has(key)) errors.push(`${where}: id "${key}" repeats ${label} ${seen.get(key)}`);
    else seen.set(key, i + 1);
    items.push(r.data);
  });
  return errors.length ? { ok: false, errors } : { ok: true, items };
}

export function parseBrandsFile(fileName: string, bytes: Uint8Array): ParseOutcome<Brand> {
  return parseItems(fileName, bytes, brandSchema, 'brand');
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
