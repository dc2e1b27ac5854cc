/** Opportunities (商机): who sees which, the DTO, list / detail, create, edit, delete, restore, transfer. */
import { and, eq, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { MoneyInputError, PricingError, formatMoney, parseMoney } from '@loopline/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit, type AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { one, rows } from '../../platform/db/query.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { escapeLike } from '../../platform/filters/index.ts';
import { AppError, conflict, fieldError, forbidden, notFound } from '../../platform/http/errors.ts';
import { can } from '../../platform/permissions/effective.ts';
import { assertWritableFields, projectRecord, visibleRecords, writableRecords } from '../../platform/permissions/recordAccess.ts';
import type { RecordCatalog } from '../../platform/records/catalog.ts';
import { checkCustomInput, loadCatalog, loadCustomFieldDefs } from '../../platform/records/customFields.ts';
import { mergeCustom } from '../../platform/records/customValues.ts';
import { listQuery, type ListParams, type ListResult, type ListSource } from '../../platform/records/listQuery.ts';
import { andFilters, toListParams, type ListInput } from '../../platform/records/listParams.ts';
import { nextNumber } from '../../platform/records/numbering.ts';
import { loadViewForList } from '../../platform/records/views.ts';
import { assertNotLocked } from '../approvals/lock.ts';
import { assertActiveUser } from '../customers/persist.ts';
import { customers as c } from '../customers/schema.ts';
import { saveLineItems, loadLineItems, type LineItemDto } from '../products/lineItems.ts';
import { customerNameSql, opportunityType, pipelineNameSql, stageNameSql } from './fields.ts';
import type { CreateOpportunityInput, UpdateOpportunityInput } from './input.ts';
import { stagesOf, usablePipeline } from './pipelines.ts';
import { opportunities as o, opportunityContacts as oc, type OpportunityRow, type StageRow } from './schema.ts';
import { assertEntryRequirements, recordStageHistory } from './transitions.ts';

export const opportunitySelect = {
  id: o.id, number: o.number, name: o.name, customerId: o.customerId, customerName: customerNameSql.as('customer_name'),
  pipelineId: o.pipelineId, pipelineName: pipelineNameSql.as('pipeline_name'), stageId: o.stageId, stageName: stageNameSql.as('stage_name'),
  probability: o.probability, amount: o.amount, amountFromLines: o.amountFromLines, expectedCloseDate: o.expectedCloseDate, competitor: o.competitor,
  status: o.status, lossReason: o.lossReason, forecastCategory: o.forecastCategory, source: o.source, leadId: o.leadId,
  pendingStageId: o.pendingStageId, pendingStageName: sql<string | null>`(SELECT s.name FROM pipeline_stages s WHERE s.id = ${o.pendingStageId})`.as('pending_stage_name'),
  stageEnteredAt: o.stageEnteredAt, closedAt: o.closedAt, ownerId: o.ownerId,
  ownerName: sql<string | null>`(SELECT u.name FROM users u WHERE u.id = ${o.ownerId})`.as('owner_name'),
  tags: o.tags, lastFollowupAt: o.lastFollowupAt, nextFollowupAt: o.nextFollowupAt, remark: o.remark, custom: o.custom,
  createdAt: o.createdAt, updatedAt: o.updatedAt,
};
type Names = 'ownerName' | 'customerName' | 'stageName' | 'pipelineName' | 'pendingStageName';
export type OpportunitySelected = Pick<OpportunityRow, Exclude<keyof typeof opportunitySelect, Names>> & Record<Names, string | null>;
export type OpportunityDto = Record<string, unknown> & { id: string };

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
/** numeric(14,2) as the API's decimal string ("1234.50"), whatever form the driver returned */
export const money = (v: unknown): string => formatMoney(parseMoney(String(v ?? '0')));

export function toDto(r: OpportunitySelected): OpportunityDto {
  const { id, ...rest } = r;
  return {
    id, ...rest, amount: money(r.amount), tags: r.tags ?? [], custom: r.custom ?? {},
    stageEnteredAt: iso(r.stageEnteredAt), closedAt: iso(r.closedAt), lastFollowupAt: iso(r.lastFollowupAt), nextFollowupAt: iso(r.nextFollowupAt),
    createdAt: iso(r.createdAt)!, updatedAt: iso(r.updatedAt)!,
  };
}

export function present(actor: Actor, row: OpportunitySelected, context: 'list' | 'detail'): OpportunityDto {
  const out = projectRecord(actor, 'opportunity', toDto(row), context);
  if (!('ownerId' in out)) delete out.ownerName;
  if (!('customerId' in out)) delete out.customerName;
  if (!('stageId' in out)) delete out.stageName;
  return out;
}

export function visibleOpportunities(actor: Actor): SQL {
  return and(visibleRecords(actor, 'opportunity', o), isNull(o.deletedAt))!;
}

export function opportunitySearch(catalog: RecordCatalog, q: string): SQL {
  const parts: SQL[] = [];
  const shown = (key: string) => !catalog.hidden.has(key);
  if (shown('name')) parts.push(sql`${o.name} ILIKE ${`%${escapeLike(q)}%`}`);
  if (shown('number')) parts.push(sql`${o.number} = ${q}`);
  if (shown('customerId')) parts.push(sql`${o.customerId} IN (SELECT id FROM customers WHERE tenant_id = ${o.tenantId} AND name ILIKE ${`%${escapeLike(q)}%`} AND deleted_at IS NULL)`);
  return parts.length ? sql`(${sql.join(parts, sql` OR `)})` : sql`false`;
}

export function opportunitySource(actor: Actor, catalog: RecordCatalog, base: SQL = visibleOpportunities(actor)): ListSource {
  return { table: o, select: opportunitySelect, base, catalog, search: (q) => opportunitySearch(catalog, q), defaultSort: [{ field: 'createdAt', dir: 'desc' }], idColumn: o.id };
}

export async function resolveOpportunityListParams(db: Db, actor: Actor, input: ListInput): Promise<ListParams & { columns?: string[] }> {
  const params = toListParams(input);
  if (!input.viewId) return params;
  const view = await loadViewForList(db, actor, 'opportunity', input.viewId);
  return { ...params, filter: andFilters(view.filter, params.filter), sort: params.sort ?? (view.sort.length ? view.sort : undefined), columns: view.columns };
}

export async function listOpportunities(db: Db, actor: Actor, input: ListInput): Promise<ListResult<OpportunityDto>> {
  const catalog = await loadCatalog(db, actor, opportunityType);
  const params = await resolveOpportunityListParams(db, actor, input);
  const page = await listQuery<OpportunitySelected & Record<string, unknown>>(db, actor, opportunitySource(actor, catalog), params);
  return { ...page, items: page.items.map((r) => present(actor, r, 'list')) };
}

export async function findVisible(db: Db, actor: Actor, id: string): Promise<OpportunitySelected | undefined> {
  const [row] = await db.select(opportunitySelect).from(o).where(and(eq(o.id, id), visibleOpportunities(actor)));
  return row as OpportunitySelected | undefined;
}

export async function reload(tx: Db, id: string): Promise<OpportunitySelected> {
  const [row] = await tx.select(opportunitySelect).from(o).where(eq(o.id, id));
  return row as OpportunitySelected;
}

/** The live opportunity locked for change, or 403 (visible, not writable) / 404. */
export async function lockWritable(tx: Db, actor: Actor, id: string, action: 'edit' | 'delete' | 'transfer'): Promise<OpportunitySelected> {
  const [row] = await tx.select(opportunitySelect).from(o).where(and(eq(o.id, id), isNull(o.deletedAt), writableRecords(actor, 'opportunity', o, action))).for('update', { of: o });
  if (row) return row as OpportunitySelected;
  if (await findVisible(tx, actor, id)) throw forbidden(`no permission to ${action} this opportunity`);
  throw notFound('opportunity');
}

export interface ContactRef { id: string; name: string; title: string | null; mobile: string | null }

export async function opportunityContactsOf(db: Db, tenantId: string, id: string): Promise<ContactRef[]> {
  return rows<ContactRef>(db, sql`SELECT k.id::text AS id, k.name, k.title, k.mobile FROM opportunity_contacts oc JOIN contacts k ON k.id = oc.contact_id
    WHERE oc.tenant_id = ${tenantId} AND oc.opportunity_id = ${id} AND k.deleted_at IS NULL ORDER BY k.name`);
}

async function safeLines(db: Db, tenantId: string, id: string): Promise<LineItemDto[]> {
  try {
    return await loadLineItems(db, tenantId, 'opportunity', id);
  } catch (err) {
    if (err instanceof Error && err.message.startsWith('PLACEHOLDER')) return []; // products module not there yet
    throw err;
  }
}

export interface StageHistoryItem {
  id: string; fromStageId: string | null; fromStageName: string | null; toStageId: string | null; toStageName: string | null;
  fromStatus: string | null; toStatus: string; changedBy: string | null; changedByName: string | null; changedAt: string; secondsInStage: number | null;
}

export async function stageHistoryOf(db: Db, tenantId: string, id: string): Promise<StageHistoryItem[]> {
  const found = await rows<Record<string, unknown>>(db, sql`SELECT h.id::text AS id, h.from_stage_id::text AS from_stage_id, fs.name AS from_stage_name,
      h.to_stage_id::text AS to_stage_id, ts.name AS to_stage_name, h.from_status, h.to_status, h.changed_by::text AS changed_by,
      u.name AS changed_by_name, h.changed_at, h.seconds_in_stage
    FROM opportunity_stage_history h LEFT JOIN pipeline_stages fs ON fs.id = h.from_stage_id LEFT JOIN pipeline_stages ts ON ts.id = h.to_stage_id
    LEFT JOIN users u ON u.id = h.changed_by
    WHERE h.tenant_id = ${tenantId} AND h.opportunity_id = ${id} ORDER BY h.changed_at, h.id`);
  return found.map((r) => ({
    id: r.id as string, fromStageId: (r.from_stage_id as string) ?? null, fromStageName: (r.from_stage_name as string) ?? null,
    toStageId: (r.to_stage_id as string) ?? null, toStageName: (r.to_stage_name as string) ?? null, fromStatus: (r.from_status as string) ?? null,
    toStatus: r.to_status as string, changedBy: (r.changed_by as string) ?? null, changedByName: (r.changed_by_name as string) ?? null,
    changedAt: iso(r.changed_at as string)!, secondsInStage: r.seconds_in_stage === null || r.seconds_in_stage === undefined ? null : Number(r.seconds_in_stage),
  }));
}

/** GET /opportunities/:id: the record with its contacts, line items and stage history. */
export async function getOpportunity(db: Db, actor: Actor, id: string): Promise<OpportunityDto> {
  const row = await findVisible(db, actor, id);
  if (!row) throw notFound('opportunity');
  return detail(db, actor, row);
}

export async function detail(db: Db, actor: Actor, row: OpportunitySelected): Promise<OpportunityDto> {
  const out = present(actor, row, 'detail');
  out.contacts = await opportunityContactsOf(db, actor.tenantId, row.id);
  out.lines = await safeLines(db, actor.tenantId, row.id);
  out.stageHistory = await stageHistoryOf(db, actor.tenantId, row.id);
  return out;
}

/** Entered money: a decimal string ≥ 0, or a 400 naming `amount`. */
export function parseAmount(v: string | number, field = 'amount'): string {
  let fen: number;
  try {
    fen = parseMoney(v, field);
  } catch (err) {
    if (err instanceof MoneyInputError) throw fieldError(err.field, err.message);
    throw err;
  }
  if (fen < 0) throw fieldError(field, '金额不能为负数');
  return formatMoney(fen);
}

async function assertContacts(tx: Db, actor: Actor, customerId: string, ids: string[]): Promise<void> {
  if (!ids.length) return;
  const found = await rows<{ id: string }>(tx, sql`SELECT id::text AS id FROM contacts WHERE tenant_id = ${actor.tenantId} AND deleted_at IS NULL
    AND customer_id = ${customerId} AND id = ANY(${sql.param(ids)}::uuid[])`);
  if (found.length !== new Set(ids).size) throw fieldError('contactIds', '联系人必须属于该商机的客户');
}

async function setContacts(tx: Db, tenantId: string, id: string, ids: string[]): Promise<void> {
  await tx.delete(oc).where(eq(oc.opportunityId, id));
  const unique = [...new Set(ids)];
  if (unique.length) await tx.insert(oc).values(unique.map((contactId) => ({ tenantId, opportunityId: id, contactId })));
}

/** Line items through the products module; a pricing problem is a 400 naming the line's field. */
async function saveLines(tx: Db, tenantId: string, id: string, lines: NonNullable<CreateOpportunityInput['lines']>): Promise<string> {
  try {
    const saved = await saveLineItems(tx, tenantId, 'opportunity', id, lines);
    return formatMoney(saved.priced.totalAmount);
  } catch (err) {
    if (err instanceof PricingError) {
      const fields = err.problems.map((p) => ({ field: p.line === undefined ? p.field : `lines.${p.line}.${p.field}`, message: p.message }));
      throw new AppError(400, 'VALIDATION_FAILED', err.message, { fields, field: fields[0]?.field });
    }
    if (err instanceof MoneyInputError) throw fieldError(`lines.${err.field}`, err.message);
    throw err;
  }
}

const NOT_AUDITED = new Set(['id', 'ownerName', 'customerName', 'stageName', 'pipelineName', 'pendingStageName', 'createdAt', 'updatedAt', 'stageEnteredAt']);
const AUDITED = Object.keys(opportunitySelect).filter((k) => !NOT_AUDITED.has(k));
export function snapshot(r: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of AUDITED) {
    const v = r[key];
    out[key] = v instanceof Date ? v.toISOString() : (v ?? null);
  }
  out.amount = money(r.amount);
  out.tags = r.tags ?? [];
  out.custom = r.custom ?? {};
  return out;
}

