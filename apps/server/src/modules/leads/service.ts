import { and, eq, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { escapeLike } from '../../platform/filters/index.ts';
import { notFound } from '../../platform/http/errors.ts';
import { projectRecord, visibleRecords } from '../../platform/permissions/recordAccess.ts';
import { buildCatalog, type RecordCatalog } from '../../platform/records/catalog.ts';
import { loadCatalog, loadCustomFieldDefs } from '../../platform/records/customFields.ts';
import { listQuery, type ListParams, type ListResult, type ListSource } from '../../platform/records/listQuery.ts';
import { andFilters, toListParams, type ListInput } from '../../platform/records/listParams.ts';
import { loadViewForList } from '../../platform/records/views.ts';
import { normalizeEmail, normalizeMobile } from '../dedupe/normalize.ts';
import { DELETED_LEAD_FIELDS, leadType } from './fields.ts';
import { leads as l, type LeadRow } from './schema.ts';

const userName = (col: AnyPgColumn) => sql<string | null>`(SELECT u.name FROM users u WHERE u.id = ${col})`;

/** Columns of a lead response; names are subqueries PostgreSQL evaluates after LIMIT. */
export const leadSelect = {
  id: l.id, number: l.number, name: l.name, company: l.company, title: l.title, mobile: l.mobile, phone: l.phone, email: l.email,
  wechat: l.wechat, status: l.status, invalidReason: l.invalidReason, grade: l.grade, source: l.source, sourceDetail: l.sourceDetail,
  industry: l.industry, productInterest: l.productInterest, budget: l.budget, province: l.province, city: l.city, district: l.district,
  address: l.address, ownerId: l.ownerId, ownerName: userName(l.ownerId).as('owner_name'), previousOwnerId: l.previousOwnerId,
  previousOwnerName: userName(l.previousOwnerId).as('previous_owner_name'), ownerSince: l.ownerSince, poolId: l.poolId, tags: l.tags,
  lastFollowupAt: l.lastFollowupAt, lastFollowupContent: l.lastFollowupContent, nextFollowupAt: l.nextFollowupAt,
  firstContactedAt: l.firstContactedAt, convertedAt: l.convertedAt, convertedCustomerId: l.convertedCustomerId,
  convertedCustomerName: sql<string | null>`(SELECT c.name FROM customers c WHERE c.id = ${l.convertedCustomerId})`.as('converted_customer_name'),
  convertedContactId: l.convertedContactId, remark: l.remark, custom: l.custom, createdAt: l.createdAt, updatedAt: l.updatedAt,
};

/** The recycle bin also says when and by whom. */
export const deletedLeadSelect = { ...leadSelect, deletedAt: l.deletedAt, deletedBy: l.deletedBy, deletedByName: userName(l.deletedBy).as('deleted_by_name') };

type Selected<K extends keyof LeadRow> = Pick<LeadRow, K>;
export type LeadSelected = Selected<Exclude<keyof LeadRow, 'tenantId' | 'createdBy' | 'deletedAt' | 'deletedBy' | 'assignedAt' | 'assignmentRuleId' | 'poolEnteredAt' | 'mobileNorm' | 'emailNorm' | 'companyNorm'>>
  & { ownerName: string | null; previousOwnerName: string | null; convertedCustomerName: string | null; deletedAt?: Date | null; deletedBy?: string | null; deletedByName?: string | null };
export type LeadDto = Record<string, unknown> & { id: string };

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
const DATES = ['ownerSince', 'lastFollowupAt', 'nextFollowupAt', 'firstContactedAt', 'convertedAt', 'createdAt', 'updatedAt', 'deletedAt'] as const;

export function toDto(r: LeadSelected): LeadDto {
  const { id, ...rest } = r;
  const out: LeadDto = { id, ...rest, tags: r.tags ?? [], custom: r.custom ?? {}, sourceDetail: r.sourceDetail ?? {}, budget: r.budget === null || r.budget === undefined ? null : Number(r.budget) };
  for (const k of DATES) if (k in r) out[k] = iso(r[k as keyof LeadSelected] as Date | null);
  return out;
}

/** What the actor may see of a lead; display names go with the fields they name. */
export function present(actor: Actor, row: LeadSelected, context: 'list' | 'detail'): LeadDto {
  const out = projectRecord(actor, 'lead', toDto(row), context);
  if (!('ownerId' in out)) delete out.ownerName;
  if (!('previousOwnerId' in out)) delete out.previousOwnerName;
  if (!('convertedCustomerId' in out)) delete out.convertedCustomerName;
  return out;
}

/** Live leads the actor may see: tenant, data scope, shares, not deleted. */
export function visibleLeads(actor: Actor): SQL {
  return and(visibleRecords(actor, 'lead', l), isNull(l.deletedAt))!;
}

/**
 * Quick search: name or company contains q; number equals it; mobile/phone/email equal it after
 * the 查重 normalisation (index-backed, and a masked value cannot be probed digit by digit).
 * Hidden fields are not searched: a hit would reveal the hidden value.
 */
export function leadSearch(catalog: RecordCatalog, q: string): SQL {
  const parts: SQL[] = [];
  const shown = (k: string) => !catalog.hidden.has(k);
  const like = `%${escapeLike(q)}%`;
  if (shown('name')) parts.push(sql`${l.name} ILIKE ${like}`);
  if (shown('company')) parts.push(sql`${l.company} ILIKE ${like}`);
  if (shown('number')) parts.push(sql`${l.number} = ${q}`);
  const phone = normalizeMobile(q);
  if (phone && shown('mobile') && shown('phone')) parts.push(sql`${l.mobileNorm} = ${phone}`);
  const mail = normalizeEmail(q);
  if (mail && shown('email')) parts.push(sql`${l.emailNorm} = ${mail}`);
  return parts.length ? sql`(${sql.join(parts, sql` OR `)})` : sql`false`;
}

export function leadSource(actor: Actor, catalog: RecordCatalog, deleted = false): ListSource {
  return {
    table: l,
    select: deleted ? deletedLeadSelect : leadSelect,
    base: deleted ? and(visibleRecords(actor, 'lead', l), isNotNull(l.deletedAt))! : visibleLeads(actor),
    catalog,
    search: (q) => leadSearch(catalog, q),
    defaultSort: [{ field: deleted ? 'deletedAt' : 'createdAt', dir: 'desc' }],
    idColumn: l.id,
  };
}

/** The recycle bin's catalog: the lead fields plus when and by whom it was deleted. */
export async function loadDeletedCatalog(db: Db, actor: Actor): Promise<RecordCatalog> {
  const defs = await loadCustomFieldDefs(db, actor.tenantId, 'lead');
  return buildCatalog(actor, { ...leadType, standardFields: [...leadType.standardFields, ...DELETED_LEAD_FIELDS] }, defs);
}

/** List params with a saved view applied: the view's filter AND the request's; the request's sort wins. */
export async function resolveListParams(db: Db, actor: Actor, input: ListInput): Promise<ListParams & { columns?: string[] }> {
  const params = toListParams(input);
  if (!input.viewId) return params;
  const view = await loadViewForList(db, actor, 'lead', input.viewId);
  return { ...params, filter: andFilters(view.filter, params.filter), sort: params.sort ?? (view.sort.length ? view.sort : undefined), columns: view.columns };
}

export async function listLeads(db: Db, actor: Actor, input: ListInput, opts: { deleted?: boolean } = {}): Promise<ListResult<LeadDto>> {
  const catalog = opts.deleted ? await loadDeletedCatalog(db, actor) : await loadCatalog(db, actor, leadType);
  const params = await resolveListParams(db, actor, input);
  const page = await listQuery<LeadSelected & Record<string, unknown>>(db, actor, leadSource(actor, catalog, opts.deleted), params);
  return { ...page, items: page.items.map((r) => present(actor, r, 'list')) };
}

export async function findVisible(db: Db, actor: Actor, id: string): Promise<LeadSelected | undefined> {
  const [row] = await db.select(leadSelect).from(l).where(and(eq(l.id, id), visibleLeads(actor)));
  return row as LeadSelected | undefined;
}

export async function getLead(db: Db, actor: Actor, id: string): Promise<LeadDto> {
  const row = await findVisible(db, actor, id);
  if (!row) throw notFound('lead');
  return present(actor, row, 'detail');
}

/** One lead by id inside a write transaction, unscoped (the caller has checked access). */
export async function reloadLead(tx: Db, id: string): Promise<LeadSelected> {
  const [row] = await tx.select(leadSelect).from(l).where(eq(l.id, id));
  return row as LeadSelected;
}
