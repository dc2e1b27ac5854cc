import { and, eq, inArray } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit, type AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { customFields } from '../../platform/db/schema.ts';
import { validationFailed } from '../../platform/records/customFields.ts';
import { DEFAULT_MAPPING, mappingIssues, type ConversionMapping, type CustomKeys } from './mapping.ts';
import { leadConversionMappings as m } from './schema.ts';

/** The tenant's lead conversion mapping, or the default until an admin saves one. */
export async function loadMapping(db: Db, tenantId: string): Promise<ConversionMapping & { configured: boolean }> {
  const [row] = await db.select().from(m).where(eq(m.tenantId, tenantId));
  return row ? { customer: row.customer, contact: row.contact, configured: true } : { ...DEFAULT_MAPPING, configured: false };
}

async function customKeys(db: Db, tenantId: string): Promise<CustomKeys> {
  const found = await db.select({ recordType: customFields.recordType, key: customFields.key }).from(customFields)
    .where(and(eq(customFields.tenantId, tenantId), inArray(customFields.recordType, ['lead', 'customer', 'contact'])));
  const of = (t: string) => new Set(found.filter((f) => f.recordType === t).map((f) => f.key));
  return { lead: of('lead'), customer: of('customer'), contact: of('contact') };
}

/** PUT /leads/conversion-mapping (admin): checked field by field, audited. */
export async function saveMapping(tx: Db, actor: Actor, src: AuditSource, next: ConversionMapping): Promise<ConversionMapping & { configured: boolean }> {
  const issues = mappingIssues(next, await customKeys(tx, actor.tenantId));
  if (issues.length) throw validationFailed(issues);
  const before = await loadMapping(tx, actor.tenantId);
  const now = new Date();
  await tx.insert(m).values({ tenantId: actor.tenantId, customer: next.customer, contact: next.contact, updatedBy: actor.userId, updatedAt: now })
    .onConflictDoUpdate({ target: m.tenantId, set: { customer: next.customer, contact: next.contact, updatedBy: actor.userId, updatedAt: now } });
  await recordAudit(tx, src, { action: 'update', recordType: 'leadConversionMapping', before: { customer: before.customer, contact: before.contact }, after: { ...next } });
  return { ...next, configured: true };
}
