/** The category tree (产品分类) and price books (价格表) with their entries and quantity tiers. */
import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm';
import { formatMoney, formatPercent, formatQuantity, MoneyInputError, parseMoney, parsePercent, parseQuantity, tierPrice } from '@loopline/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit, type AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { rows as queryRows } from '../../platform/db/query.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { badRequest, conflict, fieldError, forbidden, notFound } from '../../platform/http/errors.ts';
import { can } from '../../platform/permissions/effective.ts';
import { priceBookEntries as e, priceBooks as b, productCategories as pc, products as p, type StoredTier } from './schema.ts';

const requireView = (actor: Actor) => {
  if (!can(actor.perms, 'product', 'view')) throw forbidden('no permission to view product', { object: 'product', action: 'view' });
};
/** Managing the catalogue's structure and prices is editing products. */
const requireManage = (actor: Actor) => {
  if (!can(actor.perms, 'product', 'edit')) throw forbidden('no permission to edit product', { object: 'product', action: 'edit' });
};
const nameTaken = (what: string) => conflict('DUPLICATE', `${what} name is already used`, { field: 'name', fields: [{ field: 'name', message: 'already used' }] });
function isUnique(err: unknown): boolean {
  const x = err as { code?: string; cause?: { code?: string } };
  return x?.code === '23505' || x?.cause?.code === '23505';
}

// ------------------------------------------------------------------------------------------ categories

export async function listCategories(db: Db, actor: Actor) {
  requireView(actor);
  const rows = await queryRows<{ id: string; parent_id: string | null; name: string; sort: number; product_count: number | string }>(db, sql`
    SELECT c.id, c.parent_id, c.name, c.sort,
      (SELECT count(*) FROM products x WHERE x.category_id = c.id AND x.deleted_at IS NULL) AS product_count
    FROM product_categories c WHERE c.tenant_id = ${actor.tenantId} ORDER BY c.sort, c.name`);
  return rows.map((r) => ({ id: r.id, parentId: r.parent_id, name: r.name, sort: r.sort, productCount: Number(r.product_count) }));
}

async function assertParent(tx: Db, tenantId: string, parentId: string | null | undefined, selfId?: string) {
  if (!parentId) return;
  if (parentId === selfId) throw fieldError('parentId', 'a category cannot be its own parent');
  const [row] = await tx.select({ id: pc.id }).from(pc).where(and(eq(pc.tenantId, tenantId), eq(pc.id, parentId)));
  if (!row) throw fieldError('parentId', 'parent category not found');
  if (selfId) {
    // moving under one of its own descendants would make a loop
    const loop = await queryRows(tx, sql`WITH RECURSIVE sub AS (SELECT id FROM product_categories WHERE id = ${selfId}
        UNION SELECT c.id FROM product_categories c JOIN sub ON c.parent_id = sub.id) SELECT 1 AS x FROM sub WHERE id = ${parentId}`);
    if (loop.length) throw fieldError('parentId', 'a category cannot move under its own subcategory');
  }
}

type CatInput = { name?: string; parentId?: string | null; sort?: number };

export async function createCategory(db: Db, actor: Actor, src: AuditSource, input: CatInput & { name: string }) {
  requireManage(actor);
  return inTransaction(db, async (tx) => {
    await assertParent(tx, actor.tenantId, input.parentId);
    const [row] = await tx.insert(pc).values({ tenantId: actor.tenantId, name: input.name, parentId: input.parentId ?? null, sort: input.sort ?? 0 }).returning()
      .catch((err) => { throw isUnique(err) ? nameTaken('category') : err; });
    await recordAudit(tx, src, { action: 'create', recordType: 'productCategory', recordId: row!.id, after: { name: row!.name, parentId: row!.parentId } });
    return { id: row!.id, parentId: row!.parentId, name: row!.name, sort: row!.sort, productCount: 0 };
  }, actor.tenantId);
}

