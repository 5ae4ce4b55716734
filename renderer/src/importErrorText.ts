// An import's row errors in the user's language. The parsers (shared/imports) give each error as one
// English sentence with a fixed frame — file, line, column, what was found — so the Chinese UI
// rebuilds the sentence from that frame: where it is and what was found always come through, the
// reason in Chinese when it is one of the known ones, else a general Chinese reason. English never
// reaches the Chinese screen.

/** Chinese for the reasons the parsers give, by their English start. */
const REASONS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^not a date YYYY-MM-DD/, () => '不是 YYYY-MM-DD 格式的日期'],
  [/^must be a date YYYY-MM-DD/, () => '须为 YYYY-MM-DD 格式的日期'],
  [/^longer than (\d+) characters/, (m) => `超过 ${m[1]} 个字符`],
  [/^missing/, () => '缺少内容'],
  [/^required/, () => '必填'],
  [/^expected (\w+) or (\w+)/, (m) => `应为 ${m[1]} 或 ${m[2]}`],
  [/^must be one of ([\w, ]+)/, (m) => `须为以下之一：${m[1]}`],
  [/^must be (\w+) or (\w+)/, (m) => `须为 ${m[1]} 或 ${m[2]}`],
  [/^a shelf code is 1 to 40 letters, digits and dashes/, () => '货架编码须为 1 到 40 个字母、数字或短横线'],
  [/^(\S+) is already on line (\d+)/, (m) => `${m[1]} 已在第 ${m[2]} 行出现`],
  [/^(\S+) repeats line (\d+)/, (m) => `${m[1]} 与第 ${m[2]} 行重复`],
  [/^no brand "([^"]*)" in the registry/, (m) => `品牌库中没有品牌“${m[1]}”`],
  [/^a unified social credit code is 18 letters and digits/, () => '统一社会信用代码应为 18 位字母和数字'],
  [/^a store id or a credit code is required/, () => '须填写店铺编号或统一社会信用代码'],
  [/^say why/, () => '请用几个字说明原因'],
  [/^an? (allow|deny) entry names the (\w+)/, (m) => `${m[1] === 'allow' ? '允许' : '禁止'}名单条目须注明 ${m[2]}`],
  [/^invalid|^Invalid/, () => '值无效'],
];

function reasonZh(why: string): string {
  for (const [re, say] of REASONS) {
    const m = re.exec(why.trim());
    if (m) return say(m);
  }
  return '值不符合要求';
}

/** The value the parser quoted as found, if any. */
function found(text: string): string {
  const m = /\(found (.*)\)(?:, line \d+)?$/.exec(text);
  return m ? `（发现：${m[1].replace(/^missing$/, '空').replace(/ characters$/, ' 个字符')}）` : '';
}

/** One row error in Chinese: file, line and column kept, the reason in Chinese. */
export function importErrorZh(text: string): string {
  let m: RegExpExecArray | null;
  // The GBK refusal: the one every warehouse meets first (Excel saves CSV as GBK in China).
  if ((m = /^(.+?): not UTF-8 text \(byte (\d+) is not valid UTF-8/.exec(text))) {
    return `${m[1]}：不是 UTF-8 编码的文本（第 ${m[2]} 个字节无效）。GBK 编码的文件请先另存为 UTF-8 再导入（Excel：另存为“CSV UTF-8”）。`;
  }
  if ((m = /^(.+?) line (\d+), column "([^"]+)": (.*)$/.exec(text))) return `${m[1]} 第 ${m[2]} 行，“${m[3]}”列：${reasonZh(m[4])}${found(text)}`;
  if ((m = /^(.+?) line (\d+): (\d+) fields, the header has (\d+)/.exec(text))) return `${m[1]} 第 ${m[2]} 行：有 ${m[3]} 个字段，表头有 ${m[4]} 个`;
  if ((m = /^(.+?) line 1(?: \(header\))?: missing columns? (.+)$/.exec(text))) return `${m[1]} 第 1 行（表头）：缺少列 ${m[2]}`;
  if ((m = /^(.+?) line 1(?: \(header\))?: unknown columns? ([^;]+)/.exec(text))) return `${m[1]} 第 1 行（表头）：未知的列 ${m[2]}`;
  if ((m = /^(.+?) line 1(?: \(header\))?: columns? (.+?) appears? more than once/.exec(text))) return `${m[1]} 第 1 行（表头）：列 ${m[2]} 重复出现`;
  if ((m = /^(.+?): (?:malformed JSON at )?line (\d+), column (\d+): /.exec(text))) return `${m[1]}：JSON 格式错误，位于第 ${m[2]} 行第 ${m[3]} 列`;
  if ((m = /^(.+?): empty/.exec(text))) return `${m[1]}：文件为空，第一行应为列名`;
  if ((m = /^(.+?): not (?:readable as|valid) CSV/.exec(text))) return `${m[1]}：无法按 CSV 读取`;
  if ((m = /^(.+?): expected a JSON array/.exec(text))) return `${m[1]}：应为 JSON 数组`;
  if ((m = /^(.+?): no dates listed/.exec(text))) return `${m[1]}：表头下没有日期`;
  if ((m = /^(.+?) line (\d+): a row longer than/.exec(text))) return `${m[1]} 第 ${m[2]} 行：该行过长（某个字段太长）`;
  // JSON items: "<file> brand 3 (id x), field "name": …, line 12"
  if ((m = /^(.+?) (\w+) (\d+)(?: \(id "?([^")]*)"?\))?, field "([^"]+)": (.*?)(?: \(found .*\))?, line (\d+)$/.exec(text))) {
    return `${m[1]} 第 ${m[7]} 行（第 ${m[3]} 条${m[4] ? `，编号 ${m[4]}` : ''}），字段“${m[5]}”：${reasonZh(m[6])}${found(text.replace(/, line \d+$/, ''))}`;
  }
  if ((m = /^(.+?) (?!line\b)(\w+) (\d+)(?: \(id "?([^")]*)"?\))?[,:] (.*)$/.exec(text))) return `${m[1]} 第 ${m[3]} 条${m[4] ? `（编号 ${m[4]}）` : ''}：${reasonZh(m[5])}`;
  if ((m = /^(.+?) line (\d+)/.exec(text))) return `${m[1]} 第 ${m[2]} 行：内容不符合要求`;
  const file = /^(\S+?\.\w+)\b/.exec(text);
  return file ? `${file[1]}：内容不符合要求` : '文件内容不符合要求';
}

/** Row errors in the language of the screen. */
export function importErrorsIn(lang: string, details: readonly string[]): string[] {
  return lang === 'zh' ? details.map(importErrorZh) : [...details];
}
