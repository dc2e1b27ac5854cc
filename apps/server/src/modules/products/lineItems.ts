/**
 * The line items (明细) of an opportunity, quote, contract or order: one table (line_items), one
 * pricing (packages/shared/src/money.ts). A document's owner module calls saveLineItems inside its
 * transaction and stores the returned totals on its own row.
 */
import {
  formatMoney, formatPercent, formatQuantity, MoneyInputError, parseMoney, parsePercent, parseQuantity, priceDocument, PricingError, tierPrice,
  type LineInput, type LineItemDto, type PricedDocument,
} from '@loopline/shared';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../platform/db/client.ts';
import { badRequest } from '../../platform/http/errors.ts';
import { lineItems, priceBookEntries, priceBooks, products, type LineItemRow } from './schema.ts';

export type LineParentType = 'opportunity' | 'quote' | 'contract' | 'order';

/**
 * One line as the API takes it: money and quantities as decimal strings (or numbers), e.g.
 * {productId, quantity: "2", salePrice: "880.00", discountKind: "percent", discountValue: "5", taxRate: "13"}.
 * A line with productId copies code/name/unit/specification from the product and, when listPrice /
 * salePrice are absent, the price from the price book (tiers by quantity) or the product's list price.
 * A line without productId needs productName and listPrice.
 */
export const lineItemInput = z.strictObject({
  productId: z.uuid().nullish(),
  productName: z.string().trim().min(1).max(200).optional(),
  unit: z.string().max(20).nullish(),
  specification: z.string().max(200).nullish(),
  listPrice: z.union([z.string(), z.number()]).optional(),
  salePrice: z.union([z.string(), z.number()]).optional(),
  quantity: z.union([z.string(), z.number()]),
  discountKind: z.enum(['percent', 'amount']).optional(),
  discountValue: z.union([z.string(), z.number()]).optional(),
  taxRate: z.union([z.string(), z.number()]).optional(),
  remark: z.string().max(500).nullish(),
});
export type LineItemInput = z.infer<typeof lineItemInput>;
export const lineItemsInput = z.array(lineItemInput).max(500);

/** A stored line as the API returns it (decimal strings); defined in @loopline/shared for the web. */
export type { LineItemDto };

export interface SavedLines {
  lines: LineItemDto[];
  /** totals in fen, for the parent row (formatMoney them for numeric columns) */
  priced: PricedDocument;
}

/**
 * Replaces the parent's lines with `input`, priced with the optional document discount and price
 * book. Throws 400 VALIDATION_FAILED naming `lines[i].field` (unknown product, negative price, a
 * discount above the price …) and writes nothing then. Runs inside the caller's transaction.
 *
 * Prices: a line with a product and no listPrice gets the price book's price for the product (the
 * tier for its quantity), or the product's list price when the book has no entry; salePrice defaults
 * to that listPrice. The book is `opts.priceBookId`, or the tenant's default book when it is absent.
 * The document discount's problems are named `discount.value`.
 */
export async function saveLineItems(
  tx: Db,
  tenantId: string,
  parentType: LineParentType,
  parentId: string,
  input: LineItemInput[],
  opts: { discount?: { kind: 'percent' | 'amount'; value: string | number }; priceBookId?: string | null } = {},
): Promise<SavedLines> {
  const { rows, priced } = await prepareLines(tx, tenantId, input, opts);
  await tx.delete(lineItems).where(and(eq(lineItems.tenantId, tenantId), eq(lineItems.parentType, parentType), eq(lineItems.parentId, parentId)));
  if (!rows.length) return { lines: [], priced };
  const inserted = await tx
    .insert(lineItems)
    .values(rows.map((r, position) => ({ ...r, tenantId, parentType, parentId, position })))
    .returning();
  return { lines: inserted.sort((a, b) => a.position - b.position).map(toLineItemDto), priced };
}

type PreparedRow = Omit<typeof lineItems.$inferInsert, 'tenantId' | 'parentType' | 'parentId' | 'position'>;

/**
 * Validates and prices lines without writing them (what saveLineItems stores; also a preview for
 * callers that want the totals first). Throws the same 400s.
 */
