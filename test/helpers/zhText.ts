// What a Chinese user sees that is not Chinese: every visible text on the page, and those of its
// texts with Latin words that are neither proper names, codes, numbers nor the user's file names.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

/** Words the Chinese UI may show as they are: the product's name, key caps and format names. */
export const UI_NAMES = ['Parcel', 'Gate', 'English', 'Esc', 'Delete', 'F8', 'GS1', 'CSV', 'PIN', 'JPEG', 'PNG', 'WebP'];

/** Proper names in a scenario pack: brand names and aliases, store and item names of its orders. */
export function packNames(pack: string): string[] {
  const out: string[] = [];
  const brands = JSON.parse(fs.readFileSync(path.join(pack, 'brands.json'), 'utf8')) as { name: string; aliases: string[] }[];
  for (const b of brands) for (const w of [b.name, ...b.aliases].flatMap((x) => x.split(/[^A-Za-z]+/))) if (w) out.push(w);
  const orders = fs.readFileSync(path.join(pack, 'orders.csv'), 'utf8');
  for (const w of orders.split(/[^A-Za-z]+/)) if (w && !/^[a-z_]+$/.test(w)) out.push(w); // store and item names, not column or category codes
  return out;
}

/** Every visible text on the page: text nodes, the shown option of each select, placeholders. */
export async function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const visible = (el: Element) => el.checkVisibility({ visibilityProperty: true, opacityProperty: true } as CheckVisibilityOptions);
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const n = walker.currentNode;
      const text = (n.textContent ?? '').trim();
      const el = n.parentElement;
      if (!text || !el || el.closest('option, script, style, .print-only') || !visible(el)) continue;
      out.push(text);
    }
    for (const s of document.querySelectorAll('select')) if (visible(s)) out.push(s.selectedOptions[0]?.text ?? '');
    for (const i of document.querySelectorAll<HTMLInputElement>('input[placeholder], textarea[placeholder]')) if (visible(i) && !i.value) out.push(i.placeholder);
    return out;
  });
}

/** Texts with Latin words that are neither Chinese-bearing nor proper names, codes or numbers. */
export function latinOnly(texts: string[], allowed: ReadonlySet<string>): string[] {
  return texts.filter((text) => {
    if (/[\u4e00-\u9fff]/.test(text)) return false;
    const words = text.split(/[\s·,:;()（）/|"“”'!?，。：、…—–]+/).filter((w) => /[A-Za-z]/.test(w));
    return words.some((w) => {
      if (allowed.has(w)) return false;
      if (/\d/.test(w) && /^[A-Za-z0-9._#-]+$/.test(w)) return false; // codes: tracking, order, shelf, station, sizes
      if (/\.(json|csv|jpe?g|png)$/i.test(w)) return false; // the user's file names
      return true;
    });
  });
}
