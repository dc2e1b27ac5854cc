// Pure normalisers behind duplicate checking (查重). Every channel (form, API,
// import, manual edit) must produce the SAME key for the same phone, email or
// company, so these functions are the single definition of "the same".
// No I/O: the SQL side stores the outputs (e.g. a mobile_norm / name_norm
// column) and compares those, so memory and database agree by construction.

// Phone numbers: the normaliser lives in @loopline/shared (phone.ts) because log-in and the web
// forms read numbers too; one implementation, re-exported under the names dedupe callers use.
export { normalizePhoneNumber as normalizeMobile, isMainlandMobile as isValidMobile } from '@loopline/shared';

/**
 * Email key: NFKC (full-width ＠ and letters → ASCII), '。' → '.' (a common IME
 * slip), trimmed and lower-cased. Dots and +tags are kept on purpose: Gmail
 * folding rules do not apply to QQ/163/corporate mailboxes. Null when it does
 * not even look like local@domain.tld.
 */
export function normalizeEmail(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const s = raw.normalize('NFKC').replace(/[。｡]/gu, '.').trim().toLowerCase();
  return /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/.test(s) ? s : null;
}

// Region markers that carry no identity: 杭州云栖(中国)有限公司 is 杭州云栖有限公司.
const REGION_IN_BRACKETS = /[(\[【〔〖]\s*(?:中国|中國|中国大陆|china|prc)\s*[)\]】〕〗]/gu;
const LEADING_REGION = /^(?:中国|中國)/u;
// A city or province written in brackets is the same company as with the place in front:
// 云帆科技（杭州）有限公司 is 杭州云帆科技有限公司; 杭州市云帆 is 杭州云帆.
const PLACE_IN_BRACKETS = /[(\[【〔〖]\s*(\p{Script=Han}{2,3}?)(?:省|市)?\s*[)\]】〕〗]/u;
const LEADING_PLACE_MARK = /^(\p{Script=Han}{2,3}?)(?:省|市)(?=\p{Script=Han}{2})/u;
// Longest first, so 股份有限公司 is not left as 股份 after stripping 有限公司.
const CN_SUFFIXES = [
  '集团股份有限公司', '股份有限公司', '有限责任公司', '有限責任公司', '集团有限公司',
  '有限公司', '股份公司', '有限合伙', '集团公司', '集團', '集团', '公司',
];
const LATIN_SUFFIXES = new Set([
  'co', 'company', 'ltd', 'limited', 'inc', 'incorporated', 'llc', 'corp', 'corporation',
  'plc', 'gmbh', 'ag', 'sa', 'pte', 'pty', 'bv', 'kk', 'group',
]);

/**
 * Company-name key for duplicate matching (not for display): NFKC (full-width →
 * half-width), lower-case, region markers and legal-form suffixes removed,
 * whitespace and punctuation (ASCII and Chinese, brackets included) removed.
 * A strip never empties the name: '有限公司' alone stays '有限公司'.
 * Latin suffixes are stripped as whole words BEFORE spaces go, so 'Disco Ltd'
 * becomes 'disco', not 'dis'.
 */
export function normalizeCompanyName(raw: unknown): string {
  if (typeof raw !== 'string') return '';
  let s = raw.normalize('NFKC').toLowerCase().replace(REGION_IN_BRACKETS, ' ').trim();
  const place = PLACE_IN_BRACKETS.exec(s);
  if (place && !/集团|集團|股份|控股|有限|合伙|总部|總部/u.test(place[1]!)) s = place[1] + s.replace(PLACE_IN_BRACKETS, ' ');
  s = s.replace(LEADING_PLACE_MARK, '$1');
  // Leading 中国 only when something substantial remains (中国银行 → 银行 is
  // still specific enough for equality; 中国 alone is kept).
  while (LEADING_REGION.test(s) && s.replace(LEADING_REGION, '').replace(/[^\p{L}\p{N}]/gu, '').length >= 2) {
    s = s.replace(LEADING_REGION, '');
  }
  const words = s.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  while (words.length > 1 && LATIN_SUFFIXES.has(words[words.length - 1])) words.pop();
  const joined = words.join('');
  s = joined;
  for (let changed = true; changed; ) {
    changed = false;
    for (const suffix of CN_SUFFIXES) {
      if (s.endsWith(suffix)) {
        s = s.slice(0, -suffix.length);
        changed = true;
        break;
      }
    }
  }
  if (s === '') return joined; // the name was nothing but legal forms: keep it whole
  return s;
}

/**
 * pg_trgm's trigram set: lower-case, split into words at every character that
 * is not a letter or digit, pad each word with two spaces before and one
 * after, take every 3-character window (by code point), deduplicate.
 *
 * Word characters: pg_trgm uses the database's ctype (iswalnum). We treat
 * Unicode letters and digits (\p{L}\p{N}) as word characters, which is what
 * PostgreSQL does under a UTF-8 ctype (C.UTF-8 — PGlite's default, checked —
 * zh_CN.UTF-8, en_US.UTF-8): Chinese characters form words and yield
 * trigrams. Under a plain "C" ctype PostgreSQL treats every non-ASCII
 * character as a separator, so Chinese names get NO trigrams and similarity()
 * is 0; such a database disagrees with this function on CJK (ASCII agrees
 * everywhere). Known small differences: PostgreSQL hashes multi-byte
 * trigrams to 3 bytes (collisions are possible but rare), computes in float4,
 * and case-folds non-ASCII by the locale.
 */
export function trigrams(s: string): Set<string> {
  const out = new Set<string>();
  for (const word of s.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (!word) continue;
    const cp = Array.from(`  ${word} `);
    for (let i = 0; i + 3 <= cp.length; i++) out.add(cp[i] + cp[i + 1] + cp[i + 2]);
  }
  return out;
}

/** pg_trgm similarity(a, b) = |A∩B| / |A∪B|; 0 when either side has no trigrams (as in PostgreSQL). */
export function trigramSimilarity(a: string, b: string): number {
  const ta = trigrams(a);
  const tb = trigrams(b);
  if (ta.size === 0 || tb.size === 0) return 0;
  let common = 0;
  for (const t of ta) if (tb.has(t)) common++;
  return common / (ta.size + tb.size - common);
}

/**
 * Similarity of two company names after normalizeCompanyName. Normalised names
 * have no separators, so each is one "word"; SQL must compare the stored
 * normalised column, `similarity(name_norm, $1)`, with $1 = normalizeCompanyName(input).
 */
export function nameSimilarity(a: unknown, b: unknown): number {
  return trigramSimilarity(normalizeCompanyName(a), normalizeCompanyName(b));
}
