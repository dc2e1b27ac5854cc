import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { escapeLike } from '../../platform/filters/index.ts';
import { notFound } from '../../platform/http/errors.ts';
import { ownerScope, projectRecord, visibleRecords, writableRecords } from '../../platform/permissions/recordAccess.ts';
import type { RecordCatalog } from '../../platform/records/catalog.ts';
import { loadCatalog } from '../../platform/records/customFields.ts';
import { listQuery, type ListParams, type ListResult, type ListSource } from '../../platform/records/listQuery.ts';
import { andFilters, toListParams, type ListInput } from '../../platform/records/listParams.ts';
import { loadViewForList } from '../../platform/records/views.ts';
import { normalizeMobile } from '../dedupe/normalize.ts';
import { customers as c } from '../customers/schema.ts';
import { contactType, customerNameSql } from './fields.ts';
import { contacts as k, type ContactRow } from './schema.ts';

/** Columns of a contact response; customer and owner names are subqueries PostgreSQL evaluates after LIMIT. */
export const contactSelect = {
  id: k.id, number: k.number, name: k.name, customerId: k.customerId, customerName: customerNameSql.as('customer_name'),
  title: k.title, department: k.department, mobile: k.mobile, phone: k.phone, email: k.email, wechat: k.wechat, gender: k.gender,
  birthday: k.birthday, isKeyDecisionMaker: k.isKeyDecisionMaker, decisionRole: k.decisionRole, isPrimary: k.isPrimary, address: k.address,
  ownerId: k.ownerId, ownerName: sql<string | null>`(SELECT u.name FROM users u WHERE u.id = ${k.ownerId})`.as('owner_name'),
  tags: k.tags, lastFollowupAt: k.lastFollowupAt, nextFollowupAt: k.nextFollowupAt, remark: k.remark, custom: k.custom,
  createdAt: k.createdAt, updatedAt: k.updatedAt,
};

export type ContactSelected = Pick<ContactRow, Exclude<keyof typeof contactSelect, 'ownerName' | 'customerName'>> & { ownerName: string | null; customerName: string | null };
export type ContactDto = Record<string, unknown> & { id: string };

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

export function toDto(r: ContactSelected): ContactDto {
  const { id, ...rest } = r;
  return {
    id, ...rest, tags: r.tags ?? [], custom: r.custom ?? {},
    lastFollowupAt: iso(r.lastFollowupAt), nextFollowupAt: iso(r.nextFollowupAt), createdAt: iso(r.createdAt)!, updatedAt: iso(r.updatedAt)!,
  };
}

/** What the actor may see of a contact; display names go with their id fields. */
export function present(actor: Actor, row: ContactSelected, context: 'list' | 'detail'): ContactDto {
  const out = projectRecord(actor, 'contact', toDto(row), context);
  if (!('ownerId' in out)) delete out.ownerName;
  if (!('customerId' in out)) delete out.customerName;
  return out;
}

/**
 * Contacts reachable through their customer: whoever may see (or edit) a customer — its owner's
 * data scope, its team members — reaches its contacts too, so a customer 360 page and a shared
 * account never show a customer without its people. Null when the scope is "all" anyway.
 */
function viaCustomer(actor: Actor, mode: 'view' | 'edit'): SQL | null {
  if (ownerScope(actor, k.ownerId) === null) return null;
  let cond: SQL;
  try {
    cond = mode === 'view' ? visibleRecords(actor, 'customer', c) : writableRecords(actor, 'customer', c, 'edit');
  } catch {
    return null; // no right on customers at all
  }
  return sql`(${k.tenantId} = ${actor.tenantId} AND ${k.customerId} IN (SELECT ${c.id} FROM ${c} WHERE ${cond} AND ${c.deletedAt} IS NULL))`;
}

/** Live contacts the actor may see: tenant, data scope, shares, or through a visible customer. */
export function visibleContacts(actor: Actor): SQL {
  return and(reachable(actor, 'view'), isNull(k.deletedAt))!;
}

/** The visibility condition without "not deleted" (the recycle bin adds the opposite). */
export function reachable(actor: Actor, mode: 'view' | 'edit' | 'delete' | 'transfer'): SQL {
  const direct = mode === 'view' ? visibleRecords(actor, 'contact', k) : writableRecords(actor, 'contact', k, mode);
  const via = mode === 'transfer' ? null : viaCustomer(actor, mode === 'view' ? 'view' : 'edit');
  return via ? sql`(${direct} OR ${via})` : direct;
}

/** Quick search: name contains q, or number/mobile/phone/email equals it (hidden fields are not searched). */
export function contactSearch(catalog: RecordCatalog, q: string): SQL {
  const parts: SQL[] = [];
  const shown = (key: string) => !catalog.hidden.has(key);
  const digits = normalizeMobile(q) ?? q.replace(/[\s-]/g, '');
  if (shown('name')) parts.push(sql`${k.name} ILIKE ${`%${escapeLike(q)}%`}`);
  if (shown('number')) parts.push(sql`${k.number} = ${q}`);
  if (shown('mobile')) parts.push(sql`${k.mobileNorm} = ${digits}`);
  if (shown('phone')) parts.push(sql`${k.phone} = ${q.replace(/[\s-]/g, '')}`);
  if (shown('email')) parts.push(sql`${k.emailNorm} = ${q.trim().toLowerCase()}`);
  return parts.length ? sql`(${sql.join(parts, sql` OR `)})` : sql`false`;
}

export function contactSource(actor: Actor, catalog: RecordCatalog): ListSource {
  return { table: k, select: contactSelect, base: visibleContacts(actor), catalog, search: (q) => contactSearch(catalog, q), defaultSort: [{ field: 'createdAt', dir: 'desc' }], idColumn: k.id };
}

export async function resolveContactListParams(db: Db, actor: Actor, input: ListInput): Promise<ListParams & { columns?: string[] }> {
  const params = toListParams(input);
  if (!input.viewId) return params;
  const view = await loadViewForList(db, actor, 'contact', input.viewId);
  return { ...params, filter: andFilters(view.filter, params.filter), sort: params.sort ?? (view.sort.length ? view.sort : undefined), columns: view.columns };
}

export async function listContacts(db: Db, actor: Actor, input: ListInput): Promise<ListResult<ContactDto>> {
  const catalog = await loadCatalog(db, actor, contactType);
  const params = await resolveContactListParams(db, actor, input);
  const page = await listQuery<ContactSelected & Record<string, unknown>>(db, actor, contactSource(actor, catalog), params);
  return { ...page, items: page.items.map((r) => present(actor, r, 'list')) };
}

export async function findVisibleContact(db: Db, actor: Actor, id: string): Promise<ContactSelected | undefined> {
  const [row] = await db.select(contactSelect).from(k).where(and(eq(k.id, id), visibleContacts(actor)));
  return row as ContactSelected | undefined;
}

export async function getContact(db: Db, actor: Actor, id: string): Promise<ContactDto> {
  const row = await findVisibleContact(db, actor, id);
  if (!row) throw notFound('contact');
  return present(actor, row, 'detail');
}