/** Rename and/or move (parentId) a category. */
export async function updateCategory(db: Db, actor: Actor, src: AuditSource, id: string, input: CatInput) {
  requireManage(actor);
  return inTransaction(db, async (tx) => {
    const [before] = await tx.select().from(pc).where(and(eq(pc.tenantId, actor.tenantId), eq(pc.id, id))).for('update');
    if (!before) throw notFound('product category');
    if (input.parentId !== undefined) await assertParent(tx, actor.tenantId, input.parentId, id);
    const set = { updatedAt: new Date(), ...(input.name !== undefined ? { name: input.name } : {}), ...(input.parentId !== undefined ? { parentId: input.parentId } : {}), ...(input.sort !== undefined ? { sort: input.sort } : {}) };
    const [row] = await tx.update(pc).set(set).where(eq(pc.id, id)).returning()
      .catch((err) => { throw isUnique(err) ? nameTaken('category') : err; });
    await recordAudit(tx, src, { action: 'update', recordType: 'productCategory', recordId: id, before: { name: before.name, parentId: before.parentId, sort: before.sort }, after: { name: row!.name, parentId: row!.parentId, sort: row!.sort } });
    const [count] = await queryRows<{ n: string | number }>(tx, sql`SELECT count(*) AS n FROM products WHERE category_id = ${id} AND deleted_at IS NULL`);
    return { id, parentId: row!.parentId, name: row!.name, sort: row!.sort, productCount: Number(count?.n ?? 0) };
  }, actor.tenantId);
}

/** Refused (409) while the category has subcategories or live products. */
export async function deleteCategory(db: Db, actor: Actor, src: AuditSource, id: string) {
  requireManage(actor);
  await inTransaction(db, async (tx) => {
    const [row] = await tx.select().from(pc).where(and(eq(pc.tenantId, actor.tenantId), eq(pc.id, id))).for('update');
    if (!row) throw notFound('product category');
    const [child] = await tx.select({ id: pc.id }).from(pc).where(eq(pc.parentId, id)).limit(1);
    if (child) throw conflict('CATEGORY_HAS_CHILDREN', 'the category has subcategories: move or delete them first');
    const [prod] = await tx.select({ id: p.id }).from(p).where(and(eq(p.categoryId, id), isNull(p.deletedAt))).limit(1);
    if (prod) throw conflict('CATEGORY_HAS_PRODUCTS', 'the category has products: move them to another category first');
    await tx.delete(pc).where(eq(pc.id, id));
    await recordAudit(tx, src, { action: 'delete', recordType: 'productCategory', recordId: id, data: { name: row.name } });
  }, actor.tenantId);
}

// ------------------------------------------------------------------------------------------ price books

type BookInput = { name?: string; description?: string | null; active?: boolean; isDefault?: boolean };

export async function listPriceBooks(db: Db, actor: Actor) {
  requireView(actor);
  const rows = await queryRows<{ id: string; name: string; description: string | null; active: boolean; is_default: boolean; entry_count: string | number }>(db, sql`
    SELECT b.id, b.name, b.description, b.active, b.is_default,
      (SELECT count(*) FROM price_book_entries e JOIN products x ON x.id = e.product_id AND x.deleted_at IS NULL WHERE e.price_book_id = b.id) AS entry_count
    FROM price_books b WHERE b.tenant_id = ${actor.tenantId} ORDER BY b.is_default DESC, b.name`);
  return rows.map((r) => ({ id: r.id, name: r.name, description: r.description, active: r.active, isDefault: r.is_default, entryCount: Number(r.entry_count) }));
}

async function getBook(db: Db, actor: Actor, id: string) {
  const all = await listPriceBooks(db, actor);
  const book = all.find((x) => x.id === id);
  if (!book) throw notFound('price book');
  return book;
}

/** At most one default book: making one the default clears the others. An inactive book cannot be the default. */
async function saveBook(db: Db, actor: Actor, src: AuditSource, id: string | null, input: BookInput) {
  requireManage(actor);
  const savedId = await inTransaction(db, async (tx) => {
    let before: typeof b.$inferSelect | undefined;
    if (id) {
      [before] = await tx.select().from(b).where(and(eq(b.tenantId, actor.tenantId), eq(b.id, id))).for('update');
      if (!before) throw notFound('price book');
    }
    const active = input.active ?? before?.active ?? true;
    const isDefault = input.isDefault ?? before?.isDefault ?? false;
    if (isDefault && !active) throw fieldError(input.isDefault ? 'isDefault' : 'active', 'the default price book must be active');
    if (isDefault) await tx.update(b).set({ isDefault: false, updatedAt: new Date() }).where(and(eq(b.tenantId, actor.tenantId), eq(b.isDefault, true), id ? ne(b.id, id) : undefined));
    const values = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description || null } : {}),
      active, isDefault, updatedAt: new Date(),
    };
    const [row] = id
      ? await tx.update(b).set(values).where(eq(b.id, id)).returning().catch((err) => { throw isUnique(err) ? nameTaken('price book') : err; })
      : await tx.insert(b).values({ tenantId: actor.tenantId, name: input.name!, ...values }).returning().catch((err) => { throw isUnique(err) ? nameTaken('price book') : err; });
    const view = (r: typeof b.$inferSelect) => ({ name: r.name, description: r.description, active: r.active, isDefault: r.isDefault });
    await recordAudit(tx, src, { action: id ? 'update' : 'create', recordType: 'priceBook', recordId: row!.id, before: before ? view(before) : null, after: view(row!) });
    return row!.id;
  }, actor.tenantId);
  return getBook(db, actor, savedId);
}

