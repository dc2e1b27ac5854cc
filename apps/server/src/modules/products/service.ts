/** Products (产品): the catalogue every member sees (no owner scope), managed by whoever may create/edit products. */
import { and, eq, inArray, isNotNull, isNull, ne, sql, type SQL } from 'drizzle-orm';
import { formatMoney, formatPercent, MoneyInputError, parseMoney, parsePercent } from '@loopline/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit, type AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { escapeLike } from '../../platform/filters/index.ts';
import { conflict, fieldError, forbidden, notFound } from '../../platform/http/errors.ts';
import { can } from '../../platform/permissions/effective.ts';
import { assertWritableFields, projectRecord } from '../../platform/permissions/recordAccess.ts';
import type { RecordCatalog } from '../../platform/records/catalog.ts';
import { checkCustomInput, loadCatalog, loadCustomFieldDefs } from '../../platform/records/customFields.ts';
import { mergeCustom } from '../../platform/records/customValues.ts';
import { listQuery, type ListParams, type ListResult, type ListSource } from '../../platform/records/listQuery.ts';
import { andFilters, toListParams, type ListInput } from '../../platform/records/listParams.ts';
import { nextNumber } from '../../platform/records/numbering.ts';
import { loadViewForList } from '../../platform/records/views.ts';
import { files } from '../../platform/db/schema.ts';
import { recycleBinType, type DeletedDto } from '../customers/recycle.ts';
import { categoryNameSql, productType } from './fields.ts';
import type { CreateProductInput, UpdateProductInput } from './input.ts';
import { productCategories, products as k, type ProductRow } from './schema.ts';

export const productSelect = {
  id: k.id, code: k.code, name: k.name, categoryId: k.categoryId, categoryName: categoryNameSql.as('category_name'), unit: k.unit,
  specification: k.specification, listPrice: k.listPrice, taxRate: k.taxRate, listed: k.listed, description: k.description,
  imageIds: k.imageIds, ownerId: k.ownerId, ownerName: sql<string | null>`(SELECT u.name FROM users u WHERE u.id = ${k.ownerId})`.as('owner_name'),
  tags: k.tags, custom: k.custom, createdAt: k.createdAt, updatedAt: k.updatedAt,
};
export type ProductSelected = Pick<ProductRow, Exclude<keyof typeof productSelect, 'ownerName' | 'categoryName'>> & { ownerName: string | null; categoryName: string | null };
export type ProductDto = Record<string, unknown> & { id: string };

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

export function toProductDto(r: ProductSelected): ProductDto {
  return {
    ...r,
    listPrice: formatMoney(parseMoney(r.listPrice)),
    taxRate: formatPercent(parsePercent(r.taxRate)),
    imageIds: r.imageIds ?? [], tags: r.tags ?? [], custom: r.custom ?? {},
    createdAt: iso(r.createdAt)!, updatedAt: iso(r.updatedAt)!,
  };
}

export function present(actor: Actor, row: ProductSelected, context: 'list' | 'detail'): ProductDto {
  const out = projectRecord(actor, 'product', toProductDto(row), context);
  if (!('ownerId' in out)) delete out.ownerName;
  if (!('categoryId' in out)) delete out.categoryName;
  return out;
}

/** The catalogue is not owner-scoped: viewing products needs the right, then the whole tenant's catalogue is visible. */
export function visibleProducts(actor: Actor): SQL {
  if (!can(actor.perms, 'product', 'view')) throw forbidden('no permission to view product', { object: 'product', action: 'view' });
  return and(eq(k.tenantId, actor.tenantId), isNull(k.deletedAt))!;
}

export function productSearch(q: string): SQL {
  const like = `%${escapeLike(q)}%`;
  return sql`(${k.code} ILIKE ${like} OR ${k.name} ILIKE ${like})`;
}

