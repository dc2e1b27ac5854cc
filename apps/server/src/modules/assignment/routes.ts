import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { FieldCatalog } from '@loopline/shared';
import { inTransaction } from '../../platform/db/transaction.ts';
import { auditSource, requireAdmin, tenantDb } from '../../platform/http/request.ts';
import {
  availabilityInput, availabilityOut, createRuleInput, idParams, orderInput, ruleOut, rulesOut, settingsInput, settingsOut, testInput, testOut, updateRuleInput,
} from './input.ts';
import { conditionProblem, leadFieldCatalog, loadPeople, loadRules, loadSettings, type StoredRule } from './rules.ts';
import { createRule, deleteRule, reorderRules, saveAvailability, saveSettings, updateRule } from './store.ts';
import { tryRules } from './tryout.ts';

const tags = ['assignment'];

function ruleView(r: StoredRule, catalog: FieldCatalog) {
  const target = r.target.kind === 'loadBalanced'
    ? { kind: r.target.kind, members: r.target.members.map(({ userId, weight, cap }) => ({ userId, weight, cap })) }
    : r.target;
  return {
    id: r.id, name: r.name, enabled: r.enabled, position: r.position, condition: r.condition, target,
    conditionError: conditionProblem(r.condition, catalog), createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
  };
}

/** Admin API of the lead assignment rules (分配规则). Lead creators use apply.ts. */
export async function assignmentRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/assignment-rules', { schema: { tags, response: { 200: rulesOut } } }, async (req) => {
    const actor = requireAdmin(req);
    return tenantDb(req, async (db) => {
      const catalog = await leadFieldCatalog(db, actor.tenantId);
      return { items: (await loadRules(db, actor.tenantId)).map((r) => ruleView(r, catalog)) };
    });
  });

  app.post('/assignment-rules', { schema: { tags, body: createRuleInput, response: { 201: ruleOut } } }, async (req, reply) => {
    const actor = requireAdmin(req);
    const view = await tenantDb(req, (db) => inTransaction(db, async (tx) => ruleView(await createRule(tx, actor, auditSource(req), req.body), await leadFieldCatalog(tx, actor.tenantId))));
    return reply.status(201).send(view);
  });

  // Registered before /:id so "order" is never read as an id.
  app.put('/assignment-rules/order', { schema: { tags, body: orderInput, response: { 200: rulesOut } } }, async (req) => {
    const actor = requireAdmin(req);
    return tenantDb(req, (db) => inTransaction(db, async (tx) => {
      const rules = await reorderRules(tx, actor, auditSource(req), req.body.ids);
      const catalog = await leadFieldCatalog(tx, actor.tenantId);
      return { items: rules.map((r) => ruleView(r, catalog)) };
    }));
  });

  app.post('/assignment-rules/test', { schema: { tags, body: testInput, response: { 200: testOut } } }, async (req) => {
    const actor = requireAdmin(req);
    return tenantDb(req, (db) => tryRules(db, actor.tenantId, req.body.lead));
  });

  app.patch('/assignment-rules/:id', { schema: { tags, params: idParams, body: updateRuleInput, response: { 200: ruleOut } } }, async (req) => {
    const actor = requireAdmin(req);
    return tenantDb(req, (db) => inTransaction(db, async (tx) => ruleView(await updateRule(tx, actor, auditSource(req), req.params.id, req.body), await leadFieldCatalog(tx, actor.tenantId))));
  });

  app.delete('/assignment-rules/:id', { schema: { tags, params: idParams } }, async (req, reply) => {
    const actor = requireAdmin(req);
    await tenantDb(req, (db) => inTransaction(db, (tx) => deleteRule(tx, actor, auditSource(req), req.params.id)));
    return reply.status(204).send();
  });

  app.get('/assignment-settings', { schema: { tags, response: { 200: settingsOut } } }, async (req) => {
    const actor = requireAdmin(req);
    const { fallback, defaultOwnerId, poolId } = await tenantDb(req, (db) => loadSettings(db, actor.tenantId));
    return { fallback, defaultOwnerId, poolId };
  });

  app.put('/assignment-settings', { schema: { tags, body: settingsInput, response: { 200: settingsOut } } }, async (req) => {
    const actor = requireAdmin(req);
    return tenantDb(req, (db) => inTransaction(db, (tx) => saveSettings(tx, actor, auditSource(req), req.body)));
  });

  /** Everyone who is not deactivated, with their leave; the rules page also picks people from it. */
  const availability = async (db: Parameters<typeof loadPeople>[0], tenantId: string) => {
    const { timeZone } = await loadSettings(db, tenantId);
    const people = await loadPeople(db, tenantId, timeZone);
    return {
      items: [...people.values()].map((p) => ({
        userId: p.id, name: p.name, email: p.email, status: p.status, departmentId: p.departmentId, onLeave: p.onLeave, until: p.until, availableNow: p.available,
      })),
    };
  };

  app.get('/assignment-availability', { schema: { tags, response: { 200: availabilityOut } } }, async (req) => {
    const actor = requireAdmin(req);
    return tenantDb(req, (db) => availability(db, actor.tenantId));
  });

  app.put('/assignment-availability', { schema: { tags, body: availabilityInput, response: { 200: availabilityOut } } }, async (req) => {
    const actor = requireAdmin(req);
    return tenantDb(req, (db) => inTransaction(db, async (tx) => {
      await saveAvailability(tx, actor, auditSource(req), req.body);
      return availability(tx, actor.tenantId);
    }));
  });
}
