// The one phone-number normaliser: log-in by mobile, form validation (formats.ts phoneKind) and
// duplicate checking (server modules/dedupe) all read a number through it, so "the same number"
// means the same thing everywhere. Pure, no I/O.

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
export function normalizePhoneNumber(raw: unknown): string | null {
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

export type PhoneNumberKind = 'mobile' | 'landline' | 'service' | 'international';

/** The kind of a normalised key (output of normalizePhoneNumber). */
export function kindOfPhoneKey(key: string): PhoneNumberKind {
  if (key.startsWith('+')) return 'international';
  if (MOBILE_RE.test(key)) return 'mobile';
  return SERVICE_RE.test(key) ? 'service' : 'landline';
}

/** True when the input normalises to a mainland mobile number (1[3-9] + 9 digits). */
export function isMainlandMobile(raw: unknown): boolean {
  const n = normalizePhoneNumber(raw);
  return n !== null && MOBILE_RE.test(n);
}
