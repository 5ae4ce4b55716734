import { describe, expect, it } from 'vitest';
import { extractInvoice, extractWaybill, looksLikeTracking, type TextLine } from '../../shared/reading/documentFields';
import { estimateSkew } from '../../shared/reading/deskew';
import { makeGray } from '../../shared/reading/grayImage';

/** Lines of a two-column table, as OCR gives them: label cells left, value cells right. */
function table(rows: [string, string][], joined = false): TextLine[] {
  return rows.flatMap(([label, value], i) =>
    joined
      ? [{ text: `${label} ${value}`, box: { x: 100, y: 100 + i * 40, w: 700, h: 24 } }]
      : [
          { text: label, box: { x: 100, y: 100 + i * 40, w: 200, h: 24 } },
          { text: value, box: { x: 500, y: 102 + i * 40, w: 300, h: 24 } },
        ],
  );
}

const INVOICE: [string, string][] = [
  ['发票号码', '67517052426522824913'],
  ['开票日期', '2026-10-21'],
  ['购买方名称', '42号仓 跨境集运中心'],
  ['销售方名称', '| 宁波无印良品授权经销商贸易有限公司'],
  ['统一社会信用代码/纳税人识别号', '913356684C6RTNLYJX'],
  ['项目名称', 'MUJI 香薰机'],
  ['价税合计(小写)', 'Y2183.00'],
];

describe('invoice fields', () => {
  it.each([
    ['cells side by side', false],
    ['label and value on one line', true],
  ])('reads a fapiao laid out as %s', (_n, joined) => {
    const inv = extractInvoice([{ text: '电子发票(普通发票)', box: { x: 300, y: 40, w: 300, h: 30 } }, ...table(INVOICE, joined)], 'p1');
    expect(inv).toMatchObject({
      sellerName: '宁波无印良品授权经销商贸易有限公司',
      sellerTaxId: '913356684C6RTNLYJX',
      sellerTaxIdValid: true,
      invoiceNo: '67517052426522824913',
      date: '2026-10-21',
      totalFen: 218300,
      item: 'MUJI 香薰机',
      photoId: 'p1',
    });
  });

  it('repairs the seller code toward a known seller, and leaves it invalid otherwise', () => {
    const rows = INVOICE.map(([l, v]): [string, string] => (l.startsWith('统一') ? [l, '9133566B4C6RTNLYJX'] : [l, v]));
    expect(extractInvoice(table(rows), 'p', ['913356684C6RTNLYJX'])).toMatchObject({ sellerTaxId: '913356684C6RTNLYJX', sellerTaxIdValid: true, sellerTaxIdRead: '9133566B4C6RTNLYJX' });
    expect(extractInvoice(table(rows), 'p')).toMatchObject({ sellerTaxIdValid: false });
  });

  it('does not take the buyer for the seller', () => {
    const rows: [string, string][] = [['购买方名称', '42号仓 跨境集运中心'], ['纳税人识别号', '91110000600037341L'], ['销售方名称', '温州鞋业直销'], ['纳税人识别号', '91331749BD02PBDEX5']];
    const inv = extractInvoice([{ text: '发票', box: { x: 0, y: 0, w: 10, h: 10 } }, ...table(rows)], 'p');
    expect(inv?.sellerName).toBe('温州鞋业直销');
    expect(inv?.sellerTaxId).toBe('91331749BD02PBDEX5');
  });

  it('reads the seller from a newer e-invoice where buyer and seller stand side by side', () => {
    const L = (text: string, x: number, y: number, w = 300): TextLine => ({ text, box: { x, y, w, h: 24 } });
    const lines = [
      L('电子发票(普通发票)', 400, 20),
      L('购买方信息', 40, 100, 120),
      L('销售方信息', 640, 100, 120),
      L('名称: 42号仓跨境集运中心', 180, 100),
      L('名称: 宁波无印良品授权经销商贸易有限公司', 780, 100, 400),
      L('统一社会信用代码/纳税人识别号: 91110000600037341L', 180, 140, 420),
      L('统一社会信用代码/纳税人识别号: 913356684C6RTNLYJX', 780, 140, 420),
    ];
    const inv = extractInvoice(lines, 'p');
    expect(inv?.sellerName).toBe('宁波无印良品授权经销商贸易有限公司');
    expect(inv?.sellerTaxId).toBe('913356684C6RTNLYJX');
  });

  it('is no invoice when nothing says so', () => {
    expect(extractInvoice([{ text: 'BURBERRY', box: { x: 0, y: 0, w: 10, h: 10 } }], 'p')).toBeNull();
  });
});

