/**
 * The line items (明细) of an opportunity, quote, contract or order: one table (line_items), one
 * pricing (packages/shared/src/money.ts). A document's owner module calls saveLineItems inside its
 * transaction and stores the returned totals on its own row.
 */
import type { PricedDocument } from '@loopline/shared';
import type { Db } from '../../platform/db/client.ts';
import { z } from 'zod';

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

/** A stored line as the API returns it (decimal strings). */
export interface LineItemDto {
  id: string;
  position: number;
  productId: string | null;
  productCode: string | null;
  productName: string;
  unit: string | null;
  specification: string | null;
  listPrice: string;
  salePrice: string;
  quantity: string;
  discountKind: 'percent' | 'amount';
  discountValue: string;
  taxRate: string;
  grossAmount: string;
  discountAmount: string;
  allocatedDiscount: string;
  totalAmount: string;
  taxAmount: string;
  deliveredQuantity: string;
  remark: string | null;
}

export interface SavedLines {
  lines: LineItemDto[];
  /** totals in fen, for the parent row (formatMoney them for numeric columns) */
  priced: PricedDocument;
}

/**
 * Replaces the parent's lines with `input`, priced with the optional document discount and price
 * book. Throws 400 VALIDATION_FAILED naming `lines[i].field` (unknown product, negative price, a
 * discount above the price …) and writes nothing then. Runs inside the caller's transaction.
 */
export async function saveLineItems(
  _tx: Db,
  _tenantId: string,
  _parentType: LineParentType,
  _parentId: string,
  _input: LineItemInput[],
  _opts: { discount?: { kind: 'percent' | 'amount'; value: string | number }; priceBookId?: string | null } = {},
): Promise<SavedLines> {
  throw new Error('PLACEHOLDER (products owner): saveLineItems');
}

export async function loadLineItems(_tx: Db, _tenantId: string, _parentType: LineParentType, _parentId: string): Promise<LineItemDto[]> {
  throw new Error('PLACEHOLDER (products owner): loadLineItems');
}

/** Copies a document's lines to another (quote → contract → order), re-pricing nothing: amounts stay as agreed. */
export async function copyLineItems(_tx: Db, _tenantId: string, _from: { type: LineParentType; id: string }, _to: { type: LineParentType; id: string }): Promise<LineItemDto[]> {
  throw new Error('PLACEHOLDER (products owner): copyLineItems');
}
