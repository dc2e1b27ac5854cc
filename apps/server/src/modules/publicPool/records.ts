/**
 * A pool's waiting records as a list (same filter, sort, search and paging as GET /customers), for
 * its members only. When the pool hides contact details, mobile/phone/email/WeChat are masked for
 * everyone but admins until someone claims the record, and they cannot be sorted or probed by prefix.
 */
import { and, eq, getTableColumns, isNull, sql, type SQL } from 'drizzle-orm';
import { maskValue } from '@loopline/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { escapeLike } from '../../platform/filters/index.ts';
import { fieldError, notFound } from '../../platform/http/errors.ts';
import { projectRecord } from '../../platform/permissions/recordAccess.ts';
import type { RecordCatalog } from '../../platform/records/catalog.ts';
import { loadCatalog } from '../../platform/records/customFields.ts';
import { listQuery, type ListResult } from '../../platform/records/listQuery.ts';
import { toListParams, type ListInput } from '../../platform/records/listParams.ts';
import type { RecordTypeDef } from '../../platform/records/registry.ts';
import { customerType } from '../customers/fields.ts';
import { leadType } from '../leads/fields.ts';
import { poolRole } from './membership.ts';
import { pools, type PoolRecordType } from './schema.ts';

export const CONTACT_FIELDS = ['mobile', 'phone', 'email', 'wechat'];
const INTERNAL = new Set(['tenantId', 'createdBy', 'deletedAt', 'deletedBy', 'nameNorm', 'phoneNorm', 'emailNorm', 'mobileNorm', 'companyNorm', 'sourceDetail']);
const DEFS: Record<PoolRecordType, RecordTypeDef> = { customer: customerType, lead: leadType };

/** The record type's catalog plus the pool's own columns, with hidden contacts reduced to equality filters. */
function poolCatalog(base: RecordCatalog, def: RecordTypeDef, hideContacts: boolean): RecordCatalog {
  const t = def.table as unknown as Record<string, SQL>;
  const cat: RecordCatalog = { ...base, fields: [...base.fields], filter: { ...base.filter }, sort: { ...base.sort } };
  const extra = [
    { key: 'poolEnteredAt', label: '进入公海时间', labelEn: 'Entered the pool', kind: 'datetime' as const, sql: sql`${t.poolEnteredAt}` },
    { key: 'previousOwnerId', label: '前负责人', labelEn: 'Previous owner', kind: 'uuid' as const, sql: sql`${t.previousOwnerId}` },
  ];
  for (const f of extra) {
    if (cat.filter[f.key]) continue;
    cat.fields.push({ ...f, filterable: true, sortable: true, source: 'standard', access: 'readonly', mask: null });
    cat.filter[f.key] = { kind: f.kind, sql: f.sql };
    cat.sort[f.key] = { kind: f.kind, sql: f.sql };
  }
  if (hideContacts) {
    for (const key of CONTACT_FIELDS) {
      delete cat.sort[key];
      if (cat.filter[key]?.kind === 'text') cat.filter[key] = { ...cat.filter[key]!, kind: 'select' };
    }
  }
  return cat;
}

/** Quick search: name (and company for leads) contain q, number equals it; contacts only when shown. */
function poolSearch(def: RecordTypeDef, cat: RecordCatalog, hideContacts: boolean, q: string): SQL {
  const t = def.table as unknown as Record<string, SQL>;
  const like = `%${escapeLike(q)}%`;
  const shown = (k: string) => !cat.hidden.has(k) && k in t;
  const parts: SQL[] = [];
  if (shown('name')) parts.push(sql`${t.name} ILIKE ${like}`);
  if (shown('company')) parts.push(sql`${t.company} ILIKE ${like}`);
  if (shown('number')) parts.push(sql`${t.number} = ${q}`);
  if (!hideContacts) {
    for (const k of ['mobile', 'phone']) if (shown(k)) parts.push(sql`${t[k]} = ${q.replace(/[\s-]/g, '')}`);
    if (shown('email')) parts.push(sql`${t.email} = ${q.toLowerCase()}`);
  }
  return parts.length ? sql`(${sql.join(parts, sql` OR `)})` : sql`false`;
}

/** What a member sees of one waiting record. */
export function presentPoolRecord(actor: Actor, recordType: PoolRecordType, row: Record<string, unknown>, hideContacts: boolean): Record<string, unknown> {
  const out = projectRecord(actor, recordType, row, 'list');
  if (!('previousOwnerId' in out)) delete out.previousOwnerName;
  if (hideContacts) {
    for (const k of CONTACT_FIELDS) {
      if (typeof out[k] === 'string') out[k] = k === 'wechat' ? '***' : maskValue(k === 'email' ? 'email' : 'phone', out[k] as string);
    }
  }
  return out;
}

export async function listPoolRecords(db: Db, actor: Actor, poolId: string, recordType: PoolRecordType, input: ListInput): Promise<ListResult<Record<string, unknown>> & { hideContacts: boolean }> {
  const [pool] = await db.select().from(pools).where(and(eq(pools.id, poolId), eq(pools.tenantId, actor.tenantId)));
  if (!pool) throw notFound('pool');
  const role = await poolRole(db, actor, poolId);
  if (!role.member) throw notFound('pool');
  if (!pool.recordTypes.includes(recordType)) throw fieldError('recordType', `this pool does not hold ${recordType}s`, 'WRONG_RECORD_TYPE');
  const def = DEFS[recordType];
  const hide = pool.hideContacts && !role.admin;
  const catalog = poolCatalog(await loadCatalog(db, actor, def), def, hide);
  const t = def.table as unknown as Record<string, SQL> & { id: SQL };
  const columns = Object.fromEntries(Object.entries(getTableColumns(def.table)).filter(([k]) => !INTERNAL.has(k)));
  const select = { ...columns, previousOwnerName: sql<string | null>`(SELECT u.name FROM users u WHERE u.id = ${t.previousOwnerId})`.as('previous_owner_name') };
  const base = and(eq(def.table.tenantId, actor.tenantId), sql`${t.poolId} = ${poolId}`, isNull(def.table.ownerId), isNull(def.table.deletedAt))!;
  const page = await listQuery<Record<string, unknown>>(db, actor, {
    table: def.table, select, base, catalog,
    search: (q) => poolSearch(def, catalog, hide, q),
    defaultSort: [{ field: 'poolEnteredAt', dir: 'desc' }],
    idColumn: def.table.id,
  }, toListParams(input));
  return { ...page, hideContacts: hide, items: page.items.map((r) => presentPoolRecord(actor, recordType, r, hide)) };
}
