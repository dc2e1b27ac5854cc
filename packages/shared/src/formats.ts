import { kindOfPhoneKey, normalizePhoneNumber, type PhoneNumberKind } from './phone.ts';

/** Value formats that the server's validation and the web forms must judge identically. */
export const PHONE_PATTERN = /^\+?[0-9][0-9 -]{4,29}$/;

export function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * What kind of phone number a string is: a mainland mobile (1[3-9] + 9 digits, optionally +86),
 * a landline with its area code (0571-88886666, +86 10 1234 5678), a 400/800 service number, or
 * an international number (+44 20 7946 0958); null for anything else (no area code, extensions).
 * Read through the one normaliser (phone.ts), so what validates is exactly what 查重 can match.
 */
export function phoneKind(raw: string): PhoneNumberKind | null {
  const key = normalizePhoneNumber(raw);
  return key === null ? null : kindOfPhoneKey(key);
}

/** A number a mobile field accepts: mainland mobile or international. */
export function isMobileNumber(s: string): boolean {
  const kind = phoneKind(s);
  return kind === 'mobile' || kind === 'international';
}

/** A number a phone field accepts: any kind above. */
export function isPhoneNumber(s: string): boolean {
  return phoneKind(s) !== null;
}
