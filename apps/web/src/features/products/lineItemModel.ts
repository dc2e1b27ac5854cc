/**
 * Line items on the web: the editable draft (strings as typed), what the API takes, and live pricing
 * with the same exact arithmetic as the server (@loopline/shared money.ts). The server stays the
 * authority: it re-prices every save.
 */
import {
  formatMoney, MoneyInputError, parseMoney, parsePercent, parseQuantity, priceDocument, PricingError,
  type DiscountKind, type LineInput, type LineItemDto, type PricedDocument,
} from '@loopline/shared';

export type { LineItemDto };

/** One line being edited: the lineItemInput fields as strings, plus the stored id and display-only code. */
export interface LineItemDraft {
  id?: string;
  productId?: string | null;
  /** display only (not sent) */
  productCode?: string | null;
  productName?: string;
  unit?: string | null;
  specification?: string | null;
  listPrice?: string;
  salePrice?: string;
  quantity: string;
  discountKind?: DiscountKind;
  discountValue?: string;
  taxRate?: string;
  remark?: string | null;
}

export interface DocumentDiscountDraft { kind: DiscountKind; value: string }

/** What the server's lineItemInput accepts (strict: no id, no display fields, no empty strings). */
export interface LineItemInputBody {
  productId?: string | null;
  productName?: string;
  unit?: string | null;
  specification?: string | null;
  listPrice?: string;
  salePrice?: string;
  quantity: string;
  discountKind?: DiscountKind;
  discountValue?: string;
  taxRate?: string;
  remark?: string | null;
}

export function emptyLine(): LineItemDraft {
  return { productName: '', quantity: '1', listPrice: '', salePrice: '', discountKind: 'percent', discountValue: '', taxRate: '13' };
}

export function fromDto(l: LineItemDto): LineItemDraft {
  return {
    id: l.id, productId: l.productId, productCode: l.productCode, productName: l.productName, unit: l.unit, specification: l.specification,
    listPrice: l.listPrice, salePrice: l.salePrice, quantity: l.quantity, discountKind: l.discountKind,
    discountValue: l.discountValue === '0' || l.discountValue === '0.00' ? '' : l.discountValue, taxRate: l.taxRate, remark: l.remark,
  };
}

const filled = (v: string | undefined | null): v is string => v !== undefined && v !== null && v.trim() !== '';

/** The request body for one draft line. */
export function toInput(d: LineItemDraft): LineItemInputBody {
  const out: LineItemInputBody = { quantity: d.quantity.trim() };
  if (d.productId) out.productId = d.productId;
  if (filled(d.productName)) out.productName = d.productName.trim();
  if (filled(d.unit)) out.unit = d.unit.trim();
  if (filled(d.specification)) out.specification = d.specification.trim();
  if (filled(d.listPrice)) out.listPrice = d.listPrice.trim();
  if (filled(d.salePrice)) out.salePrice = d.salePrice.trim();
  if (filled(d.discountValue)) {
    out.discountKind = d.discountKind ?? 'percent';
    out.discountValue = d.discountValue.trim();
  }
  if (filled(d.taxRate)) out.taxRate = d.taxRate.trim();
  if (filled(d.remark)) out.remark = d.remark.trim();
  return out;
}

export function toInputs(drafts: LineItemDraft[]): LineItemInputBody[] {
  return drafts.map(toInput);
}

/** The body's document discount, or undefined when none is set. */
export function toDiscountInput(d: DocumentDiscountDraft | undefined): { kind: DiscountKind; value: string } | undefined {
  return d && filled(d.value) ? { kind: d.kind, value: d.value.trim() } : undefined;
}

export interface LivePricing {
  /** null when some input cannot be priced yet (see errors) */
  priced: PricedDocument | null;
  /** `lines[i].field` or `discount.value` → message, like the server's 400 details */
  errors: Record<string, string>;
}

/** Prices drafts as the server will; problems come back keyed like the server's field names. */
export function priceDrafts(drafts: LineItemDraft[], discount?: DocumentDiscountDraft): LivePricing {
  const errors: Record<string, string> = {};
  const lines: LineInput[] = [];
  drafts.forEach((d, i) => {
    const at = (f: string) => `lines[${i}].${f}`;
    const parse = (fn: () => number, fallback: number): number => {
      try {
        return fn();
      } catch (err) {
        if (err instanceof MoneyInputError) errors[at(err.field)] ??= err.message;
        else throw err;
        return fallback;
      }
    };
    if (!d.productId && !filled(d.productName)) errors[at('productName')] = 'required';
    if (!d.productId && !filled(d.listPrice)) errors[at('listPrice')] = 'required';
    const listPrice = filled(d.listPrice) ? parse(() => parseMoney(d.listPrice!, 'listPrice'), 0) : 0;
    const salePrice = filled(d.salePrice) ? parse(() => parseMoney(d.salePrice!, 'salePrice'), 0) : undefined;
    const quantity = filled(d.quantity) ? parse(() => parseQuantity(d.quantity, 'quantity'), 0) : 0;
    if (!filled(d.quantity)) errors[at('quantity')] = 'required';
    const kind = d.discountKind ?? 'percent';
    const discountValue = filled(d.discountValue)
      ? parse(() => (kind === 'amount' ? parseMoney(d.discountValue!, 'discountValue') : parsePercent(d.discountValue!, 'discountValue')), 0)
      : 0;
    const taxRate = filled(d.taxRate) ? parse(() => parsePercent(d.taxRate!, 'taxRate'), 0) : 0;
    lines.push({ listPrice, salePrice, quantity, discountKind: kind, discountValue, taxRate });
  });
  let docDiscount: { kind: DiscountKind; value: number } | undefined;
  if (discount && filled(discount.value)) {
    try {
      docDiscount = { kind: discount.kind, value: discount.kind === 'amount' ? parseMoney(discount.value, 'discount.value') : parsePercent(discount.value, 'discount.value') };
    } catch (err) {
      if (!(err instanceof MoneyInputError)) throw err;
      errors['discount.value'] = err.message;
    }
  }
  try {
    const priced = priceDocument(lines, docDiscount);
    return { priced: Object.keys(errors).length ? null : priced, errors };
  } catch (err) {
    if (!(err instanceof PricingError)) throw err;
    for (const p of err.problems) {
      const key = p.line === undefined ? (p.field === 'discountValue' ? 'discount.value' : p.field) : `lines[${p.line}].${p.field}`;
      errors[key] ??= p.message;
    }
    return { priced: null, errors };
  }
}

/** Totals of stored lines (the table's footer), summed exactly from their decimal strings. */
export function totalsOfLines(lines: LineItemDto[]): { grossAmount: string; discountAmount: string; taxAmount: string; totalAmount: string } {
  const sum = (f: (l: LineItemDto) => string) => formatMoney(lines.reduce((a, l) => a + parseMoney(f(l)), 0));
  return {
    grossAmount: sum((l) => l.grossAmount),
    discountAmount: formatMoney(lines.reduce((a, l) => a + parseMoney(l.discountAmount) + parseMoney(l.allocatedDiscount), 0)),
    taxAmount: sum((l) => l.taxAmount),
    totalAmount: sum((l) => l.totalAmount),
  };
}
