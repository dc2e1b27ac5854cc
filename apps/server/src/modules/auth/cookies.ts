import type { FastifyReply } from 'fastify';
import { CSRF_COOKIE, SESSION_COOKIE } from '@loopline/shared';
import type { Config } from '../../platform/config.ts';

function secure(config: Config): boolean {
  if (config.COOKIE_SECURE === 'auto') return config.publicUrl.startsWith('https://');
  return config.COOKIE_SECURE === 'true';
}

/** Session cookie is httpOnly; the CSRF cookie is readable so the web app can echo it in a header. */
export function setSessionCookies(reply: FastifyReply, config: Config, token: string, csrf: string, expiresAt: Date) {
  const base = { path: '/', sameSite: 'lax' as const, secure: secure(config), expires: expiresAt };
  reply.setCookie(SESSION_COOKIE, token, { ...base, httpOnly: true });
  reply.setCookie(CSRF_COOKIE, csrf, { ...base, httpOnly: false });
}

export function clearSessionCookies(reply: FastifyReply, config: Config) {
  const base = { path: '/', sameSite: 'lax' as const, secure: secure(config) };
  reply.clearCookie(SESSION_COOKIE, { ...base, httpOnly: true });
  reply.clearCookie(CSRF_COOKIE, base);
}