export const createPriceBook = (db: Db, actor: Actor, src: AuditSource, input: BookInput & { name: string }) => saveBook(db, actor, src, null, input);
export const updatePriceBook = (db: Db, actor: Actor, src: AuditSource, id: string, input: BookInput) => saveBook(db, actor, src, id, input);

export async function deletePriceBook(db: Db, actor: Actor, src: AuditSource, id: string) {
  requireManage(actor);
  await inTransaction(db, async (tx) => {
    const [row] = await tx.delete(b).where(and(eq(b.tenantId, actor.tenantId), eq(b.id, id))).returning();
    if (!row) throw notFound('price book');
    await recordAudit(tx, src, { action: 'delete', recordType: 'priceBook', recordId: id, data: { name: row.name } });
  }, actor.tenantId);
}

const entrySelect = {
  id: e.id, priceBookId: e.priceBookId, priceBookName: b.name, productId: e.productId, productCode: p.code, productName: p.name,
  unit: p.unit, listPrice: p.listPrice, price: e.price, tiers: e.tiers,
};
type EntrySelected = { [K in keyof typeof entrySelect]: unknown } & { tiers: StoredTier[]; listPrice: string; price: string };
const toEntry = (r: EntrySelected) => ({
  ...(r as Record<string, unknown> & { id: string; priceBookId: string; productId: string }),
  listPrice: formatMoney(parseMoney(r.listPrice)), price: formatMoney(parseMoney(r.price)),
  tiers: r.tiers.map((t) => ({ minQuantity: formatQuantity(parseQuantity(t.minQuantity)), price: formatMoney(parseMoney(t.price)) })),
});

/** A book's entries (live products), by product code. */
export async function listEntries(db: Db, actor: Actor, bookId: string) {
  requireView(actor);
  await getBook(db, actor, bookId);
  const rows = await db.select(entrySelect).from(e).innerJoin(p, eq(p.id, e.productId)).innerJoin(b, eq(b.id, e.priceBookId))
    .where(and(eq(e.tenantId, actor.tenantId), eq(e.priceBookId, bookId), isNull(p.deletedAt))).orderBy(asc(p.code));
  return rows.map((r) => toEntry(r as EntrySelected));
}

/** The books a product is in (the product page). */
export async function entriesOfProduct(db: Db, actor: Actor, productId: string) {
  requireView(actor);
  const rows = await db.select(entrySelect).from(e).innerJoin(p, eq(p.id, e.productId)).innerJoin(b, eq(b.id, e.priceBookId))
    .where(and(eq(e.tenantId, actor.tenantId), eq(e.productId, productId))).orderBy(asc(b.name));
  return rows.map((r) => toEntry(r as EntrySelected));
}

/** Validates a price and its tiers: prices ≥ 0, minQuantity > 0, strictly ascending, no duplicates; 400 naming the field. */
export function normalizeEntry(input: { price: string | number; tiers?: { minQuantity: string | number; price: string | number }[] }): { price: string; tiers: StoredTier[] } {
  const issues: { field: string; message: string }[] = [];
  const money = (v: string | number, field: string) => {
    try {
      const fen = parseMoney(v, field);
      if (fen < 0) issues.push({ field, message: 'must not be negative' });
      return fen;
    } catch (err) {
      if (!(err instanceof MoneyInputError)) throw err;
      issues.push({ field: err.field, message: err.message });
      return 0;
    }
  };
  const price = money(input.price, 'price');
  const tiers: StoredTier[] = [];
  let prev = -1;
  const seen = new Set<number>();
  (input.tiers ?? []).forEach((t, i) => {
    let q = 0;
    try {
      q = parseQuantity(t.minQuantity, `tiers[${i}].minQuantity`);
      if (q <= 0) issues.push({ field: `tiers[${i}].minQuantity`, message: 'must be greater than 0' });
      else if (seen.has(q)) issues.push({ field: `tiers[${i}].minQuantity`, message: 'duplicate minimum quantity' });
      else if (q < prev) issues.push({ field: `tiers[${i}].minQuantity`, message: 'tiers must be in ascending order of minimum quantity' });
    } catch (err) {
      if (!(err instanceof MoneyInputError)) throw err;
      issues.push({ field: err.field, message: err.message });
    }
    seen.add(q);
    prev = Math.max(prev, q);
    const tp = money(t.price, `tiers[${i}].price`);
    tiers.push({ minQuantity: formatQuantity(q), price: formatMoney(tp) });
  });
  if (issues.length) throw badRequest('VALIDATION_FAILED', issues.map((x) => `${x.field}: ${x.message}`).join('; '), { fields: issues });
  return { price: formatMoney(price), tiers };
}