/** Products in a category or any of its subcategories (the list's category tree). */
export function inCategoryTree(tenantId: string, categoryId: string): SQL {
  return sql`${k.categoryId} IN (WITH RECURSIVE sub AS (
      SELECT id FROM product_categories WHERE tenant_id = ${tenantId} AND id = ${categoryId}
      UNION SELECT c.id FROM product_categories c JOIN sub ON c.parent_id = sub.id WHERE c.tenant_id = ${tenantId})
    SELECT id FROM sub)`;
}

export function productSource(actor: Actor, catalog: RecordCatalog, categoryId?: string): ListSource {
  const base = categoryId ? and(visibleProducts(actor), inCategoryTree(actor.tenantId, categoryId))! : visibleProducts(actor);
  return { table: k, select: productSelect, base, catalog, search: productSearch, defaultSort: [{ field: 'createdAt', dir: 'desc' }], idColumn: k.id };
}

export async function resolveProductListParams(db: Db, actor: Actor, input: ListInput): Promise<ListParams & { columns?: string[] }> {
  const params = toListParams(input);
  if (!input.viewId) return params;
  const view = await loadViewForList(db, actor, 'product', input.viewId);
  return { ...params, filter: andFilters(view.filter, params.filter), sort: params.sort ?? (view.sort.length ? view.sort : undefined), columns: view.columns };
}

export async function listProducts(db: Db, actor: Actor, input: ListInput, categoryId?: string): Promise<ListResult<ProductDto>> {
  const catalog = await loadCatalog(db, actor, productType);
  const params = await resolveProductListParams(db, actor, input);
  const page = await listQuery<ProductSelected & Record<string, unknown>>(db, actor, productSource(actor, catalog, categoryId), params);
  return { ...page, items: page.items.map((r) => present(actor, r, 'list')) };
}

export async function findProduct(db: Db, actor: Actor, id: string): Promise<ProductSelected | undefined> {
  const [row] = await db.select(productSelect).from(k).where(and(eq(k.id, id), visibleProducts(actor)));
  return row as ProductSelected | undefined;
}

export async function getProduct(db: Db, actor: Actor, id: string): Promise<ProductDto> {
  const row = await findProduct(db, actor, id);
  if (!row) throw notFound('product');
  return present(actor, row, 'detail');
}

function money(v: string | number, field: string, { min = 0 }: { min?: number } = {}): string {
  try {
    const fen = parseMoney(v, field);
    if (fen < min) throw new MoneyInputError(field, 'must not be negative');
    return formatMoney(fen);
  } catch (err) {
    if (err instanceof MoneyInputError) throw fieldError(err.field, err.message);
    throw err;
  }
}

function percent(v: string | number, field: string): string {
  try {
    return formatPercent(parsePercent(v, field));
  } catch (err) {
    if (err instanceof MoneyInputError) throw fieldError(err.field, err.message);
    throw err;
  }
}

async function assertCategory(tx: Db, tenantId: string, id: string | null | undefined) {
  if (!id) return;
  const [row] = await tx.select({ id: productCategories.id }).from(productCategories).where(and(eq(productCategories.tenantId, tenantId), eq(productCategories.id, id)));
  if (!row) throw fieldError('categoryId', 'category not found');
}

/** Product images are platform files of this tenant that are images. */
async function assertImages(tx: Db, tenantId: string, ids: string[] | undefined) {
  if (!ids?.length) return;
  const found = await tx.select({ id: files.id, mimeType: files.mimeType }).from(files).where(and(eq(files.tenantId, tenantId), inArray(files.id, ids)));
  const ok = new Set(found.filter((f) => f.mimeType.startsWith('image/')).map((f) => f.id));
  const bad = ids.findIndex((id) => !ok.has(id));
  if (bad >= 0) throw fieldError(`imageIds[${bad}]`, 'not an uploaded image');
}

async function assertCodeFree(tx: Db, tenantId: string, code: string, exceptId?: string) {
  const [dup] = await tx.select({ id: k.id }).from(k).where(and(eq(k.tenantId, tenantId), eq(k.code, code), isNull(k.deletedAt), exceptId ? ne(k.id, exceptId) : undefined));
  if (dup) throw conflict('DUPLICATE', `product code ${code} is already used`, { field: 'code', fields: [{ field: 'code', message: 'already used by another product' }], existingId: dup.id });
}

