import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CSRF_HEADER, SESSION_COOKIE } from '@loopline/shared';
import { AppError, unauthorized } from '../http/errors.ts';
import { actorFromApiKey, actorFromSession } from './resolveActor.ts';
import { safeEqual } from './tokens.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** open to strangers and blind to credentials: no actor is resolved, so no CSRF check (public web-form posts) */
    anonymous?: boolean;
  }
}

function bearer(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m ? m[1]! : null;
}

/**
 * Resolves who is calling on every /api request: an API key (Authorization: Bearer) or the session
 * cookie. Cookie-authenticated writes must echo the session's CSRF token in a header, which a
 * cross-site form cannot do.
 */
export function registerAuthentication(app: FastifyInstance) {
  app.addHook('preHandler', async (req) => {
    // the API docs are public; everything else under /api needs a caller unless the route says otherwise
    if (!req.url.startsWith('/api/') || req.url.startsWith('/api/docs')) return;
    if (req.routeOptions.config?.anonymous) return;
    const key = bearer(req);
    if (key) {
      req.actor = (await actorFromApiKey(app.ctx.db, key)) ?? undefined;
      if (!req.actor) throw new AppError(401, 'INVALID_API_KEY', 'API key is invalid or revoked');
      return;
    }
    const token = req.cookies[SESSION_COOKIE];
    if (token) {
      req.actor = (await actorFromSession(app.ctx.db, token)) ?? undefined;
      if (req.actor && !SAFE_METHODS.has(req.method)) {
        const sent = req.headers[CSRF_HEADER];
        if (typeof sent !== 'string' || !req.actor.csrfToken || !safeEqual(sent, req.actor.csrfToken)) {
          throw new AppError(403, 'CSRF_FAILED', 'missing or wrong CSRF token');
        }
      }
    }
    if (!req.actor && !req.routeOptions.config?.public) throw unauthorized();
  });
}
