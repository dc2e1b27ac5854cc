/**
 * The fill-time token: the page carries "<issued at>.<HMAC>" signed with the form's own secret, so
 * the server can tell how long ago the page was served without storing anything. A bot posting
 * straight away (or without loading the page) fails; a person takes longer than a few seconds.
 */
import crypto from 'node:crypto';

/** Faster than a person can read and fill even a two-field form. */
export const MIN_FILL_MS = 3_000;
/** A page left open longer must be reloaded (its token would let a replay outlive the day). */
export const TOKEN_MAX_AGE_MS = 24 * 60 * 60 * 1000;

const mac = (secret: string, message: string) => crypto.createHmac('sha256', secret).update(message).digest('base64url');

export function newSecret(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** Random, unguessable, URL-safe: the form's public address. */
export function newPublicKey(): string {
  return crypto.randomBytes(12).toString('base64url');
}

export function issueFillToken(secret: string, issuedAt: number = Date.now()): string {
  const t = String(Math.floor(issuedAt));
  return `${t}.${mac(secret, `fill.${t}`)}`;
}

export type TokenCheck = 'ok' | 'missing' | 'invalid' | 'tooFast' | 'expired';

export function checkFillToken(secret: string, token: string | null, now: number = Date.now()): TokenCheck {
  if (!token) return 'missing';
  const m = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return 'invalid';
  const expected = Buffer.from(mac(secret, `fill.${m[1]}`));
  const given = Buffer.from(m[2]!);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return 'invalid';
  const age = now - Number(m[1]);
  if (age < MIN_FILL_MS) return 'tooFast';
  return age > TOKEN_MAX_AGE_MS ? 'expired' : 'ok';
}

/** An admin's preview of an unpublished form: valid for an hour, for this form only. */
export function issuePreviewToken(secret: string, now: number = Date.now()): string {
  const exp = String(Math.floor(now / 1000) + 3600);
  return `${exp}.${mac(secret, `preview.${exp}`)}`;
}

export function checkPreviewToken(secret: string, token: string | undefined, now: number = Date.now()): boolean {
  const m = token ? /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token) : null;
  if (!m || Number(m[1]) * 1000 < now) return false;
  const expected = Buffer.from(mac(secret, `preview.${m[1]}`));
  const given = Buffer.from(m[2]!);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}