/** A unique-index race (two creates with one code) is the same 409 naming code. */
function mapCodeViolation(err: unknown): never {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  const pg = e?.code === '23505' ? e : e?.cause?.code === '23505' ? e.cause : null;
  if (pg && (pg.constraint ?? '').includes('products_code')) throw conflict('DUPLICATE', 'product code is already used', { field: 'code', fields: [{ field: 'code', message: 'already used by another product' }] });
  throw err;
}

const reload = async (tx: Db, id: string) => {
  const [row] = await tx.select(productSelect).from(k).where(eq(k.id, id));
  return row as ProductSelected;
};

const auditView = (r: ProductSelected) => {
  const d = toProductDto(r);
  const { id: _id, ownerName: _o, categoryName: _c, createdAt: _ca, updatedAt: _ua, ...rest } = d;
  return rest;
};

export async function createProduct(db: Db, actor: Actor, src: AuditSource, input: CreateProductInput): Promise<ProductDto> {
  assertWritableFields(actor, 'product', input);
  const row = await inTransaction(db, async (tx) => {
    await assertCategory(tx, actor.tenantId, input.categoryId);
    await assertImages(tx, actor.tenantId, input.imageIds);
    const defs = await loadCustomFieldDefs(tx, actor.tenantId, 'product');
    const custom = await checkCustomInput(tx, actor.tenantId, productType, defs as never, input.custom ?? {}, 'create');
    let code = input.code?.trim() ?? '';
    if (!code) code = await nextNumber(tx, actor.tenantId, 'product', new Date(), actor.timeZone);
    await assertCodeFree(tx, actor.tenantId, code);
    const [inserted] = await tx.insert(k).values({
      tenantId: actor.tenantId, code, name: input.name, categoryId: input.categoryId ?? null, unit: input.unit || null,
      specification: input.specification || null, listPrice: input.listPrice === undefined || input.listPrice === null ? '0' : money(input.listPrice, 'listPrice'),
      taxRate: input.taxRate === undefined || input.taxRate === null ? '13' : percent(input.taxRate, 'taxRate'), listed: input.listed ?? true,
      description: input.description || null, imageIds: input.imageIds ?? [], ownerId: input.ownerId ?? null, tags: input.tags ?? [],
      custom: mergeCustom({}, custom), createdBy: actor.userId,
    }).returning({ id: k.id }).catch(mapCodeViolation);
    const created = await reload(tx, inserted!.id);
    await recordAudit(tx, src, { action: 'create', recordType: 'product', recordId: created.id, after: auditView(created) });
    return created;
  }, actor.tenantId);
  return present(actor, row, 'detail');
}