/** A live customer the actor may see, or 400 naming customerId. */
async function usableCustomer(tx: Db, actor: Actor, customerId: string): Promise<{ id: string; ownerId: string | null; name: string }> {
  const [row] = await tx.select({ id: c.id, ownerId: c.ownerId, name: c.name }).from(c).where(and(eq(c.id, customerId), isNull(c.deletedAt), visibleRecords(actor, 'customer', c)));
  if (!row) throw fieldError('customerId', 'no such customer');
  return row;
}

/**
 * Creates one opportunity inside the caller's transaction (the API, lead conversion, demo):
 * pipeline offered to the actor (default: their default pipeline), stage of that pipeline (default:
 * the first), probability from the stage unless given, entry requirements of the stage, amount ≥ 0
 * or from the line items, number, first stage-history row, audit, customer's last_opportunity_at.
 */
export async function createOpportunityTx(tx: Db, actor: Actor, src: AuditSource, input: CreateOpportunityInput): Promise<string> {
  const customer = await usableCustomer(tx, actor, input.customerId);
  const pipeline = await usablePipeline(tx, actor, input.pipelineId);
  const stages = (await stagesOf(tx, pipeline.id)).filter((st) => !st.archived);
  const stage: StageRow | undefined = input.stageId ? stages.find((st) => st.id === input.stageId) : stages[0];
  if (!stage) throw fieldError('stageId', input.stageId ? '该阶段不属于所选销售流程' : 'the pipeline has no stages');
  if (stage.requiresApproval) throw conflict('STAGE_REQUIRES_APPROVAL', `进入阶段「${stage.name}」需要审批：请先在前面的阶段创建商机，再提交阶段变更`, { field: 'stageId' });
  const ownerId = input.ownerId ?? actor.userId;
  if (ownerId !== actor.userId) {
    if (!can(actor.perms, 'opportunity', 'transfer')) throw forbidden('no permission to create opportunities for someone else', { field: 'ownerId' });
    await assertActiveUser(tx, actor.tenantId, ownerId, 'ownerId');
  }
  const amount = input.amount !== undefined ? parseAmount(input.amount) : '0.00';
  const defs = await loadCustomFieldDefs(tx, actor.tenantId, 'opportunity');
  const custom = input.custom !== undefined ? await checkCustomInput(tx, actor.tenantId, opportunityType, defs, input.custom, 'create') : {};
  const now = new Date();
  const number = await nextNumber(tx, actor.tenantId, 'opportunity', now, actor.timeZone);
  const fromLines = input.amountFromLines ?? (input.lines !== undefined && input.amount === undefined);
  const [row] = await tx.insert(o).values({
    tenantId: actor.tenantId, number, name: input.name, customerId: customer.id, pipelineId: pipeline.id, stageId: stage.id,
    probability: input.probability ?? stage.probability, amount, amountFromLines: fromLines,
    expectedCloseDate: input.expectedCloseDate || null, competitor: input.competitor || null, forecastCategory: input.forecastCategory ?? 'pipeline',
    source: input.source || null, leadId: input.leadId ?? null, ownerId, tags: input.tags ?? [],
    nextFollowupAt: input.nextFollowupAt ? new Date(input.nextFollowupAt) : null, remark: input.remark || null, custom,
    createdBy: actor.userId, createdAt: now, updatedAt: now, stageEnteredAt: now,
  }).returning({ id: o.id });
  const id = row!.id;
  if (input.contactIds?.length) {
    await assertContacts(tx, actor, customer.id, input.contactIds);
    await setContacts(tx, actor.tenantId, id, input.contactIds);
  }
  if (input.lines !== undefined) {
    const total = await saveLines(tx, actor.tenantId, id, input.lines);
    if (fromLines) await tx.update(o).set({ amount: total }).where(eq(o.id, id));
  }
  const created = await reload(tx, id);
  await assertEntryRequirements(tx, actor.tenantId, created, stage);
  await recordStageHistory(tx, { tenantId: actor.tenantId, opportunityId: id, pipelineId: pipeline.id, fromStageId: null, toStageId: stage.id, fromStatus: null, toStatus: 'open', changedBy: actor.userId, at: now, secondsInStage: null });
  await tx.execute(sql`UPDATE customers SET last_opportunity_at = ${now.toISOString()}::timestamptz WHERE id = ${customer.id}`);
  await recordAudit(tx, src, { action: 'create', recordType: 'opportunity', recordId: id, before: null, after: snapshot(created) });
  return id;
}