export async function upsertEntry(db: Db, actor: Actor, src: AuditSource, bookId: string, productId: string, input: { price: string | number; tiers?: { minQuantity: string | number; price: string | number }[] }) {
  requireManage(actor);
  const value = normalizeEntry(input);
  await inTransaction(db, async (tx) => {
    const [book] = await tx.select({ id: b.id }).from(b).where(and(eq(b.tenantId, actor.tenantId), eq(b.id, bookId)));
    if (!book) throw notFound('price book');
    const [prod] = await tx.select({ id: p.id }).from(p).where(and(eq(p.tenantId, actor.tenantId), eq(p.id, productId), isNull(p.deletedAt)));
    if (!prod) throw notFound('product');
    const [before] = await tx.select().from(e).where(and(eq(e.priceBookId, bookId), eq(e.productId, productId)));
    await tx.insert(e).values({ tenantId: actor.tenantId, priceBookId: bookId, productId, ...value })
      .onConflictDoUpdate({ target: [e.priceBookId, e.productId], set: value });
    await recordAudit(tx, src, { action: before ? 'update' : 'create', recordType: 'priceBookEntry', recordId: bookId, before: before ? { productId, price: before.price, tiers: before.tiers } : null, after: { productId, ...value } });
  }, actor.tenantId);
  const entries = await entriesOfProduct(db, actor, productId);
  return entries.find((x) => x.priceBookId === bookId)!;
}

export async function deleteEntry(db: Db, actor: Actor, src: AuditSource, bookId: string, productId: string) {
  requireManage(actor);
  await inTransaction(db, async (tx) => {
    const [row] = await tx.delete(e).where(and(eq(e.tenantId, actor.tenantId), eq(e.priceBookId, bookId), eq(e.productId, productId))).returning();
    if (!row) throw notFound('price book entry');
    await recordAudit(tx, src, { action: 'delete', recordType: 'priceBookEntry', recordId: bookId, data: { productId, price: row.price } });
  }, actor.tenantId);
}

/**
 * GET /products/:id/price: the unit price a new line would get — the book's tier for the quantity,
 * else the book's price, else the product's list price. Without priceBookId the default book applies.
 */
export async function productPrice(db: Db, actor: Actor, productId: string, query: { priceBookId?: string; quantity?: string }) {
  requireView(actor);
  let quantity = 10_000;
  if (query.quantity !== undefined && query.quantity !== '') {
    try {
      quantity = parseQuantity(query.quantity, 'quantity');
    } catch (err) {
      if (err instanceof MoneyInputError) throw fieldError('quantity', err.message);
      throw err;
    }
    if (quantity <= 0) throw fieldError('quantity', 'must be greater than 0');
  }
  const [prod] = await db.select().from(p).where(and(eq(p.tenantId, actor.tenantId), eq(p.id, productId), isNull(p.deletedAt)));
  if (!prod) throw notFound('product');
  let bookId: string | null = null;
  if (query.priceBookId) {
    const [book] = await db.select({ id: b.id }).from(b).where(and(eq(b.tenantId, actor.tenantId), eq(b.id, query.priceBookId)));
    if (!book) throw fieldError('priceBookId', 'price book not found');
    bookId = book.id;
  } else {
    const [book] = await db.select({ id: b.id }).from(b).where(and(eq(b.tenantId, actor.tenantId), eq(b.isDefault, true), eq(b.active, true)));
    bookId = book?.id ?? null;
  }
  const [entry] = bookId ? await db.select().from(e).where(and(eq(e.priceBookId, bookId), eq(e.productId, productId))) : [];
  const listPrice = parseMoney(prod.listPrice);
  let price = listPrice;
  let source: 'tier' | 'book' | 'list' = 'list';
  if (entry) {
    const base = parseMoney(entry.price);
    price = tierPrice(base, entry.tiers.map((t) => ({ minQuantity: parseQuantity(t.minQuantity), price: parseMoney(t.price) })), quantity);
    source = entry.tiers.some((t) => parseQuantity(t.minQuantity) <= quantity) ? 'tier' : 'book';
  }
  return {
    productId, priceBookId: entry ? bookId : null, quantity: formatQuantity(quantity), productListPrice: formatMoney(listPrice),
    price: formatMoney(price), source, taxRate: formatPercent(parsePercent(prod.taxRate)),
  };
}