export async function updateProduct(db: Db, actor: Actor, src: AuditSource, id: string, input: UpdateProductInput): Promise<ProductDto> {
  if (!can(actor.perms, 'product', 'edit')) throw forbidden('no permission to edit product', { object: 'product', action: 'edit' });
  assertWritableFields(actor, 'product', input);
  const row = await inTransaction(db, async (tx) => {
    const [locked] = await tx.select({ id: k.id }).from(k).where(and(eq(k.id, id), visibleProducts(actor))).for('update');
    if (!locked) throw notFound('product');
    const before = await reload(tx, id);
    const set: Partial<typeof k.$inferInsert> = { updatedAt: new Date() };
    if (input.code !== undefined) {
      if (!input.code) throw fieldError('code', 'must not be empty');
      if (input.code !== before.code) await assertCodeFree(tx, actor.tenantId, input.code, id);
      set.code = input.code;
    }
    if (input.name !== undefined) set.name = input.name;
    if (input.categoryId !== undefined) {
      await assertCategory(tx, actor.tenantId, input.categoryId);
      set.categoryId = input.categoryId;
    }
    if (input.unit !== undefined) set.unit = input.unit || null;
    if (input.specification !== undefined) set.specification = input.specification || null;
    if (input.listPrice !== undefined) set.listPrice = money(input.listPrice, 'listPrice');
    if (input.taxRate !== undefined) set.taxRate = percent(input.taxRate, 'taxRate');
    if (input.listed !== undefined) set.listed = input.listed;
    if (input.description !== undefined) set.description = input.description || null;
    if (input.imageIds !== undefined) {
      await assertImages(tx, actor.tenantId, input.imageIds);
      set.imageIds = input.imageIds;
    }
    if (input.ownerId !== undefined) set.ownerId = input.ownerId;
    if (input.tags !== undefined) set.tags = input.tags;
    if (input.custom !== undefined) {
      const defs = await loadCustomFieldDefs(tx, actor.tenantId, 'product');
      const values = await checkCustomInput(tx, actor.tenantId, productType, defs as never, input.custom, 'update', id);
      set.custom = mergeCustom(before.custom ?? {}, values);
    }
    await tx.update(k).set(set).where(eq(k.id, id)).catch(mapCodeViolation);
    const after = await reload(tx, id);
    await recordAudit(tx, src, { action: 'update', recordType: 'product', recordId: id, before: auditView(before), after: auditView(after) });
    return after;
  }, actor.tenantId);
  return present(actor, row, 'detail');
}

export async function deleteProduct(db: Db, actor: Actor, src: AuditSource, id: string): Promise<void> {
  if (!can(actor.perms, 'product', 'delete')) throw forbidden('no permission to delete product', { object: 'product', action: 'delete' });
  await inTransaction(db, async (tx) => {
    const [row] = await tx.select({ id: k.id, code: k.code, name: k.name }).from(k).where(and(eq(k.id, id), visibleProducts(actor))).for('update');
    if (!row) throw notFound('product');
    await tx.update(k).set({ deletedAt: new Date(), deletedBy: actor.userId, updatedAt: new Date() }).where(eq(k.id, id));
    await recordAudit(tx, src, { action: 'delete', recordType: 'product', recordId: id, data: { name: row.name, code: row.code } });
  }, actor.tenantId);
}

/** Back from the recycle bin; 409 naming code when a live product took the code meanwhile. */
export async function restoreProduct(db: Db, actor: Actor, src: AuditSource, id: string): Promise<ProductDto> {
  if (!can(actor.perms, 'product', 'delete')) throw forbidden('no permission to restore product', { object: 'product', action: 'delete' });
  const row = await inTransaction(db, async (tx) => {
    const [row] = await tx.select({ id: k.id, code: k.code, name: k.name }).from(k)
      .where(and(eq(k.id, id), eq(k.tenantId, actor.tenantId), isNotNull(k.deletedAt))).for('update');
    if (!row) throw notFound('product');
    await assertCodeFree(tx, actor.tenantId, row.code, id);
    await tx.update(k).set({ deletedAt: null, deletedBy: null, updatedAt: new Date() }).where(eq(k.id, id)).catch(mapCodeViolation);
    await recordAudit(tx, src, { action: 'restore', recordType: 'product', recordId: id, data: { name: row.name, code: row.code } });
    return reload(tx, id);
  }, actor.tenantId);
  return present(actor, row, 'detail');
}

const deletedSelect = {
  ...productSelect,
  deletedAt: k.deletedAt,
  deletedBy: k.deletedBy,
  deletedByName: sql<string | null>`(SELECT u.name FROM users u WHERE u.id = ${k.deletedBy})`.as('deleted_by_name'),
};