export async function createOpportunity(db: Db, actor: Actor, src: AuditSource, input: CreateOpportunityInput): Promise<OpportunityDto> {
  if (!can(actor.perms, 'opportunity', 'create')) throw forbidden('no permission to create opportunity', { object: 'opportunity', action: 'create' });
  const { ownerId: _o, ...rest } = input;
  assertWritableFields(actor, 'opportunity', rest);
  const id = await inTransaction(db, (tx) => createOpportunityTx(tx, actor, src, input), actor.tenantId);
  return getOpportunity(db, actor, id);
}

export async function updateOpportunity(db: Db, actor: Actor, src: AuditSource, id: string, input: UpdateOpportunityInput): Promise<OpportunityDto> {
  const row = await inTransaction(db, async (tx) => {
    const before = await lockWritable(tx, actor, id, 'edit');
    const keys = Object.keys(input);
    await assertNotLocked(tx, actor, 'opportunity', id, keys);
    const { contactIds: _c, lines: _l, ...fieldsIn } = input;
    assertWritableFields(actor, 'opportunity', fieldsIn);
    if (before.status !== 'open' && keys.some((k) => k !== 'remark' && k !== 'tags' && k !== 'custom')) {
      throw conflict('OPPORTUNITY_CLOSED', '已关闭的商机只能修改备注和标签；请先重新打开', { field: keys[0] });
    }
    const set: Partial<typeof o.$inferInsert> = { updatedAt: new Date() };
    if (input.name !== undefined) set.name = input.name;
    if (input.customerId !== undefined && input.customerId !== before.customerId) set.customerId = (await usableCustomer(tx, actor, input.customerId)).id;
    if (input.amount !== undefined) set.amount = parseAmount(input.amount);
    if (input.amountFromLines !== undefined) set.amountFromLines = input.amountFromLines;
    if (input.probability !== undefined) set.probability = input.probability;
    if (input.expectedCloseDate !== undefined) set.expectedCloseDate = input.expectedCloseDate || null;
    if (input.competitor !== undefined) set.competitor = input.competitor || null;
    if (input.forecastCategory !== undefined) set.forecastCategory = input.forecastCategory;
    if (input.source !== undefined) set.source = input.source || null;
    if (input.tags !== undefined) set.tags = input.tags;
    if (input.nextFollowupAt !== undefined) set.nextFollowupAt = input.nextFollowupAt ? new Date(input.nextFollowupAt) : null;
    if (input.remark !== undefined) set.remark = input.remark || null;
    if (input.custom !== undefined) {
      const defs = await loadCustomFieldDefs(tx, actor.tenantId, 'opportunity');
      set.custom = mergeCustom(before.custom ?? {}, await checkCustomInput(tx, actor.tenantId, opportunityType, defs, input.custom, 'update', id));
    }
    const customerId = set.customerId ?? before.customerId;
    if (input.contactIds !== undefined) {
      await assertContacts(tx, actor, customerId, input.contactIds);
      await setContacts(tx, actor.tenantId, id, input.contactIds);
    } else if (set.customerId) {
      await tx.delete(oc).where(eq(oc.opportunityId, id)); // contacts belong to the old customer
    }
    if (input.lines !== undefined) {
      const total = await saveLines(tx, actor.tenantId, id, input.lines);
      if (set.amountFromLines ?? before.amountFromLines) set.amount = total;
    }
    await tx.update(o).set(set).where(eq(o.id, id));
    const after = await reload(tx, id);
    await recordAudit(tx, src, { action: 'update', recordType: 'opportunity', recordId: id, before: snapshot(before), after: snapshot(after) });
    return after;
  }, actor.tenantId);
  return detail(db, actor, row);
}

