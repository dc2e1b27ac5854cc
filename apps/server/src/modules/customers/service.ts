import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { notFound } from '../../platform/http/errors.ts';
import { escapeLike } from '../../platform/filters/index.ts';
import { projectRecord, visibleRecords } from '../../platform/permissions/recordAccess.ts';
import type { RecordCatalog } from '../../platform/records/catalog.ts';
import { loadCatalog } from '../../platform/records/customFields.ts';
import { listQuery, type ListParams, type ListResult, type ListSource } from '../../platform/records/listQuery.ts';
import { andFilters, toListParams, type ListInput } from '../../platform/records/listParams.ts';
import { loadViewForList } from '../../platform/records/views.ts';
import { customerType } from './fields.ts';
import { customers as c, type CustomerRow } from './schema.ts';

/** Columns of a customer response; the owner's name is a subquery PostgreSQL evaluates after LIMIT. */
export const customerSelect = {
  id: c.id, number: c.number, name: c.name, kind: c.kind, industry: c.industry, scale: c.scale, grade: c.grade,
  lifecycleStage: c.lifecycleStage, dealStatus: c.dealStatus, source: c.source, province: c.province, city: c.city,
  district: c.district, address: c.address, phone: c.phone, email: c.email, website: c.website, ownerId: c.ownerId,
  ownerName: sql<string | null>`(SELECT u.name FROM users u WHERE u.id = ${c.ownerId})`.as('owner_name'),
  previousOwnerId: c.previousOwnerId,
  previousOwnerName: sql<string | null>`(SELECT u.name FROM users u WHERE u.id = ${c.previousOwnerId})`.as('previous_owner_name'),
  ownerSince: c.ownerSince,
  tags: c.tags, locked: c.locked, healthScore: c.healthScore, lastFollowupAt: c.lastFollowupAt, nextFollowupAt: c.nextFollowupAt,
  remark: c.remark, custom: c.custom, createdAt: c.createdAt, updatedAt: c.updatedAt,
};

export type CustomerSelected = Pick<CustomerRow, Exclude<keyof typeof customerSelect, 'ownerName' | 'previousOwnerName'>> & { ownerName: string | null; previousOwnerName: string | null };
export type CustomerDto = Record<string, unknown> & { id: string };

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

export function toDto(r: CustomerSelected): CustomerDto {
  const { id, ...rest } = r;
  return {
    id, // first, for readable responses
    ...rest,
    tags: r.tags ?? [],
    custom: r.custom ?? {},
    lastFollowupAt: iso(r.lastFollowupAt), nextFollowupAt: iso(r.nextFollowupAt), ownerSince: iso(r.ownerSince),
    createdAt: iso(r.createdAt)!, updatedAt: iso(r.updatedAt)!,
  };
}

/** What the actor may see of a customer; the owner's name goes with the owner field. */
export function present(actor: Actor, row: CustomerSelected, context: 'list' | 'detail'): CustomerDto {
  const out = projectRecord(actor, 'customer', toDto(row), context);
  if (!('ownerId' in out)) delete out.ownerName;
  if (!('previousOwnerId' in out)) delete out.previousOwnerName;
  return out;
}

/** Live customers the actor may see: tenant, data scope, shares, not deleted. */
export function visibleCustomers(actor: Actor): SQL {
  return and(visibleRecords(actor, 'customer', c), isNull(c.deletedAt))!;
}

/**
 * Quick search: name contains q, or number/phone/email equals it. Hidden fields are not searched
 * (a hit would reveal the hidden value); phone and email match exactly, so masked values cannot be
 * probed digit by digit.
 */
export function customerSearch(catalog: RecordCatalog, q: string): SQL {
  const parts: SQL[] = [];
  const shown = (k: string) => !catalog.hidden.has(k);
  if (shown('name')) parts.push(sql`${c.name} ILIKE ${`%${escapeLike(q)}%`}`);
  if (shown('number')) parts.push(sql`${c.number} = ${q}`);
  if (shown('phone')) parts.push(sql`${c.phone} = ${q.replace(/[\s-]/g, '')}`);
  if (shown('email')) parts.push(sql`${c.email} = ${q.toLowerCase()}`);
  return parts.length ? sql`(${sql.join(parts, sql` OR `)})` : sql`false`;
}

export function customerSource(actor: Actor, catalog: RecordCatalog): ListSource {
  return {
    table: c,
    select: customerSelect,
    base: visibleCustomers(actor),
    catalog,
    search: (q) => customerSearch(catalog, q),
    defaultSort: [{ field: 'createdAt', dir: 'desc' }],
    idColumn: c.id,
  };
}

/** List params with a saved view applied: the view's filter AND the request's; the request's sort wins. */
export async function resolveListParams(db: Db, actor: Actor, input: ListInput): Promise<ListParams & { columns?: string[] }> {
  const params = toListParams(input);
  if (!input.viewId) return params;
  const view = await loadViewForList(db, actor, 'customer', input.viewId);
  return { ...params, filter: andFilters(view.filter, params.filter), sort: params.sort ?? (view.sort.length ? view.sort : undefined), columns: view.columns };
}

export async function listCustomers(db: Db, actor: Actor, input: ListInput): Promise<ListResult<CustomerDto>> {
  const catalog = await loadCatalog(db, actor, customerType);
  const params = await resolveListParams(db, actor, input);
  const page = await listQuery<CustomerSelected & Record<string, unknown>>(db, actor, customerSource(actor, catalog), params);
  return { ...page, items: page.items.map((r) => present(actor, r, 'list')) };
}

export async function findVisible(db: Db, actor: Actor, id: string): Promise<CustomerSelected | undefined> {
  const [row] = await db.select(customerSelect).from(c).where(and(eq(c.id, id), visibleCustomers(actor)));
  return row as CustomerSelected | undefined;
}

export async function getCustomer(db: Db, actor: Actor, id: string): Promise<CustomerDto> {
  const row = await findVisible(db, actor, id);
  if (!row) throw notFound('customer');
  return present(actor, row, 'detail');
}
