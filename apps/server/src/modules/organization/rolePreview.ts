import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { RecordType } from '@loopline/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { roles } from '../../platform/db/schema.ts';
import { AppError, badRequest, notFound } from '../../platform/http/errors.ts';
import { requireAdmin, tenantDb } from '../../platform/http/request.ts';
import { fieldAccess, mergeRoles } from '../../platform/permissions/effective.ts';
import { loadCatalog } from '../../platform/records/customFields.ts';
import type { RecordTypeDef } from '../../platform/records/registry.ts';
import { customerType } from '../customers/fields.ts';
import { listCustomers } from '../customers/service.ts';

/**
 * Record types the preview can show: each brings the very list function its own list endpoint
 * uses, so the preview cannot drift from what a member really sees.
 */
const PREVIEWABLE: Partial<Record<RecordType, { def: RecordTypeDef; list: (db: Db, actor: Actor, input: { pageSize: number }) => Promise<{ items: Record<string, unknown>[]; total?: number }> }>> = {
  customer: { def: customerType, list: listCustomers },
};

const fieldOut = z.object({ key: z.string(), label: z.string(), labelEn: z.string(), access: z.enum(['hidden', 'readonly', 'editable']), mask: z.enum(['list', 'always']).nullable() });
const previewOut = z.object({
  roleId: z.string(), recordType: z.string(), canView: z.boolean(), dataScope: z.string(),
  fields: z.array(fieldOut), rows: z.array(z.record(z.string(), z.unknown())), total: z.number().nullable(),
});

/**
 * The actor a member holding only this role would be, placed where the admin is (same user id and
 * department), so the data scope is evaluated from the admin's own position in the organization.
 */
export function actorAsRole(admin: Actor, roleId: string, permissions: Parameters<typeof mergeRoles>[0][number]): Actor {
  return { ...admin, roleIds: [roleId], perms: mergeRoles([permissions]), sessionId: undefined, csrfToken: undefined, apiKeyId: undefined };
}

export async function rolePreviewRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get('/roles/:id/preview', {
    schema: {
      tags: ['organization'],
      summary: '"View as this role": a few list rows exactly as a member with only this role would see them',
      params: z.object({ id: z.string().uuid() }),
      querystring: z.object({ recordType: z.string().max(40).default('customer'), limit: z.coerce.number().int().min(1).max(20).default(5) }).strict(),
      response: { 200: previewOut },
    },
  }, async (req) => {
    const admin = requireAdmin(req);
    const target = PREVIEWABLE[req.query.recordType as RecordType];
    if (!target) throw badRequest('UNKNOWN_RECORD_TYPE', `no preview for record type "${req.query.recordType}"`, { fields: [{ field: 'recordType', message: 'not previewable' }] });
    return tenantDb(req, async (db) => {
      const [role] = await db.select().from(roles).where(and(eq(roles.id, req.params.id), eq(roles.tenantId, admin.tenantId)));
      if (!role) throw notFound('role');
      const as = actorAsRole(admin, role.id, role.permissions);
      const recordType = target.def.recordType;
      // Every field (the admin's catalog), each with what the role makes of it.
      const all = await loadCatalog(db, admin, target.def);
      const fields = all.fields.map((f) => ({
        key: f.key, label: f.label, labelEn: f.labelEn,
        access: fieldAccess(as.perms, recordType, f.key),
        mask: as.perms.admin ? null : (as.perms.masks.get(recordType)?.get(f.key) ?? null),
      }));
      let rows: Record<string, unknown>[] = [];
      let total: number | null = null;
      let canView = true;
      try {
        const page = await target.list(db, as, { pageSize: req.query.limit });
        rows = page.items;
        total = page.total ?? null;
      } catch (err) {
        // The role cannot open this list at all: that is the answer, not an error of the preview.
        if (!(err instanceof AppError && err.status === 403)) throw err;
        canView = false;
      }
      return { roleId: role.id, recordType, canView, dataScope: as.perms.admin ? 'all' : as.perms.dataScope, fields, rows, total };
    });
  });
}