export async function listDeletedProducts(db: Db, actor: Actor, input: ListInput): Promise<ListResult<DeletedDto<ProductDto>>> {
  if (!can(actor.perms, 'product', 'view')) throw forbidden('no permission to view product', { object: 'product', action: 'view' });
  const catalog = await loadCatalog(db, actor, recycleBinType(productType, k.deletedAt));
  const source: ListSource = {
    table: k, select: deletedSelect, base: and(eq(k.tenantId, actor.tenantId), isNotNull(k.deletedAt))!, catalog,
    search: productSearch, defaultSort: [{ field: 'deletedAt', dir: 'desc' }], idColumn: k.id,
  };
  const page = await listQuery<ProductSelected & { deletedAt: Date; deletedBy: string | null; deletedByName: string | null }>(db, actor, source, toListParams(input));
  return { ...page, items: page.items.map((r) => ({ ...present(actor, r, 'list'), deletedAt: iso(r.deletedAt)!, deletedBy: r.deletedBy, deletedByName: r.deletedByName })) };
}

export async function liveProductsByIds(db: Db, tenantId: string, ids: string[]) {
  if (!ids.length) return [];
  return db.select().from(k).where(and(eq(k.tenantId, tenantId), inArray(k.id, ids), isNull(k.deletedAt)));
}

/**
 * POST /products/bulk: delete, restore or add tags on up to 500 products in one transaction, one
 * audit entry each; products not found are reported per id. Products have no owner to transfer.
 */
export async function productBulk(db: Db, actor: Actor, src: AuditSource, input: { ids: string[]; action: string; tags?: string[] }) {
  const action = input.action;
  if (action === 'transfer') throw fieldError('action', 'products are not transferred');
  const perm = action === 'addTags' ? 'edit' : 'delete';
  if (!can(actor.perms, 'product', perm)) throw forbidden(`no permission to ${perm} product`, { object: 'product', action: perm });
  if (action === 'addTags') assertWritableFields(actor, 'product', { tags: input.tags });
  const ids = [...new Set(input.ids.map((x) => x.toLowerCase()))];
  return inTransaction(db, async (tx) => {
    const rows = await tx.select({ id: k.id, code: k.code, name: k.name, tags: k.tags }).from(k)
      .where(and(eq(k.tenantId, actor.tenantId), inArray(k.id, ids), action === 'restore' ? isNotNull(k.deletedAt) : isNull(k.deletedAt)))
      .orderBy(k.id).for('update');
    const found = new Set(rows.map((r) => r.id));
    const result = { ok: [] as string[], failed: ids.filter((id) => !found.has(id)).map((id) => ({ id, code: 'NOT_FOUND', message: 'product not found' })) };
    for (const r of rows) {
      if (action === 'delete') {
        await tx.update(k).set({ deletedAt: new Date(), deletedBy: actor.userId, updatedAt: new Date() }).where(eq(k.id, r.id));
        await recordAudit(tx, src, { action: 'delete', recordType: 'product', recordId: r.id, data: { name: r.name, code: r.code, bulk: true } });
      } else if (action === 'restore') {
        const [dup] = await tx.select({ id: k.id }).from(k).where(and(eq(k.tenantId, actor.tenantId), eq(k.code, r.code), isNull(k.deletedAt)));
        if (dup) {
          result.failed.push({ id: r.id, code: 'DUPLICATE', message: `product code ${r.code} is already used` });
          continue;
        }
        await tx.update(k).set({ deletedAt: null, deletedBy: null, updatedAt: new Date() }).where(eq(k.id, r.id));
        await recordAudit(tx, src, { action: 'restore', recordType: 'product', recordId: r.id, data: { name: r.name, code: r.code, bulk: true } });
      } else {
        const after = [...new Set([...(r.tags ?? []), ...(input.tags ?? [])])];
        if (after.length > 20) {
          result.failed.push({ id: r.id, code: 'VALIDATION_FAILED', message: 'a product has at most 20 tags' });
          continue;
        }
        if (after.length !== (r.tags ?? []).length) {
          await tx.update(k).set({ tags: after, updatedAt: new Date() }).where(eq(k.id, r.id));
          await recordAudit(tx, src, { action: 'update', recordType: 'product', recordId: r.id, before: { tags: r.tags }, after: { tags: after } });
        }
      }
      result.ok.push(r.id);
    }
    return result;
  }, actor.tenantId);
}