export async function prepareLines(
  tx: Db,
  tenantId: string,
  input: LineItemInput[],
  opts: { discount?: { kind: 'percent' | 'amount'; value: string | number }; priceBookId?: string | null } = {},
): Promise<{ rows: PreparedRow[]; priced: PricedDocument }> {
  const problems: { field: string; message: string }[] = [];
  const bad = (field: string, message: string) => problems.push({ field, message });
  const productIds = [...new Set(input.map((l) => l.productId).filter((x): x is string => !!x))];
  const found = productIds.length
    ? await tx.select().from(products).where(and(eq(products.tenantId, tenantId), inArray(products.id, productIds), isNull(products.deletedAt)))
    : [];
  const byId = new Map(found.map((p) => [p.id, p]));

  // The price book only matters for lines whose price is not given.
  const needsBook = input.some((l) => l.productId && byId.has(l.productId) && (l.listPrice === undefined || l.listPrice === ''));
  let bookId: string | null = null;
  if (opts.priceBookId) {
    const [book] = await tx.select({ id: priceBooks.id }).from(priceBooks).where(and(eq(priceBooks.tenantId, tenantId), eq(priceBooks.id, opts.priceBookId)));
    if (!book) bad('priceBookId', 'price book not found');
    else bookId = book.id;
  } else if (needsBook && opts.priceBookId === undefined) {
    const [book] = await tx.select({ id: priceBooks.id }).from(priceBooks).where(and(eq(priceBooks.tenantId, tenantId), eq(priceBooks.isDefault, true), eq(priceBooks.active, true)));
    bookId = book?.id ?? null;
  }
  const entries = bookId && needsBook
    ? await tx.select().from(priceBookEntries).where(and(eq(priceBookEntries.priceBookId, bookId), inArray(priceBookEntries.productId, productIds)))
    : [];
  const entryOf = new Map(entries.map((e) => [e.productId, e]));

  const lines: LineInput[] = [];
  const meta: Omit<PreparedRow, 'listPrice' | 'salePrice' | 'quantity' | 'discountKind' | 'discountValue' | 'taxRate' | 'grossAmount' | 'discountAmount' | 'allocatedDiscount' | 'totalAmount' | 'taxAmount'>[] = [];
  for (const [i, l] of input.entries()) {
    const at = (f: string) => `lines[${i}].${f}`;
    const product = l.productId ? byId.get(l.productId) : undefined;
    if (l.productId && !product) bad(at('productId'), 'product not found or deleted');
    if (!l.productId && !l.productName) bad(at('productName'), 'a line without a product needs a name');
    const given = (v: string | number | undefined) => v !== undefined && v !== '';
    if (!product && !given(l.listPrice) && !(l.productId && !product)) bad(at('listPrice'), 'a line without a product needs a list price');
    const parse = <T>(fn: () => T, fallback: T): T => {
      try {
        return fn();
      } catch (err) {
        if (err instanceof MoneyInputError) {
          bad(at(err.field), err.message);
          return fallback;
        }
        throw err;
      }
    };
    const quantity = parse(() => parseQuantity(l.quantity, 'quantity'), 10_000);
    let listPrice = 0;
    if (given(l.listPrice)) listPrice = parse(() => parseMoney(l.listPrice!, 'listPrice'), 0);
    else if (product) {
      listPrice = parseMoney(product.listPrice);
      const entry = entryOf.get(product.id);
      if (entry) listPrice = tierPrice(parseMoney(entry.price), entry.tiers.map((t) => ({ minQuantity: parseQuantity(t.minQuantity), price: parseMoney(t.price) })), quantity);
    }
    const salePrice = given(l.salePrice) ? parse(() => parseMoney(l.salePrice!, 'salePrice'), 0) : undefined;
    const discountKind = l.discountKind ?? 'percent';
    const discountValue = given(l.discountValue)
      ? parse(() => (discountKind === 'amount' ? parseMoney(l.discountValue!, 'discountValue') : parsePercent(l.discountValue!, 'discountValue')), 0)
      : 0;
    const taxRate = given(l.taxRate) ? parse(() => parsePercent(l.taxRate!, 'taxRate'), 0) : product ? parsePercent(product.taxRate) : 0;
    lines.push({ listPrice, salePrice, quantity, discountKind, discountValue, taxRate });
    meta.push({
      productId: product?.id ?? null,
      productCode: product?.code ?? null,
      productName: l.productName ?? product?.name ?? '',
      unit: l.unit ?? product?.unit ?? null,
      specification: l.specification ?? product?.specification ?? null,
      remark: l.remark ?? null,
    });
  }

  let discount: { kind: 'percent' | 'amount'; value: number } | undefined;
  if (opts.discount && opts.discount.value !== '' && opts.discount.value !== undefined) {
    const d = opts.discount;
    try {
      discount = { kind: d.kind, value: d.kind === 'amount' ? parseMoney(d.value, 'discount.value') : parsePercent(d.value, 'discount.value') };
    } catch (err) {
      if (!(err instanceof MoneyInputError)) throw err;
      bad(err.field, err.message);
    }
  }
  if (problems.length) throw validation(problems);
  let priced: PricedDocument;
  try {
    priced = priceDocument(lines, discount);
  } catch (err) {
    if (!(err instanceof PricingError)) throw err;
    throw validation(err.problems.map((p) => ({
      field: p.line === undefined ? (p.field === 'discountValue' ? 'discount.value' : p.field) : `lines[${p.line}].${p.field}`,
      message: p.message,
    })));
  }
  const rows: PreparedRow[] = priced.lines.map((p, i) => ({
    ...meta[i]!,
    listPrice: formatMoney(p.listPrice),
    salePrice: formatMoney(p.salePrice),
    quantity: formatQuantity(p.quantity),
    discountKind: p.discountKind,
    discountValue: p.discountKind === 'amount' ? formatMoney(p.discountValue) : formatPercent(p.discountValue),
    taxRate: formatPercent(p.taxRate),
    grossAmount: formatMoney(p.grossAmount),
    discountAmount: formatMoney(p.discountAmount),
    allocatedDiscount: formatMoney(p.allocatedDiscount),
    totalAmount: formatMoney(p.totalAmount),
    taxAmount: formatMoney(p.taxAmount),
  }));
  return { rows, priced };
}

