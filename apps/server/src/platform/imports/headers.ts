/**
 * Finding the header row in real spreadsheets, and suggesting which field each column maps to.
 */

const SCAN_ROWS = 10;

function filled(v: unknown): boolean {
  return v !== null && v !== undefined && !(typeof v === 'string' && v.trim() === '');
}

/** Header text as shown: line breaks from Alt+Enter and runs of spaces collapsed. */
export function headerText(v: unknown): string {
  if (!filled(v)) return '';
  return String(v instanceof Date ? v.toISOString().slice(0, 10) : v).replace(/\s+/g, ' ').trim();
}

function isShortLabel(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  const s = v.trim();
  // pure numbers/dates are data, not labels (everything in a CSV is a string)
  return s.length > 0 && s.length <= 50 && !/^[\d\s.,:/+\-%¥$]+$/.test(s);
}

export type HeaderScan = { found: true; index: number } | { found: false; reason: 'NO_HEADER' | 'NO_DATA' };

/**
 * Index (0-based into `rows`) of the header row. Title rows ("2026年客户名单" merged across the
 * columns, or a "制表人/日期" line) and blank rows above it are skipped: a header is the first of
 * the first 10 rows that (a) fills at least half as many cells as the widest of those rows, (b) has
 * ≥ 50 % of its non-empty cells distinct short labels, and (c) is followed by a row with data.
 * (a) is what keeps a one-cell title row from winning when the header comes right after it.
 */
export function detectHeaderRow(rows: unknown[][]): HeaderScan {
  const scan = rows.slice(0, SCAN_ROWS + 1);
  const counts = scan.map((r) => r.filter(filled).length);
  const widest = Math.max(0, ...counts);
  if (widest === 0) return { found: false, reason: 'NO_DATA' };
  const minFilled = widest === 1 ? 1 : Math.max(2, Math.ceil(widest / 2));
  let labelOnly = false;
  // First pass wants every cell a distinct label, which passes over a half-label line like
  // "制表：张三 | 2026-01-05"; the second pass is the plain ≥ 50 % rule (e.g. year columns "2025").
  for (const strict of [true, false]) {
    for (let i = 0; i < Math.min(SCAN_ROWS, rows.length); i++) {
      const cells = rows[i].filter(filled);
      if (cells.length < minFilled) continue;
      const labels = new Set(cells.filter(isShortLabel).map((c) => headerText(c)));
      if (labels.size * 2 < cells.length) continue;
      const below = counts[i + 1] ?? 0;
      if (below > 0 && (!strict || labels.size === cells.length)) return { found: true, index: i };
      if (below === 0) labelOnly = true;
    }
  }
  // a header-like row with nothing under it is a template without data, which deserves its own message
  return { found: false, reason: labelOnly ? 'NO_DATA' : 'NO_HEADER' };
}

/** '电话', '电话' → '电话', '电话 (2)' so each column can be mapped and reported unambiguously. */
export function uniqueHeaders(names: string[]): string[] {
  const seen = new Map<string, number>();
  const taken = new Set(names);
  return names.map((n) => {
    const k = (seen.get(n) ?? 0) + 1;
    seen.set(n, k);
    if (k === 1) return n;
    let candidate = `${n} (${k})`;
    for (let j = k; taken.has(candidate); j++) candidate = `${n} (${j + 1})`;
    taken.add(candidate);
    return candidate;
  });
}

/** Case, full/half width (NFKC), spaces, punctuation and "*required" marks do not matter. */
export function normaliseLabel(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');
}

/** Bracketed hints people add to headers: 手机号(必填), 金额（元）, Email [optional]. */
function withoutHints(s: string): string {
  return s.normalize('NFKC').replace(/[([{【].*?[)\]}】]/g, '');
}