export async function deleteOpportunity(db: Db, actor: Actor, src: AuditSource, id: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const before = await lockWritable(tx, actor, id, 'delete');
    await assertNotLocked(tx, actor, 'opportunity', id, []);
    await tx.update(o).set({ deletedAt: new Date(), deletedBy: actor.userId, updatedAt: new Date() }).where(eq(o.id, id));
    await recordAudit(tx, src, { action: 'delete', recordType: 'opportunity', recordId: id, data: { name: before.name, number: before.number } });
  }, actor.tenantId);
}

export async function restoreOpportunity(db: Db, actor: Actor, src: AuditSource, id: string): Promise<OpportunityDto> {
  if (!can(actor.perms, 'opportunity', 'delete')) throw forbidden('no permission to restore opportunities');
  const row = await inTransaction(db, async (tx) => {
    const [found] = await tx.select(opportunitySelect).from(o).where(and(eq(o.id, id), isNotNull(o.deletedAt), writableRecords(actor, 'opportunity', o, 'delete'))).for('update', { of: o });
    if (!found) {
      const [seen] = await tx.select({ deletedAt: o.deletedAt }).from(o).where(and(eq(o.id, id), visibleRecords(actor, 'opportunity', o)));
      if (!seen) throw notFound('opportunity');
      if (!seen.deletedAt) throw conflict('NOT_DELETED', 'this opportunity is not in the recycle bin');
      throw forbidden('no permission to restore this opportunity');
    }
    const live = await one(tx, sql`SELECT 1 AS ok FROM customers WHERE id = ${found.customerId} AND deleted_at IS NULL`);
    if (!live) throw conflict('CUSTOMER_DELETED', 'its customer is in the recycle bin: restore the customer first', { field: 'customerId' });
    await tx.update(o).set({ deletedAt: null, deletedBy: null, updatedAt: new Date() }).where(eq(o.id, id));
    await recordAudit(tx, src, { action: 'restore', recordType: 'opportunity', recordId: id, data: { name: found.name, number: found.number } });
    return reload(tx, id);
  }, actor.tenantId);
  return detail(db, actor, row);
}