describe('invoice seller block and numbers', () => {
  const L = (text: string, x: number, y: number, w = 300): TextLine => ({ text, box: { x, y, w, h: 24 } });
  const BUYER_CODE = '91110000600037341L';
  const SELLER_CODE = '913356684C6RTNLYJX';

  /** The older VAT invoice: buyer block on top, goods table, seller block at the bottom, narrow vertical headings. */
  function olderLayout(withHeadings: boolean, space = '\u3000'): TextLine[] {
    return [
      L('浙江增值税电子普通发票', 400, 20, 400),
      ...(withHeadings ? [L('购', 40, 100, 20), L('买', 40, 130, 20), L('方', 40, 160, 20)] : []),
      L(`名${space}称: 42号仓跨境集运中心`, 80, 100, 500),
      L(`纳税人识别号: ${BUYER_CODE}`, 80, 140, 500),
      L('货物或应税劳务、服务名称 香薰机 1 1932.74', 80, 260, 900),
      L('价税合计(大写) 贰仟壹佰捌拾叁圆整 (小写)¥2183.00', 80, 320, 900),
      ...(withHeadings ? [L('销', 40, 400, 20), L('售', 40, 430, 20), L('方', 40, 460, 20)] : []),
      L(`名${space}称: 宁波无印良品授权经销商贸易有限公司`, 80, 400, 500),
      L(`纳税人识别号: ${SELLER_CODE}`, 80, 440, 500),
    ];
  }

  it.each([
    ['with its vertical headings, labels spaced with an ideographic space', true, '\u3000'],
    ['with its headings not read, labels spaced with a plain space', false, ' '],
    ['with no spacing in the labels', true, ''],
  ])('reads the seller of an older fapiao (buyer above, seller below) %s', (_n, headings, space) => {
    const inv = extractInvoice(olderLayout(headings, space), 'p');
    expect(inv).toMatchObject({ sellerName: '宁波无印良品授权经销商贸易有限公司', sellerTaxId: SELLER_CODE, sellerTaxIdValid: true, totalFen: 218300 });
  });

  it('reads the seller of an older 增值税电子普通发票 like the corpus one: vertical headings, 密码区, 销售方(章) at the foot', () => {
    const lines = [
      L('某地增值税电子普通发票', 440, 50, 460),
      L('发票代码: 00100210001', 950, 50),
      L('发票号码: 07099363', 950, 85),
      L('开票日期: 2023年03月17日', 950, 120),
      L('校 验 码: 10014 32002 33198 00000', 950, 155, 340),
      L('机器编号: 499090000000', 36, 160),
      L('购', 45, 210, 20),
      L('名 称: 厦门起飞科技有限公司', 88, 210, 360),
      L('密', 770, 210, 20),
      L('0000-6/335*//3-<7+*10/9-85067', 808, 210, 500),
      L('买', 45, 255, 20),
      L('纳税人识别号: 91011111AA2AAAAA00', 88, 242, 380),
      L('方', 45, 295, 20),
      L('货物或应税劳务、服务名称 规格型号 单位 数 量 单 价 金 额 税率 税 额', 75, 340, 1200),
      L('价税合计(大写) ⊗捌佰玖拾捌圆整 (小写)¥898.00', 110, 640, 1020),
      L('销', 45, 690, 20),
      L('名 称: 广州珍酒生产有限公司', 88, 683, 370),
      L('纳税人识别号: 911100008000000000', 88, 708, 330),
      L('售', 45, 735, 20),
      L('地 址、电 话: 广州市黄埔区东园工业区五栋2楼', 88, 737, 480),
      L('方', 45, 775, 20),
      L('收 款 人: 铁头 复 核: 典韦 开 票 人: 宋江', 45, 812, 800),
      L('销 售 方: (章)', 980, 803, 160),
    ];
    const inv = extractInvoice(lines, 'p');
    expect(inv).toMatchObject({ sellerName: '广州珍酒生产有限公司', sellerTaxIdRead: '911100008000000000', invoiceNo: '07099363', invoiceCode: '00100210001', date: '2023-03-17', totalFen: 89800 });
  });

  it('reads the seller of that invoice as OCR gave it: no vertical heading read, the 密码区 run on into the buyer row', () => {
    const lines = [
      L('某地增值税电子普通发票', 440, 50, 460),
      L('发票号码: 07099363', 950, 85),
      L('名 ”称: 厦门起飞科技有限公司 密|0000-6/335*//3-<7+*101/9-85067', 88, 210, 1200),
      L('纳税人识别号: 91011111AA2AAAAAQ0', 88, 242, 380),
      L('价税合计(大写) ⊗捌佰玖拾捌圆整 (小写)¥898.00', 110, 640, 1020),
      L('名 称: 广州珍酒生产有限公司备', 88, 683, 700),
      L('纳税人识别号: 911100008000000000', 88, 708, 330),
      L('收 款 人: 铁头 复 核: 典韦 开 票 人: 宋江', 45, 812, 800),
      L('销 售 方: (章)', 980, 803, 160),
    ];
    expect(extractInvoice(lines, 'p')).toMatchObject({ sellerName: '广州珍酒生产有限公司', sellerTaxIdRead: '911100008000000000' });
    // And the buyer's name, were it the only one, comes without the 密码区 after it.
    const buyerOnly = extractInvoice([lines[0], lines[2]], 'p');
    expect(buyerOnly?.sellerName).toBe('厦门起飞科技有限公司');
  });

  it('reads the seller of a side-by-side e-invoice with spaced labels and no block headings read', () => {
    const lines = [
      L('电子发票(普通发票)', 400, 20),
      L('名 称: 42号仓跨境集运中心', 80, 100, 420),
      L('名 称: 宁波无印良品授权经销商贸易有限公司', 680, 100, 420),
      L(`统一社会信用代码/纳税人识别号: ${BUYER_CODE}`, 80, 140, 420),
      L(`统一社会信用代码/纳税人识别号: ${SELLER_CODE}`, 680, 140, 420),
    ];
    expect(extractInvoice(lines, 'p')).toMatchObject({ sellerName: '宁波无印良品授权经销商贸易有限公司', sellerTaxId: SELLER_CODE });
  });

  it('reads the seller where the side-by-side headings are spaced (销 售 方 信 息)', () => {
    const lines = [
      L('电子发票(普通发票)', 400, 20),
      L('购 买 方 信 息', 40, 100, 30),
      L('销 售 方 信 息', 640, 100, 30),
      L('名　称: 42号仓跨境集运中心', 80, 100, 420),
      L('名　称: 宁波无印良品授权经销商贸易有限公司', 680, 100, 420),
      L(`统一社会信用代码/纳税人识别号: ${BUYER_CODE}`, 80, 140, 420),
      L(`统一社会信用代码/纳税人识别号: ${SELLER_CODE}`, 680, 140, 420),
    ];
    expect(extractInvoice(lines, 'p')).toMatchObject({ sellerName: '宁波无印良品授权经销商贸易有限公司', sellerTaxId: SELLER_CODE });
  });

  it.each([
    ['on one line', [L('发票代码: 044031900111 发票号码: 12345678', 600, 40, 500)]],
    ['number first on one line', [L('发票号码: 12345678 发票代码: 044031900111', 600, 40, 500)]],
    ['on lines of their own', [L('发票代码: 044031900111', 600, 40), L('发 票 号 码: 12345678', 600, 70)]],
    ['in cells', [L('发票代码', 600, 40, 100), L('044031900111', 720, 40, 200), L('发票号码', 600, 70, 100), L('12345678', 720, 70, 200)]],
  ])('tells 发票号码 from 发票代码 %s', (_n, head) => {
    const inv = extractInvoice([L('增值税电子普通发票', 300, 0), ...head], 'p');
    expect(inv).toMatchObject({ invoiceNo: '12345678', invoiceCode: '044031900111' });
  });

  it('has no invoice code on a 数电票 and a 20-digit number', () => {
    const inv = extractInvoice([L('电子发票(普通发票)', 300, 0), L('发票号码: 26427000000316294884', 600, 40, 500)], 'p');
    expect(inv).toMatchObject({ invoiceNo: '26427000000316294884', invoiceCode: null });
  });

  const qrCode = (text: string) => [{ format: 'QR_CODE' as const, text, box: { x: 10, y: 10, w: 80, h: 80 } }];

  it('takes number, date and total from the fapiao QR, and records where OCR read otherwise', () => {
    const lines = [
      L('电子发票(普通发票)', 300, 0),
      L('发票号码: 26427000000316294B84', 600, 40, 500),
      L('开票日期: 2026年10月27日', 600, 70, 500),
      L('价税合计(小写) ¥2183.00', 80, 320, 600),
    ];
    const inv = extractInvoice(lines, 'p', [], qrCode('01,32,,26427000000316294884,2183.00,20261021,,5F98'));
    expect(inv).toMatchObject({ invoiceNo: '26427000000316294884', date: '2026-10-21', totalFen: 218300, invoiceCode: null });
    expect(inv?.qr).toMatchObject({ grammar: 'digital', amountKind: 'total' });
    expect(inv?.sources).toEqual({ invoiceCode: 'qr', invoiceNo: 'qr', date: 'qr', totalFen: 'qr' });
    expect(inv?.disagreements).toEqual([
      { field: 'invoiceNo', qr: '26427000000316294884', ocr: '26427000000316294' },
      { field: 'date', qr: '2026-10-21', ocr: '2026-10-27' },
    ]);
  });

  it('keeps the printed total when an older QR carries the amount before tax', () => {
    const lines = [L('增值税电子普通发票', 300, 0), L('价税合计(小写) ¥2183.00', 80, 320, 600)];
    const inv = extractInvoice(lines, 'p', [], qrCode('01,10,044031900111,12345678,1932.74,20261021,12345678901234567890,A1B2'));
    expect(inv).toMatchObject({ invoiceCode: '044031900111', invoiceNo: '12345678', totalFen: 218300, sources: { totalFen: 'ocr', invoiceNo: 'qr' } });
    expect(inv?.qr?.amountFen).toBe(193274);
  });

  it('is an invoice when only its QR was read, and ignores a QR that is no fapiao', () => {
    expect(extractInvoice([], 'p', [], qrCode('01,32,,26427000000316294884,2183.00,20261021,,5F98'))?.invoiceNo).toBe('26427000000316294884');
    expect(extractInvoice([], 'p', [], qrCode('https://example.com/01,32'))).toBeNull();
  });
});

