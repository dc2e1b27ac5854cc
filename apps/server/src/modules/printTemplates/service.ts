/** Print templates (打印模板): per record type, one default; bodies checked before they are saved. */
import { and, asc, desc, eq, isNull, ne, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import {
  checkTemplate, DEFAULT_PRINT_TEMPLATES, defaultTemplateFields, PRINT_GLOBAL_FIELDS, PRINT_LINE_COLUMNS, PRINT_ORG_FIELDS,
  type PrintRecordType, type TemplateProblem,
} from '@loopline/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit, type AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { badRequest, conflict, notFound } from '../../platform/http/errors.ts';
import { loadCatalog } from '../../platform/records/customFields.ts';
import { findRecordType } from '../../platform/records/registry.ts';
import { findPrintLoader, printLoaderFields } from './print.ts';
import type { createTemplateInput, updateTemplateInput } from './input.ts';
import { printTemplates, type PrintTemplateRow } from './schema.ts';

export interface PrintTemplateView {
  id: string;
  recordType: PrintRecordType;
  name: string;
  body: string;
  pageSize: PrintTemplateRow['pageSize'];
  orientation: PrintTemplateRow['orientation'];
  isDefault: boolean;
  createdAt: string;
  updatedAt: string;
}

export const toView = (r: PrintTemplateRow): PrintTemplateView => ({
  id: r.id, recordType: r.recordType, name: r.name, body: r.body, pageSize: r.pageSize, orientation: r.orientation,
  isDefault: r.isDefault, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
});
const auditView = (r: PrintTemplateRow) => ({ recordType: r.recordType, name: r.name, body: r.body, pageSize: r.pageSize, orientation: r.orientation, isDefault: r.isDefault });

export interface PrintFields {
  recordType: PrintRecordType;
  fields: { key: string; label: string }[];
  lineColumns: { key: string; label: string }[];
  org: { key: string; label: string }[];
  globals: { key: string; label: string }[];
}

/**
 * The placeholders a record type's templates may use: its catalog fields as the actor sees them
 * (standard and custom), money fields' 大写 (key + "Upper"), what its print loader declares, and
 * whatever the built-in template uses.
 */
export async function printFields(db: Db, actor: Actor, recordType: PrintRecordType): Promise<PrintFields> {
  const catalog = new Map<string, { label: string; money: boolean }>();
  const def = findRecordType(recordType);
  if (def) {
    for (const f of (await loadCatalog(db, actor, def)).fields) {
      catalog.set(f.key, { label: f.label, money: f.kind === 'number' && /amount|price|outstanding/i.test(f.key) });
    }
  }
  const out = new Map<string, string>();
  const labelOf = (key: string) => catalog.get(key)?.label ?? FIELD_LABELS[key] ?? key;
  const addUpper = (key: string) => {
    if (!out.has(`${key}Upper`)) out.set(`${key}Upper`, FIELD_LABELS[`${key}Upper`] ?? `${labelOf(key)}（大写）`);
  };
  // What the loader really gives (display strings: customerName, ownerName … rather than the ids),
  // read off the newest record of the type the actor may see; without one, the catalog is the guess.
  const sample = def ? await probeLoader(db, actor, recordType, def) : null;
  if (sample) {
    for (const [key, value] of Object.entries(sample)) {
      out.set(key, labelOf(key));
      if (/^-?[¥￥]/.test(value) && !key.endsWith('Upper')) addUpper(key);
    }
  } else {
    for (const [key, f] of catalog) {
      out.set(key, f.label);
      if (f.money) addUpper(key);
    }
  }
  for (const f of printLoaderFields(recordType)) out.set(f.key, f.label);
  const isGlobal = (key: string) => PRINT_ORG_FIELDS.some((f) => f.key === key) || PRINT_GLOBAL_FIELDS.some((f) => f.key === key);
  for (const key of defaultTemplateFields(recordType)) {
    if (!out.has(key) && !isGlobal(key)) out.set(key, labelOf(key));
  }
  return {
    recordType,
    fields: [...out].filter(([key]) => !isGlobal(key)).map(([key, label]) => ({ key, label })),
    lineColumns: PRINT_LINE_COLUMNS,
    org: PRINT_ORG_FIELDS,
    globals: PRINT_GLOBAL_FIELDS,
  };
}

/** Labels of the display fields print loaders add beyond the record types' catalogs. */
const FIELD_LABELS: Record<string, string> = {
  customerName: '客户名称', customerAddress: '客户地址', contactName: '联系人', contactPhone: '联系人电话', contactEmail: '联系人邮箱',
  ownerName: '负责人', ownerEmail: '负责人邮箱', ownerMobile: '负责人手机', opportunityName: '商机', quoteNumber: '报价单号',
  contractNumber: '合同编号', contractName: '合同名称', companySignerName: '公司签约人', createdByName: '经办人', orgName: '公司名称',
  contractAmount: '合同金额', contractOutstanding: '合同未回款', planInstalment: '期数', totalAmountUpper: '总额（大写）', amountUpper: '金额（大写）',
  deliveryStatus: '发货状态', receiverName: '收货人', receiverPhone: '收货电话', shippingAddress: '收货地址',
};

async function probeLoader(db: Db, actor: Actor, recordType: PrintRecordType, def: NonNullable<ReturnType<typeof findRecordType>>): Promise<Record<string, string> | null> {
  const loader = findPrintLoader(recordType);
  if (!loader) return null;
  try {
    const t = def.table as unknown as { id: AnyPgColumn; tenantId: AnyPgColumn; createdAt?: AnyPgColumn; deletedAt: AnyPgColumn };
    const [row] = await db.select({ id: t.id }).from(def.table as never)
      .where(and(eq(t.tenantId, actor.tenantId), isNull(t.deletedAt)))
      .orderBy(desc(t.createdAt ?? t.id)).limit(1) as { id: string }[];
    if (!row) return null;
    const { fields } = await loader(db, actor, row.id);
    return Object.keys(fields).length ? fields : null;
  } catch {
    return null; // not visible to the actor, or the loader failed: the catalog still answers
  }
}

export async function templateProblems(db: Db, actor: Actor, recordType: PrintRecordType, body: string): Promise<TemplateProblem[]> {
  const known = await printFields(db, actor, recordType);
  return checkTemplate(body, { fields: known.fields.map((f) => f.key), lineColumns: known.lineColumns.map((c) => c.key) });
}

async function assertValid(db: Db, actor: Actor, recordType: PrintRecordType, body: string): Promise<void> {
  const problems = await templateProblems(db, actor, recordType, body);
  if (problems.length) {
    const first = problems[0]!;
    throw badRequest('TEMPLATE_INVALID', `模板有 ${problems.length} 处问题，第 ${first.line} 行：${first.message}`, { field: 'body', problems });
  }
}

export async function listTemplates(db: Db, tenantId: string, recordType?: PrintRecordType): Promise<PrintTemplateView[]> {
  const rows = await db.select().from(printTemplates)
    .where(recordType ? and(eq(printTemplates.tenantId, tenantId), eq(printTemplates.recordType, recordType)) : eq(printTemplates.tenantId, tenantId))
    .orderBy(asc(printTemplates.recordType), sql`${printTemplates.isDefault} DESC`, asc(printTemplates.name));
  return rows.map(toView);
}

export function builtInTemplates(recordType?: PrintRecordType) {
  return Object.entries(DEFAULT_PRINT_TEMPLATES)
    .filter(([type]) => !recordType || type === recordType)
    .map(([type, t]) => ({ recordType: type as PrintRecordType, name: t.name, body: t.body }));
}

async function load(db: Db, tenantId: string, id: string): Promise<PrintTemplateRow> {
  const [row] = await db.select().from(printTemplates).where(and(eq(printTemplates.tenantId, tenantId), eq(printTemplates.id, id)));
  if (!row) throw notFound('print template');
  return row;
}

export async function getTemplate(db: Db, tenantId: string, id: string): Promise<PrintTemplateView> {
  return toView(await load(db, tenantId, id));
}

async function assertNameFree(tx: Db, tenantId: string, recordType: PrintRecordType, name: string, exceptId?: string) {
  const [dup] = await tx.select({ id: printTemplates.id }).from(printTemplates).where(and(
    eq(printTemplates.tenantId, tenantId), eq(printTemplates.recordType, recordType), eq(printTemplates.name, name),
    ...(exceptId ? [ne(printTemplates.id, exceptId)] : []),
  ));
  if (dup) throw conflict('NAME_TAKEN', `a ${recordType} template named "${name}" exists already`, { field: 'name' });
}

/** Makes one template the default of its type: the previous default stops being one. */
async function clearDefault(tx: Db, tenantId: string, recordType: PrintRecordType, exceptId?: string) {
  await tx.update(printTemplates).set({ isDefault: false, updatedAt: new Date() }).where(and(
    eq(printTemplates.tenantId, tenantId), eq(printTemplates.recordType, recordType), eq(printTemplates.isDefault, true),
    ...(exceptId ? [ne(printTemplates.id, exceptId)] : []),
  ));
}

export async function createTemplate(db: Db, actor: Actor, src: AuditSource, input: z.infer<typeof createTemplateInput>): Promise<PrintTemplateView> {
  await assertValid(db, actor, input.recordType, input.body);
  return inTransaction(db, async (tx) => {
    await assertNameFree(tx, actor.tenantId, input.recordType, input.name);
    // the first template of a type becomes its default unless said otherwise
    const [existing] = await tx.select({ id: printTemplates.id }).from(printTemplates)
      .where(and(eq(printTemplates.tenantId, actor.tenantId), eq(printTemplates.recordType, input.recordType), eq(printTemplates.isDefault, true)));
    const isDefault = input.isDefault ?? !existing;
    if (isDefault) await clearDefault(tx, actor.tenantId, input.recordType);
    const [row] = await tx.insert(printTemplates).values({
      tenantId: actor.tenantId, recordType: input.recordType, name: input.name, body: input.body,
      pageSize: input.pageSize ?? 'A4', orientation: input.orientation ?? 'portrait', isDefault, createdBy: actor.userId,
    }).returning();
    await recordAudit(tx, src, { action: 'create', recordType: 'printTemplate', recordId: row!.id, after: auditView(row!) });
    return toView(row!);
  }, actor.tenantId);
}

export async function updateTemplate(db: Db, actor: Actor, src: AuditSource, id: string, input: z.infer<typeof updateTemplateInput>): Promise<PrintTemplateView> {
  const current = await load(db, actor.tenantId, id);
  if (input.body !== undefined) await assertValid(db, actor, current.recordType, input.body);
  return inTransaction(db, async (tx) => {
    const [before] = await tx.select().from(printTemplates).where(and(eq(printTemplates.tenantId, actor.tenantId), eq(printTemplates.id, id))).for('update');
    if (!before) throw notFound('print template');
    if (input.name !== undefined) await assertNameFree(tx, actor.tenantId, before.recordType, input.name, id);
    if (input.isDefault) await clearDefault(tx, actor.tenantId, before.recordType, id);
    const [after] = await tx.update(printTemplates).set({ ...input, updatedAt: new Date() })
      .where(and(eq(printTemplates.tenantId, actor.tenantId), eq(printTemplates.id, id))).returning();
    await recordAudit(tx, src, { action: 'update', recordType: 'printTemplate', recordId: id, before: auditView(before), after: auditView(after!) });
    return toView(after!);
  }, actor.tenantId);
}

export async function deleteTemplate(db: Db, actor: Actor, src: AuditSource, id: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const [row] = await tx.delete(printTemplates).where(and(eq(printTemplates.tenantId, actor.tenantId), eq(printTemplates.id, id))).returning();
    if (!row) throw notFound('print template');
    await recordAudit(tx, src, { action: 'delete', recordType: 'printTemplate', recordId: id, before: auditView(row) });
  }, actor.tenantId);
}
