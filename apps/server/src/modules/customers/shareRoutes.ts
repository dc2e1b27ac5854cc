import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { notFound } from '../../platform/http/errors.ts';
import { auditSource, requireActor, tenantDb } from '../../platform/http/request.ts';
import type { RecordTypeDef } from '../../platform/records/registry.ts';
import { assertCanShare, listShares, removeShare, shareInput, upsertShare } from '../../platform/records/shares.ts';
import { idParams, shareParams } from './input.ts';

/** Team members (GET/POST <path>/:id/shares, DELETE <path>/:id/shares/:userId) for a record type. */
export function registerShareRoutes(fastify: FastifyInstance, path: string, tag: string, def: RecordTypeDef, findVisible: (db: Db, actor: Actor, id: string) => Promise<unknown>) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = [tag];

  app.get(`${path}/:id/shares`, { schema: { tags, params: idParams } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, async (db) => {
      if (!(await findVisible(db, actor, req.params.id))) throw notFound(def.recordType);
      return { items: await listShares(db, actor, def, req.params.id) };
    });
  });

  app.post(`${path}/:id/shares`, { schema: { tags, params: idParams, body: shareInput } }, async (req, reply) => {
    const actor = requireActor(req);
    const items = await tenantDb(req, (db) =>
      inTransaction(db, async (tx) => {
        const { ownerId } = await assertCanShare(tx, actor, def, req.params.id);
        await upsertShare(tx, actor, auditSource(req), def, req.params.id, req.body, ownerId);
        return listShares(tx, actor, def, req.params.id);
      }, actor.tenantId), // a share changes what the sharee's lists count
    );
    return reply.status(201).send({ items });
  });

  app.delete(`${path}/:id/shares/:userId`, { schema: { tags, params: shareParams } }, async (req, reply) => {
    const actor = requireActor(req);
    await tenantDb(req, (db) =>
      inTransaction(db, async (tx) => {
        await assertCanShare(tx, actor, def, req.params.id);
        await removeShare(tx, actor, auditSource(req), def, req.params.id, req.params.userId);
      }, actor.tenantId),
    );
    return reply.status(204).send();
  });
}
