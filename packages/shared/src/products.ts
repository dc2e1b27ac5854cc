/**
 * Products and line items as the API returns them (apps/server/src/modules/products). Money is a
 * decimal string in yuan ("1234.50"), quantities and percents are shortest decimal strings ("2.5", "13").
 */

/** A stored line of an opportunity, quote, contract or order. */
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
  /** percent when discountKind = percent, yuan off the line when amount */
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

export interface ProductImage { id: string; name: string; url: string }

export interface ProductView {
  id: string;
  code: string;
  name: string;
  categoryId: string | null;
  categoryName: string | null;
  unit: string | null;
  specification: string | null;
  listPrice: string;
  taxRate: string;
  listed: boolean;
  description: string | null;
  imageIds: string[];
  ownerId: string | null;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  [key: string]: unknown;
}

export interface ProductCategoryView {
  id: string;
  parentId: string | null;
  name: string;
  sort: number;
  /** live products directly in this category */
  productCount: number;
}

export interface PriceTier { minQuantity: string; price: string }

export interface PriceBookView {
  id: string;
  name: string;
  description: string | null;
  active: boolean;
  isDefault: boolean;
  entryCount: number;
}

export interface PriceBookEntryView {
  id: string;
  priceBookId: string;
  priceBookName?: string;
  productId: string;
  productCode: string;
  productName: string;
  unit: string | null;
  listPrice: string;
  price: string;
  tiers: PriceTier[];
}

/** GET /products/:id/price — what a new line for this product and quantity would get. */
export interface ProductPriceQuote {
  productId: string;
  priceBookId: string | null;
  quantity: string;
  /** the product's own list price */
  productListPrice: string;
  /** the unit price a line gets (book tier → book price → product list price) */
  price: string;
  source: 'tier' | 'book' | 'list';
  taxRate: string;
}