// Words that mean the same field in Chinese and English spreadsheets. A field joins a group when any
// of its own labels (or its key) is in the group; the group's other words then match it too.
const SYNONYMS: string[][] = [
  ['手机', '手机号', '手机号码', '移动电话', '手机电话', 'mobile', 'mobile phone', 'mobile number', 'cell', 'cellphone', 'cell phone'],
  ['电话', '座机', '固定电话', '固话', '办公电话', 'tel', 'telephone', 'phone', 'landline'],
  ['公司', '公司名称', '单位', '单位名称', '企业', '企业名称', '客户名称', 'company', 'company name', 'organization', 'organisation', 'account'],
  ['邮箱', '电子邮件', '电子邮箱', '邮件', '邮箱地址', 'email', 'e-mail', 'mail', 'email address'],
  ['联系人', '姓名', '名字', '联系人姓名', '客户姓名', 'name', 'contact', 'contact name', 'full name'],
  ['地址', '详细地址', '联系地址', '通讯地址', '公司地址', 'address', 'street'],
  ['省份', '省', '所在省份', '省/直辖市', 'province', 'state'],
  ['城市', '市', '所在城市', 'city'],
  ['区县', '区', '县', '区/县', 'district', 'county'],
  ['来源', '线索来源', '客户来源', '渠道', '来源渠道', 'source', 'lead source', 'channel'],
  ['备注', '说明', '备注信息', '描述', 'remark', 'remarks', 'note', 'notes', 'comment', 'comments', 'description'],
  ['职位', '职务', '岗位', 'title', 'job title', 'position'],
  ['微信', '微信号', 'wechat', 'weixin'],
  ['网址', '网站', '官网', '公司网址', 'website', 'url', 'web'],
  ['行业', '所属行业', 'industry'],
  ['部门', 'department', 'dept'],
  ['负责人', '所属人', '跟进人', '销售', '归属人', 'owner', 'sales rep'],
  ['标签', 'tag', 'tags'],
  ['状态', 'status'],
  ['客户级别', '级别', '等级', '客户等级', 'grade', 'level', 'rating'],
];
const GROUP_OF = new Map<string, number>();
SYNONYMS.forEach((g, i) => g.forEach((w) => GROUP_OF.set(normaliseLabel(w), i)));

export interface MappableField { key: string; labels: string[] }

function score(header: string, field: MappableField): number {
  const h = normaliseLabel(header);
  if (!h) return 0;
  const own = [...field.labels, field.key].map(normaliseLabel).filter(Boolean);
  if (own.includes(h)) return 100;
  const groups = new Set(own.map((l) => GROUP_OF.get(l)).filter((g) => g !== undefined));
  if (groups.has(GROUP_OF.get(h)!)) return 90;
  const bare = normaliseLabel(withoutHints(header));
  if (bare && bare !== h) {
    if (own.includes(bare)) return 85;
    if (groups.has(GROUP_OF.get(bare)!)) return 80;
  }
  // containment ("客户手机号" ⊃ "手机号"): weaker, and only for labels long enough not to match by accident
  let best = 0;
  // a header that is itself a known word of one group (移动电话) must not drift into another by containment
  const headerGroup = GROUP_OF.get(h) ?? GROUP_OF.get(bare);
  if (headerGroup !== undefined && !groups.has(headerGroup)) return 0;
  const words = [...own, ...SYNONYMS.filter((_, i) => groups.has(i)).flat().map(normaliseLabel)];
  for (const w of words) {
    const long = /[^\x00-\x7f]/.test(w) ? w.length >= 2 : w.length >= 4;
    // Chinese puts the head noun last: 联系人手机 is a mobile, 公司地址 an address
    if (long && h.includes(w)) best = Math.max(best, 40 + Math.round((30 * w.length) / h.length) + (h.endsWith(w) ? 10 : 0));
    // a shortened label ("下次跟进" for 下次跟进时间): the header must carry most of it
    const shortOk = /[^\x00-\x7f]/.test(h) ? h.length >= 3 : h.length >= 5;
    if (shortOk && w.includes(h) && h.length / w.length >= 0.6) best = Math.max(best, 30 + Math.round((30 * h.length) / w.length));
  }
  return best;
}

/**
 * header → field key (or null). Best-scoring pairs are taken first and each field is used at most
 * once, so "手机" wins the mobile field over "备用手机号", which then stays unmapped for the user to decide.
 */
export function suggestMapping(headers: string[], fields: MappableField[]): Record<string, string | null> {
  const pairs: { h: number; f: number; s: number }[] = [];
  headers.forEach((header, h) => fields.forEach((field, f) => {
    const s = score(header, field);
    if (s > 0) pairs.push({ h, f, s });
  }));
  pairs.sort((a, b) => b.s - a.s || a.h - b.h || a.f - b.f);
  const out: Record<string, string | null> = Object.fromEntries(headers.map((h) => [h, null]));
  const usedH = new Set<number>();
  const usedF = new Set<number>();
  for (const p of pairs) {
    if (usedH.has(p.h) || usedF.has(p.f)) continue;
    usedH.add(p.h); usedF.add(p.f);
    out[headers[p.h]] = fields[p.f].key;
  }
  return out;
}
