import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { customFields } from '../../platform/db/schema.ts';
import { conflict, notFound, unprocessable } from '../../platform/http/errors.ts';
import { auditSource, requireActor, requireAdmin, tenantDb } from '../../platform/http/request.ts';
import { fieldAccess } from '../../platform/permissions/effective.ts';
import { checkFieldSettings, createFieldInput, fieldOut, reorderInput, updateFieldInput } from '../../platform/records/customFieldDefs.ts';
import { customValueCounts, hasDuplicateValues, loadCustomFieldDefs, purgeCustomValues, validationFailed } from '../../platform/records/customFields.ts';
import { createCustomIndex, dropCustomIndex } from '../../platform/records/customIndexes.ts';
import { requireRecordType } from '../../platform/records/registry.ts';

const tags = ['custom fields'];
const idParams = z.object({ id: z.string().uuid() });
const MAX_FIELDS = 200;
type Row = typeof customFields.$inferSelect;

async function loadField(db: Db, tenantId: string, id: string): Promise<Row> {
  const [row] = await db.select().from(customFields).where(and(eq(customFields.tenantId, tenantId), eq(customFields.id, id)));
  if (!row) throw notFound('custom field');
  return row;
}

/**
 * Index DDL runs after the definition's transaction has committed, on the owner connection
 * (see customIndexes.ts); index_name records what exists so unmarking or deleting can drop it.
 */
async function syncIndex(req: FastifyRequest, row: Row): Promise<Row> {
  const { db } = req.server.ctx;
  const def = requireRecordType(row.recordType);
  let indexName: string | null = row.indexName;
  if (row.indexed && !indexName) {
    try {
      indexName = await createCustomIndex(db, def, row.tenantId, row.key, row.type);
    } catch (err) {
      // e.g. a stored value the index expression cannot read: keep the field, unmarked, and say so
      req.log.warn({ err, field: row.key }, 'custom-field index build failed');
      await tenantDb(req, (d) => d.update(customFields).set({ indexed: false }).where(eq(customFields.id, row.id)));
      throw unprocessable('INDEX_FAILED', `could not build the index for "${row.label}"; check its stored values`, { field: 'indexed' });
    }
  }
  if (!row.indexed && indexName) {
    await dropCustomIndex(db, indexName);
    indexName = null;
  }
  if (indexName === row.indexName) return row;
  const [updated] = await tenantDb(req, (d) => d.update(customFields).set({ indexName }).where(eq(customFields.id, row.id)).returning());
  return updated!;
}