function validation(fields: { field: string; message: string }[]) {
  return badRequest('VALIDATION_FAILED', fields.map((f) => `${f.field}: ${f.message}`).join('; '), { fields });
}

/** A document's totals as decimal strings, for its own numeric columns. */
export function documentTotals(priced: PricedDocument) {
  return {
    grossAmount: formatMoney(priced.grossAmount),
    discountAmount: formatMoney(priced.discountAmount),
    taxAmount: formatMoney(priced.taxAmount),
    totalAmount: formatMoney(priced.totalAmount),
  };
}

const money = (v: string) => formatMoney(parseMoney(v));
const qty = (v: string) => formatQuantity(parseQuantity(v));
const pct = (v: string) => formatPercent(parsePercent(v));

export function toLineItemDto(r: LineItemRow): LineItemDto {
  return {
    id: r.id,
    position: r.position,
    productId: r.productId,
    productCode: r.productCode,
    productName: r.productName,
    unit: r.unit,
    specification: r.specification,
    listPrice: money(r.listPrice),
    salePrice: money(r.salePrice),
    quantity: qty(r.quantity),
    discountKind: r.discountKind,
    discountValue: r.discountKind === 'amount' ? money(formatScaledDown(r.discountValue)) : pct(r.discountValue),
    taxRate: pct(r.taxRate),
    grossAmount: money(r.grossAmount),
    discountAmount: money(r.discountAmount),
    allocatedDiscount: money(r.allocatedDiscount),
    totalAmount: money(r.totalAmount),
    taxAmount: money(r.taxAmount),
    deliveredQuantity: qty(r.deliveredQuantity),
    remark: r.remark,
  };
}

/** "12.5000" (numeric(14,4)) holding an amount → "12.50"; the 3rd/4th decimals are always zero for amounts. */
function formatScaledDown(v: string): string {
  return v.replace(/^(-?\d+\.\d{2})\d*$/, '$1');
}

export async function loadLineItems(tx: Db, tenantId: string, parentType: LineParentType, parentId: string): Promise<LineItemDto[]> {
  const rows = await tx.select().from(lineItems)
    .where(and(eq(lineItems.tenantId, tenantId), eq(lineItems.parentType, parentType), eq(lineItems.parentId, parentId)))
    .orderBy(asc(lineItems.position));
  return rows.map(toLineItemDto);
}

/** Copies a document's lines to another (quote → contract → order), re-pricing nothing: amounts stay as agreed. */
export async function copyLineItems(tx: Db, tenantId: string, from: { type: LineParentType; id: string }, to: { type: LineParentType; id: string }): Promise<LineItemDto[]> {
  const src = await tx.select().from(lineItems)
    .where(and(eq(lineItems.tenantId, tenantId), eq(lineItems.parentType, from.type), eq(lineItems.parentId, from.id)))
    .orderBy(asc(lineItems.position));
  await tx.delete(lineItems).where(and(eq(lineItems.tenantId, tenantId), eq(lineItems.parentType, to.type), eq(lineItems.parentId, to.id)));
  if (!src.length) return [];
  const inserted = await tx.insert(lineItems).values(src.map(({ id: _id, deliveredQuantity: _d, ...r }) => ({ ...r, parentType: to.type, parentId: to.id }))).returning();
  return inserted.sort((a, b) => a.position - b.position).map(toLineItemDto);
}