describe('waybill fields', () => {
  const lines: TextLine[] = [
    { text: '顺丰速运', box: { x: 40, y: 30, w: 200, h: 30 } },
    { text: '寄件人 义乌小商品优选店', box: { x: 40, y: 500, w: 400, h: 30 } },
  ];

  it('takes the tracking number from a courier barcode, not from a retail code', () => {
    const w = extractWaybill(lines, [
      { format: 'EAN_13', text: '6949899733771', box: { x: 0, y: 0, w: 1, h: 1 } },
      { format: 'CODE_128', text: 'SF529989826725', box: { x: 5, y: 6, w: 7, h: 8 } },
    ], 'p');
    expect(w).toMatchObject({ trackingNo: 'SF529989826725', trackingSource: 'barcode', senderName: '义乌小商品优选店', box: { x: 5, y: 6, w: 7, h: 8 } });
  });

  it('falls back to the printed number when the barcode cannot be read', () => {
    const w = extractWaybill([...lines, { text: 'SF 5299 8982 6725', box: { x: 100, y: 300, w: 400, h: 30 } }], [], 'p');
    expect(w).toMatchObject({ trackingNo: 'SF529989826725', trackingSource: 'text' });
  });

  it.each([['SF529989826725', true], ['1Z11100L0708091011', true], ['JD0123456789012', true], ['EA123456789CN', true], ['JT5012345678901', true], ['STYLE3953', false], ['6949899733771', true], ['ABC', false]])('%s looks like a tracking number: %s', (s, yes) => {
    expect(looksLikeTracking(s)).toBe(yes);
  });
});

describe('deskew', () => {
  /** A synthetic page: dark text-like dashes along lines tilted by `deg`. */
  function page(deg: number) {
    const img = makeGray(600, 400);
    img.data.fill(230);
    const t = (deg * Math.PI) / 180;
    for (let row = 0; row < 8; row++) {
      for (let x = 40; x < 560; x++) {
        if (x % 14 > 9) continue;
        for (let k = 0; k < 4; k++) {
          const y0 = 60 + row * 40 + k;
          const dx = x - 300;
          const dy = y0 - 200;
          const px = Math.round(300 + dx * Math.cos(t) - dy * Math.sin(t));
          const py = Math.round(200 + dx * Math.sin(t) + dy * Math.cos(t));
          if (px >= 0 && py >= 0 && px < 600 && py < 400) img.data[py * 600 + px] = 20;
        }
      }
    }
    return img;
  }
  it.each([0, 3, -4, 7.5])('finds a tilt of %s degrees', (deg) => {
    expect(estimateSkew(page(deg))).toBeCloseTo(deg, 0);
  });
  it('says 0 for a blank page', () => {
    const img = makeGray(300, 200);
    img.data.fill(200);
    expect(estimateSkew(img)).toBe(0);
  });
});
