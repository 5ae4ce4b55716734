// Import row errors in Chinese: each parser sentence keeps its file, line, column and found value,
// says the reason in Chinese, and leaves no English word behind.
import { describe, expect, it } from 'vitest';
import { parseOrdersFile } from '../../shared/imports/ordersFile';
import { parseShelvesFile } from '../../shared/imports/shelvesFile';
import { parseBrandsFile } from '../../shared/imports/registryFiles';
import { importErrorZh } from '../../renderer/src/importErrorText';

const enc = (s: string) => new TextEncoder().encode(s);
/** Latin words left in a Chinese sentence, apart from the file name, column names and values quoted from the file. */
const english = (zh: string, allowed: string[]) =>
  zh
    .replace(/“[^”]*”/g, '')
    .split(/[\s，。：；（）“”"、,:;()]+/)
    .filter((w) => /[A-Za-z]{3,}/.test(w) && !allowed.some((a) => w.includes(a)));

function errorsOf(r: { ok: boolean; errors?: string[] }): string[] {
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.errors!;
}

describe('import row errors in Chinese', () => {
  it('says the GBK refusal in Chinese, naming the byte and how to fix it', () => {
    const gbk = new Uint8Array([0x6f, 0x72, 0x64, 0x65, 0x72, 0x0a, 0xb0, 0xa1]); // "order\n" then 啊 in GBK
    const [e] = errorsOf(parseOrdersFile('orders.csv', gbk));
    const zh = importErrorZh(e);
    expect(zh).toMatch(/^orders\.csv：不是 UTF-8 编码的文本（第 6 个字节无效）/);
    expect(zh).toContain('GBK');
    expect(english(zh, ['orders.csv', 'UTF-8', 'GBK', 'Excel', 'CSV'])).toEqual([]);
  });

  it('keeps the line, column and found value of each row error of a real parse', () => {
    const header = 'order_no,tracking_no,customer,item,declared_brand,category,channel,store_id,store_name,seller_tax_id,purchase_date,amount_cny';
    const bad = `${header}\nORD1,SF1,C1,笔记本,,stationery,TAOBAO,shop-1,店,,2026-13-45,10.00\nORD2,SF2\n`;
    const errors = errorsOf(parseOrdersFile('orders.csv', enc(bad)));
    const zh = errors.map(importErrorZh);
    expect(zh.some((x) => /^orders\.csv 第 2 行，“purchase_date”列：.*（发现："2026-13-45"）$/.test(x))).toBe(true);
    expect(zh.some((x) => /^orders\.csv 第 3 行：有 2 个字段，表头有 12 个$/.test(x))).toBe(true);
    for (const x of zh) expect(english(x, ['orders.csv', 'purchase_date', 'YYYY-MM-DD', '2026-13-45'])).toEqual([]);
  });

  it('says header, shelf and JSON errors in Chinese', () => {
    const shelves = errorsOf(parseShelvesFile('shelves.csv', enc('code,active\nA-01,1\nA-01,1\nB 2,7\n'))).map(importErrorZh);
    expect(shelves).toContain('shelves.csv 第 3 行，“code”列：A-01 已在第 2 行出现');
    expect(shelves.some((x) => x.startsWith('shelves.csv 第 4 行，“active”列：应为 1 或 0'))).toBe(true);
    expect(importErrorZh(errorsOf(parseShelvesFile('shelves.csv', enc('label\nx\n')))[0])).toBe('shelves.csv 第 1 行（表头）：缺少列 code');
    const json = importErrorZh(errorsOf(parseBrandsFile('brands.json', enc('[{"id": "x",}]')))[0]);
    expect(json).toMatch(/^brands\.json：JSON 格式错误，位于第 1 行第 \d+ 列$/);
  });

  it('never lets an unknown sentence through in English', () => {
    expect(importErrorZh('orders.csv line 9: something nobody foresaw')).toBe('orders.csv 第 9 行：内容不符合要求');
    expect(importErrorZh('something else entirely')).toBe('文件内容不符合要求');
  });
});
