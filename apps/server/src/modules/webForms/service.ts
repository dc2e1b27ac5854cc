/** Admin side of web forms: the field catalog, and create / read / update / delete with audit. */
import crypto from 'node:crypto';
import { and, desc, eq, ne, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit, type AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { conflict, fieldError, notFound } from '../../platform/http/errors.ts';
import { loadCustomFieldDefs, validationFailed } from '../../platform/records/customFields.ts';
import { LEAD_SOURCE_OPTIONS, leadType } from '../leads/fields.ts';
import { formFieldCatalog, type FormFieldDef } from './fields.ts';
import { checkFormFields, DEFAULT_FIELDS, normalizeFieldConfigs, type CreateFormInput, type UpdateFormInput } from './input.ts';
import { webForms, type WebFormRow } from './schema.ts';
import { newPublicKey, newSecret } from './token.ts';

/** Fields a form of this tenant can use: standard lead fields, then usable custom lead fields. */
export async function loadFormCatalog(db: Db, tenantId: string): Promise<FormFieldDef[]> {
  const defs = await loadCustomFieldDefs(db, tenantId, 'lead');
  return formFieldCatalog(leadType.standardFields, defs);
}

export async function listForms(db: Db, tenantId: string): Promise<WebFormRow[]> {
  return db.select().from(webForms).where(eq(webForms.tenantId, tenantId)).orderBy(desc(webForms.createdAt));
}

export async function getForm(db: Db, tenantId: string, id: string): Promise<WebFormRow> {
  const [row] = await db.select().from(webForms).where(and(eq(webForms.tenantId, tenantId), eq(webForms.id, id)));
  if (!row) throw notFound('web form');
  return row;
}

/** What the audit keeps: the settings, never the token secret or the counters. */
function snapshot(r: WebFormRow): Record<string, unknown> {
  const { tokenSecret: _s, submissionCount: _n, lastSubmissionAt: _l, createdAt: _c, updatedAt: _u, id: _i, tenantId: _t, createdBy: _b, ...rest } = r;
  return rest;
}

const slugTaken = () => conflict('DUPLICATE', 'another form already uses this slug', { fields: [{ field: 'slug', message: 'already used by another form' }] });

async function assertSlugFree(tx: Db, tenantId: string, slug: string, exceptId?: string): Promise<void> {
  const hit = await tx.select({ id: webForms.id }).from(webForms).where(and(eq(webForms.tenantId, tenantId), eq(webForms.slug, slug), exceptId ? ne(webForms.id, exceptId) : undefined)).limit(1);
  if (hit.length) throw slugTaken();
}

/** A readable default: the name's Latin letters and digits, or form-xxxx for a Chinese name. */
export function slugFromName(name: string): string {
  const s = name.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
  return s.length >= 2 ? s : `form-${crypto.randomBytes(3).toString('hex')}`;
}

type Settings = Omit<UpdateFormInput, 'fields'> & { fields?: WebFormRow['fields'] };

/** Rules that need more than one field or the database: fields, lead source, redirect address. */
async function checkSettings(tx: Db, tenantId: string, merged: Pick<WebFormRow, 'fields' | 'afterSubmit' | 'redirectUrl' | 'leadSource'>): Promise<void> {
  const issues = checkFormFields(merged.fields, await loadFormCatalog(tx, tenantId));
  if (issues.length) throw validationFailed(issues);
  if (merged.afterSubmit === 'redirect' && !merged.redirectUrl) throw fieldError('redirectUrl', 'a redirect needs an http:// or https:// address');
  if (!LEAD_SOURCE_OPTIONS.some((o) => o.value === merged.leadSource)) throw fieldError('leadSource', `"${merged.leadSource}" is not a lead source`);
}

function settingsFrom(input: CreateFormInput | UpdateFormInput): Settings {
  const { fields, ...rest } = input;
  return { ...rest, ...(fields ? { fields: normalizeFieldConfigs(fields) } : {}) };
}

export async function createForm(db: Db, actor: Actor, src: AuditSource, input: CreateFormInput): Promise<WebFormRow> {
  return inTransaction(db, async (tx) => {
    const s = settingsFrom(input);
    const slug = input.slug ?? slugFromName(input.name);
    const values = {
      ...s, name: input.name, slug, title: input.title ?? input.name, fields: s.fields ?? DEFAULT_FIELDS, language: input.language ?? (actor.locale === 'en' ? 'en' as const : 'zh-CN' as const),
      afterSubmit: input.afterSubmit ?? 'message', leadSource: input.leadSource ?? 'webForm',
    };
    await checkSettings(tx, actor.tenantId, { fields: values.fields, afterSubmit: values.afterSubmit, redirectUrl: values.redirectUrl ?? null, leadSource: values.leadSource });
    await assertSlugFree(tx, actor.tenantId, slug);
    const [row] = await tx.insert(webForms).values({ ...values, tenantId: actor.tenantId, publicKey: newPublicKey(), tokenSecret: newSecret(), createdBy: actor.userId }).returning();
    await recordAudit(tx, src, { action: 'create', recordType: 'webForm', recordId: row!.id, before: null, after: snapshot(row!) });
    return row!;
  });
}

export async function updateForm(db: Db, actor: Actor, src: AuditSource, id: string, input: UpdateFormInput): Promise<WebFormRow> {
  return inTransaction(db, async (tx) => {
    const [before] = await tx.select().from(webForms).where(and(eq(webForms.tenantId, actor.tenantId), eq(webForms.id, id))).for('update');
    if (!before) throw notFound('web form');
    const s = settingsFrom(input);
    const merged = { ...before, ...s };
    await checkSettings(tx, actor.tenantId, merged);
    if (s.slug && s.slug !== before.slug) await assertSlugFree(tx, actor.tenantId, s.slug, id);
    const [after] = await tx.update(webForms).set({ ...s, updatedAt: sql`now()` }).where(and(eq(webForms.tenantId, actor.tenantId), eq(webForms.id, id))).returning();
    await recordAudit(tx, src, { action: 'update', recordType: 'webForm', recordId: id, before: snapshot(before), after: snapshot(after!) });
    return after!;
  });
}

/** Leads it created stay (their source details keep the form's id and name); its submission log goes. */
export async function deleteForm(db: Db, actor: Actor, src: AuditSource, id: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const [before] = await tx.delete(webForms).where(and(eq(webForms.tenantId, actor.tenantId), eq(webForms.id, id))).returning();
    if (!before) throw notFound('web form');
    await recordAudit(tx, src, { action: 'delete', recordType: 'webForm', recordId: id, data: { name: before.name, submissionCount: before.submissionCount } });
  });
}