export async function customFieldRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  // Anyone signed in may read definitions (forms and filters need them); fields hidden from the
  // reader's role are left out, and value counts are for admins only.
  app.get('/custom-fields', { schema: { tags, querystring: z.object({ recordType: z.string().min(1).max(40) }).strict() } }, async (req) => {
    const actor = requireActor(req);
    const def = requireRecordType(req.query.recordType);
    return tenantDb(req, async (db) => {
      const defs = await loadCustomFieldDefs(db, actor.tenantId, def.recordType);
      const counts = actor.perms.admin ? await customValueCounts(db, actor.tenantId, def) : null;
      const items = defs
        .filter((d) => fieldAccess(actor.perms, def.recordType, `custom.${d.key}`) !== 'hidden')
        .map((d) => ({ ...fieldOut(d, counts ? (counts.get(d.key) ?? 0) : null), access: fieldAccess(actor.perms, def.recordType, `custom.${d.key}`) }));
      return { items };
    });
  });

  app.post('/custom-fields', { schema: { tags, body: createFieldInput } }, async (req, reply) => {
    const actor = requireAdmin(req);
    const b = req.body;
    const def = requireRecordType(b.recordType);
    const values = {
      tenantId: actor.tenantId, recordType: def.recordType, key: b.key, label: b.label, labelEn: b.labelEn ?? null, type: b.type,
      options: b.options ?? [], required: b.required ?? false, isUnique: b.unique ?? false, minValue: b.min ?? null, maxValue: b.max ?? null,
      pattern: b.pattern || null, indexed: b.indexed ?? false,
    };
    const issues = checkFieldSettings(values);
    if (issues.length) throw validationFailed(issues);
    const row = await tenantDb(req, (db) =>
      db.transaction(async (tx) => {
        const t = tx as unknown as Db;
        const existing = await loadCustomFieldDefs(t, actor.tenantId, def.recordType);
        if (existing.some((d) => d.key === b.key)) throw conflict('DUPLICATE', `custom field "${b.key}" already exists`, { field: 'key' });
        if (existing.length >= MAX_FIELDS) throw validationFailed([{ field: 'recordType', message: `at most ${MAX_FIELDS} custom fields per record type` }]);
        const sort = existing.reduce((m, d) => Math.max(m, d.sort + 1), 0);
        const [created] = await t.insert(customFields).values({ ...values, sort }).returning();
        await recordAudit(t, auditSource(req), { action: 'create', recordType: 'customField', recordId: created!.id, after: { ...values, tenantId: undefined } });
        return created!;
      }),
    );
    return reply.status(201).send(fieldOut(await syncIndex(req, row), 0));
  });

  app.patch('/custom-fields/:id', { schema: { tags, params: idParams, body: updateFieldInput } }, async (req) => {
    const actor = requireAdmin(req);
    const b = req.body;
    const row = await tenantDb(req, (db) =>
      db.transaction(async (tx) => {
        const t = tx as unknown as Db;
        const before = await loadField(t, actor.tenantId, req.params.id);
        const def = requireRecordType(before.recordType);
        const next = {
          label: b.label ?? before.label, labelEn: b.labelEn !== undefined ? b.labelEn : before.labelEn, options: b.options ?? before.options,
          required: b.required ?? before.required, isUnique: b.unique ?? before.isUnique, minValue: b.min !== undefined ? b.min : before.minValue,
          maxValue: b.max !== undefined ? b.max : before.maxValue, pattern: b.pattern !== undefined ? b.pattern || null : before.pattern,
          indexed: b.indexed ?? before.indexed, sort: b.sort ?? before.sort,
        };
        const issues = checkFieldSettings({ ...next, type: before.type });
        if (issues.length) throw validationFailed(issues);
        if (next.isUnique && !before.isUnique && (await hasDuplicateValues(t, actor.tenantId, def, before.key))) {
          throw conflict('DUPLICATE', `records already share values of "${before.key}"; make them unique first`, { field: 'unique' });
        }
        const [updated] = await t.update(customFields).set({ ...next, updatedAt: new Date() }).where(eq(customFields.id, before.id)).returning();
        await recordAudit(t, auditSource(req), { action: 'update', recordType: 'customField', recordId: before.id, before: { ...before, indexName: undefined }, after: { ...updated!, indexName: undefined } });
        return updated!;
      }),
    );
    const synced = await syncIndex(req, row);
    const counts = await tenantDb(req, (db) => customValueCounts(db, actor.tenantId, requireRecordType(row.recordType)));
    return fieldOut(synced, counts.get(row.key) ?? 0);
  });

  app.delete('/custom-fields/:id', { schema: { tags, params: idParams, querystring: z.object({ force: z.enum(['0', '1', 'true', 'false']).optional() }).strict() } }, async (req, reply) => {
    const actor = requireAdmin(req);
    const force = req.query.force === '1' || req.query.force === 'true';
    const removed = await tenantDb(req, (db) =>
      db.transaction(async (tx) => {
        const t = tx as unknown as Db;
        const row = await loadField(t, actor.tenantId, req.params.id);
        const def = requireRecordType(row.recordType);
        const inUse = (await customValueCounts(t, actor.tenantId, def)).get(row.key) ?? 0;
        if (inUse > 0 && !force) throw conflict('FIELD_IN_USE', `${inUse} records have a value for "${row.label}"; delete with ?force=1 to remove the values too`, { inUse });
        if (inUse > 0) await purgeCustomValues(t, actor.tenantId, def, row.key);
        await t.delete(customFields).where(eq(customFields.id, row.id));
        await recordAudit(t, auditSource(req), { action: 'delete', recordType: 'customField', recordId: row.id, data: { key: row.key, label: row.label, type: row.type, valuesRemoved: inUse } });
        return row;
      }),
    );
    await dropCustomIndex(req.server.ctx.db, removed.indexName);
    return reply.status(204).send();
  });

  app.post('/custom-fields/reorder', { schema: { tags, body: reorderInput } }, async (req) => {
    const actor = requireAdmin(req);
    const def = requireRecordType(req.body.recordType);
    const ids = [...new Set(req.body.ids)];
    return tenantDb(req, (db) =>
      db.transaction(async (tx) => {
        const t = tx as unknown as Db;
        const found = await t.select({ id: customFields.id }).from(customFields)
          .where(and(eq(customFields.tenantId, actor.tenantId), eq(customFields.recordType, def.recordType), inArray(customFields.id, ids)));
        if (found.length !== ids.length) throw validationFailed([{ field: 'ids', message: 'contains ids that are not custom fields of this record type' }]);
        await t.update(customFields).set({ sort: sql`array_position(${sql.raw('ARRAY[')}${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)}${sql.raw(']')}, ${customFields.id}) - 1`, updatedAt: new Date() })
          .where(and(eq(customFields.tenantId, actor.tenantId), inArray(customFields.id, ids)));
        await recordAudit(t, auditSource(req), { action: 'reorder', recordType: 'customField', data: { recordType: def.recordType, ids } });
        const defs = await loadCustomFieldDefs(t, actor.tenantId, def.recordType);
        return { items: defs.map((d) => fieldOut(d, null)) };
      }),
    );
  });
}
