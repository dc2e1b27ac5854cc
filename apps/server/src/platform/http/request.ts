import type { FastifyRequest } from 'fastify';
import type { Action, RecordType } from '@loopline/shared';
import type { Actor } from '../auth/actor.ts';
import type { AuditSource } from '../audit/audit.ts';
import type { Db } from '../db/client.ts';
import { can } from '../permissions/effective.ts';
import { forbidden, unauthorized } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
  }
  interface FastifyContextConfig {
    /** routes open without a session (sign-up, log-in, health, …) */
    public?: boolean;
  }
}

export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw unauthorized();
  return req.actor;
}

/** The one permission check for object × action. */
export function requirePermission(req: FastifyRequest, object: RecordType, action: Action): Actor {
  const actor = requireActor(req);
  if (!can(actor.perms, object, action)) throw forbidden(`no permission to ${action} ${object}`, { object, action });
  return actor;
}

export function requireAdmin(req: FastifyRequest): Actor {
  const actor = requireActor(req);
  if (!actor.perms.admin) throw forbidden('administrator rights required');
  return actor;
}

export function auditSource(req: FastifyRequest, actor: Actor | undefined = req.actor): AuditSource {
  return {
    tenantId: actor?.tenantId ?? '',
    actorId: actor?.userId ?? null,
    actorType: actor?.kind ?? 'user',
    ip: req.ip,
    userAgent: req.headers['user-agent'] ?? null,
    requestId: req.id,
  };
}

/** Runs fn on a connection scoped to the actor's tenant (row-level security on PostgreSQL). */
export function tenantDb<T>(req: FastifyRequest, fn: (db: Db) => Promise<T>): Promise<T> {
  const actor = requireActor(req);
  return req.server.ctx.db.forTenant(actor.tenantId, fn);
}
