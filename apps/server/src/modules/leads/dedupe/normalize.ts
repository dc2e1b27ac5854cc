// Pure normalisers behind duplicate checking (查重). Every channel (form, API,
// import, manual edit) must produce the SAME key for the same phone, email or
// company, so these functions are the single definition of "the same".
// No I/O: the SQL side stores the outputs (e.g. a mobile_norm / name_norm
// column) and compares those, so memory and database agree by construction.

const MOBILE_RE = /^1[3-9]\d{9}$/;
// 0 + area code (10, 2x or 3 digits) + 7–8-digit number = 10–12 digits.
const LANDLINE_RE = /^0[1-9]\d{8,10}$/;
// 400/800 national service numbers, very common on Chinese business cards.
const SERVICE_RE = /^[48]00\d{7}$/;
// Separators people (and Excel/WPS) put in phone numbers; NFKC has already
// turned full-width forms into these ASCII ones.
const PHONE_SEPARATORS = /[\s\-‐‑‒–—―.()[\]/]/gu;

/**
 * Canonical phone key, or null when the input is not a usable phone number.
 * - mainland mobile → 11 digits ('+86 138-0013-8000' → '13800138000');
 * - landline → digits with the trunk 0 and area code ('010-12345678' → '01012345678',
 *   '+86 10 1234 5678' → '01012345678'); a number without area code is rejected
 *   because it cannot be told apart across cities;
 * - 400/800 service numbers → 10 digits;
 * - other countries → E.164 '+' + digits ('+44 20 7946 0958' → '+442079460958').
 * Extensions ('-8001', '转8001') are not supported and give null (documented
 * choice: dropping them would silently merge different people's lines).
 * Numbers are accepted because spreadsheets store phone columns as numbers.
 */
export function normalizeMobile(raw: unknown): string | null {
  let s: string;
  if (typeof raw === 'number') {
    if (!Number.isSafeInteger(raw) || raw <= 0) return null;
    s = String(raw);
  } else if (typeof raw === 'string') {
    s = raw.normalize('NFKC').replace(PHONE_SEPARATORS, '');
  } else return null;
  if (s.startsWith('00')) s = `+${s.slice(2)}`; // international call prefix
  const international = s.startsWith('+');
  if (international) s = s.slice(1);
  if (!/^\d+$/.test(s)) return null;
  if (international) {
    if (s.startsWith('86')) return afterCountryCode(s.slice(2));
    return s.length >= 7 && s.length <= 15 && s[0] !== '0' ? `+${s}` : null; // E.164: ≤ 15 digits
  }
  // '8613800138000': +86 typed without the plus (common in CRM exports).
  if (s.length === 13 && /^861[3-9]/.test(s)) return s.slice(2);
  return MOBILE_RE.test(s) || LANDLINE_RE.test(s) || SERVICE_RE.test(s) ? s : null;
}

function afterCountryCode(d: string): string | null {
  if (MOBILE_RE.test(d)) return d;
  if (LANDLINE_RE.test(d)) return d; // '+86 010 …': trunk 0 written anyway
  // International format drops the trunk 0: +86 10 (Beijing), +86 2x, +86 3–9xx.
  if (/^(?:10\d{8}|[2-9]\d{8,10})$/.test(d)) return `0${d}`;
  return null;
}

/** True when the input normalises to a mainland mobile number (1[3-9] + 9 digits). */
export function isValidMobile(raw: unknown): boolean {
  const n = normalizeMobile(raw);
  return n !== null && MOBILE_RE.test(n);
}

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
