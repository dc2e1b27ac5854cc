/**
 * Demo: the approval templates (合同审批, 报价折扣审批, 回款确认, 发票审批) published and active, so
 * the contract / payment seeders that run after this one can submit records (submitForApproval).
 * A template whose record type is not registered (its module missing) stays a draft.
 */
import type { AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { DemoOrg } from '../demo/seed.ts';
import { createFlow, publishFlow } from '../flows/store.ts';
import { APPROVAL_FLOW_TEMPLATES } from '../flows/templates.ts';
import { rows } from '../../platform/db/query.ts';
import { sql } from 'drizzle-orm';
import { demoActor } from '../demo/actor.ts';
import { overLimitSql } from '../quotes/fields.ts';
import { quotes as q } from '../quotes/schema.ts';
import { submitForApproval } from './service.ts';

export async function seedDemoApprovalFlows(db: Db, org: DemoOrg): Promise<void> {
  const src: AuditSource = { tenantId: org.tenantId, actorId: org.usersByKey.admin ?? null, actorType: 'user' };
  for (const t of APPROVAL_FLOW_TEMPLATES) {
    const id = await createFlow(db, src, { name: t.name, templateKey: t.key });
    try {
      await publishFlow(db, src, id);
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'FLOW_INVALID')) throw err;
    }
  }
  // two draft quotes with a discount beyond their owner's limit wait for the discount approval
  const t = org.tenantId;
  const tz = (await rows<{ tz: string }>(db, sql`SELECT time_zone AS tz FROM tenants WHERE id = ${t}`))[0]?.tz ?? 'Asia/Shanghai';
  const overLimit = await rows<{ id: string; owner_id: string }>(db, sql`SELECT ${q.id}::text AS id, ${q.ownerId}::text AS owner_id FROM ${q}
    WHERE ${q.tenantId} = ${t} AND ${q.deletedAt} IS NULL AND ${q.status} = 'draft' AND ${q.approvalStatus} = 'none' AND ${q.ownerId} IS NOT NULL AND ${overLimitSql}
    AND EXISTS (SELECT 1 FROM line_items li WHERE li.parent_type = 'quote' AND li.parent_id = ${q.id}) ORDER BY ${q.createdAt} LIMIT 2`);
  for (const r of overLimit) {
    await submitForApproval(db, demoActor(t, r.owner_id, tz), { tenantId: t, actorId: r.owner_id }, { recordType: 'quote', recordId: r.id, comment: '客户要求额外折扣，请审批' });
  }
}
