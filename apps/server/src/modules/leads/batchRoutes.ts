import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../platform/auth/actor.ts';
import type { AuditSource } from '../../platform/audit/audit.ts';
import { conflict, forbidden } from '../../platform/http/errors.ts';
import { auditSource, requirePermission, tenantDb } from '../../platform/http/request.ts';
import { assertWritableFields } from '../../platform/permissions/recordAccess.ts';
import { can } from '../../platform/permissions/effective.ts';
import type { BatchContext, CaptureChannel, DuplicatePolicy, NewOwnership, RowOutcome } from '../../platform/records/batch.ts';
import { validationFailed } from '../../platform/records/customFields.ts';
import { announceOwnerships } from '../assignment/apply.ts';
import { presentDuplicates } from '../dedupe/service.ts';
import { createLeadBatch } from './create.ts';
import { idempotencyKey, withIdempotency } from './idempotency.ts';
import { batchBody, createLeadBody, leadOut } from './input.ts';
import { present, reloadLead } from './service.ts';

const tags = ['leads'];

const outcome = z.object({
  index: z.number(), status: z.enum(['created', 'updated', 'skipped', 'rejected']), id: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  duplicates: z.array(z.object({ recordType: z.string(), id: z.string(), matchedOn: z.array(z.string()) })).optional(),
});
const batchOut = z.object({ outcomes: z.array(outcome), created: z.number(), updated: z.number(), skipped: z.number(), rejected: z.number() });

export function summarize(outcomes: RowOutcome[]) {
  const count = (s: RowOutcome['status']) => outcomes.filter((o) => o.status === s).length;
  return { outcomes, created: count('created'), updated: count('updated'), skipped: count('skipped'), rejected: count('rejected') };
}

function batchContext(actor: Actor, src: AuditSource, channel: CaptureChannel, duplicatePolicy: DuplicatePolicy): BatchContext {
  return { tenantId: actor.tenantId, actor, src, channel, duplicatePolicy, timeZone: actor.timeZone, ...(actor.apiKeyId ? { sourceDetail: { apiKeyId: actor.apiKeyId } } : {}) };
}

/** Keys are per caller (API key or person): another caller's stored answer is never replayed. */
const keyScope = (route: string, actor: Actor) => `${route} ${actor.apiKeyId ? `key:${actor.apiKeyId}` : `user:${actor.userId}`}`;

/** API keys default to the assignment rules, people to themselves. */
const defaultAssign = (actor: Actor) => (actor.kind === 'apiKey' ? 'rules' : 'me');

/** POST /leads (one lead) and POST /leads/batch (up to 1,000): both honour an Idempotency-Key. */
export function registerLeadBatchRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post('/leads', { schema: { tags, body: createLeadBody, response: { 201: leadOut } } }, async (req, reply) => {
    const actor = requirePermission(req, 'lead', 'create');
    const { assign, duplicatePolicy, ...row } = req.body;
    // Permission refusals are 403 for one lead (a batch reports them per row).
    const { ownerId, ...fields } = row as Record<string, unknown>;
    assertWritableFields(actor, 'lead', Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== null)));
    if (typeof ownerId === 'string' && ownerId !== actor.userId && !can(actor.perms, 'lead', 'transfer')) {
      throw forbidden('no permission to create leads for someone else', { field: 'ownerId' });
    }
    const channel = actor.kind === 'apiKey' ? 'api' : 'manual';
    const answer = await tenantDb(req, (db) =>
      withIdempotency(db, actor.tenantId, keyScope('POST /leads', actor), idempotencyKey(req), req.body, async (tx) => {
        const result = await createLeadBatch(tx, batchContext(actor, auditSource(req), channel, duplicatePolicy ?? 'reject'), [row], { assign: assign ?? defaultAssign(actor), fuzzy: true });
        const o = result.outcomes[0]!;
        if (o.status === 'rejected' && o.duplicates?.length) {
          throw conflict('DUPLICATE', 'this lead matches existing records', { duplicates: presentDuplicates(actor, result.matches.get(0) ?? []), fields: o.errors });
        }
        if (o.status === 'rejected') throw validationFailed(o.errors ?? []);
        const created = present(actor, await reloadLead(tx, o.id!), 'detail');
        return { status: 201, body: created, after: result.assignments };
      }),
    );
    if (!answer.replayed) await announceOwnerships(app.ctx, actor.tenantId, answer.after ?? [], { actorId: actor.userId });
    return reply.status(answer.status as 201).send(answer.body as never);
  });

  app.post('/leads/batch', { schema: { tags, body: batchBody, response: { 200: batchOut } } }, async (req, reply) => {
    const actor = requirePermission(req, 'lead', 'create');
    const { items, duplicatePolicy, assign } = req.body;
    const answer = await tenantDb(req, (db) =>
      withIdempotency<NewOwnership[]>(db, actor.tenantId, keyScope('POST /leads/batch', actor), idempotencyKey(req), req.body, async (tx) => {
        const result = await createLeadBatch(tx, batchContext(actor, auditSource(req), 'api', duplicatePolicy ?? 'reject'), items, { assign: assign ?? defaultAssign(actor) });
        return { status: 200, body: summarize(result.outcomes), after: result.assignments };
      }),
    );
    if (!answer.replayed) await announceOwnerships(app.ctx, actor.tenantId, answer.after ?? [], { actorId: actor.userId });
    return reply.status(answer.status as 200).send(answer.body as never);
  });
}