export async function transferOpportunity(db: Db, actor: Actor, src: AuditSource, id: string, ownerId: string, reason?: string): Promise<OpportunityDto> {
  const row = await inTransaction(db, async (tx) => {
    const before = await lockWritable(tx, actor, id, 'transfer');
    await assertNotLocked(tx, actor, 'opportunity', id, []);
    await assertActiveUser(tx, actor.tenantId, ownerId, 'ownerId');
    if (before.ownerId === ownerId) return before;
    await tx.update(o).set({ ownerId, updatedAt: new Date() }).where(eq(o.id, id));
    await recordAudit(tx, src, { action: 'ownerChange', recordType: 'opportunity', recordId: id, before: { ownerId: before.ownerId }, after: { ownerId }, ...(reason ? { data: { reason } } : {}) });
    return reload(tx, id);
  }, actor.tenantId);
  return detail(db, actor, row);
}

/** GET /customers/:id/opportunities: the customer's opportunities the actor may see, with open / won totals. */
export async function customerOpportunities(db: Db, actor: Actor, customerId: string) {
  const visible = visibleOpportunities(actor);
  const items = (await db.select(opportunitySelect).from(o).where(and(eq(o.customerId, customerId), visible)).orderBy(sql`${o.createdAt} DESC`).limit(200)) as OpportunitySelected[];
  const [totals] = await rows<{ open_count: number; open_amount: string; won_count: number; won_amount: string }>(db, sql`SELECT
      count(*) FILTER (WHERE status = 'open')::int AS open_count, coalesce(sum(amount) FILTER (WHERE status = 'open'), 0)::numeric(16,2)::text AS open_amount,
      count(*) FILTER (WHERE status = 'won')::int AS won_count, coalesce(sum(amount) FILTER (WHERE status = 'won'), 0)::numeric(16,2)::text AS won_amount
    FROM opportunities WHERE customer_id = ${customerId} AND ${visible}`);
  return {
    items: items.map((r) => present(actor, r, 'list')),
    totals: { openCount: totals!.open_count, openAmount: totals!.open_amount, wonCount: totals!.won_count, wonAmount: totals!.won_amount },
  };
}

