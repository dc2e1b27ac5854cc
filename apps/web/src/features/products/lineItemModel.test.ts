import { describe, expect, it } from 'vitest';
import { formatMoney, type LineItemDto } from '@loopline/shared';
import { emptyLine, fromDto, priceDrafts, toDiscountInput, toInput, totalsOfLines, type LineItemDraft } from './lineItemModel.ts';

const line = (p: Partial<LineItemDraft>): LineItemDraft => ({ ...emptyLine(), productName: '实施服务', ...p });

describe('line item drafts', () => {
  it('sends only what was typed, trimmed, without the id or display fields', () => {
    const d = line({ id: 'x', productId: '00000000-0000-4000-8000-000000000001', productCode: 'CP1', listPrice: ' 100.00 ', salePrice: '', quantity: '2', discountValue: '', taxRate: '6' });
    expect(toInput(d)).toEqual({ productId: '00000000-0000-4000-8000-000000000001', productName: '实施服务', listPrice: '100.00', quantity: '2', taxRate: '6' });
    expect(toInput(line({ listPrice: '5', discountKind: 'amount', discountValue: '1.5' }))).toMatchObject({ discountKind: 'amount', discountValue: '1.5' });
    expect(toDiscountInput({ kind: 'percent', value: ' ' })).toBeUndefined();
    expect(toDiscountInput({ kind: 'amount', value: '10' })).toEqual({ kind: 'amount', value: '10' });
  });

  it('prices live exactly like the server: per-line rounding, tax split, document discount shared out', () => {
    const { priced, errors } = priceDrafts(
      [line({ listPrice: '0.10', quantity: '3', taxRate: '13' }), line({ listPrice: '99.99', salePrice: '88.88', quantity: '1.5', discountValue: '10', taxRate: '6' })],
      { kind: 'amount', value: '1.00' },
    );
    expect(errors).toEqual({});
    // 0.30; 88.88 × 1.5 = 133.32, −10% = 13.33 off → 119.99; total 120.29; the 1.00 document discount falls on the larger line (largest remainder) → 118.99
    expect(priced!.lines.map((l) => formatMoney(l.totalAmount))).toEqual(['0.30', '118.99']);
    expect(formatMoney(priced!.totalAmount)).toBe('119.29');
    expect(formatMoney(priced!.discountAmount)).toBe('14.33');
    expect(formatMoney(priced!.grossAmount)).toBe('133.62');
  });

  it('names the bad fields the way the server does', () => {
    const { priced, errors } = priceDrafts(
      [line({ listPrice: '-1', quantity: '1' }), line({ listPrice: '10', quantity: 'abc' }), line({ productName: '', listPrice: '', quantity: '1' }), line({ listPrice: '10', quantity: '1', discountKind: 'amount', discountValue: '11' })],
      { kind: 'percent', value: '120' },
    );
    expect(priced).toBeNull();
    expect(Object.keys(errors).sort()).toEqual(['discount.value', 'lines[0].listPrice', 'lines[1].quantity', 'lines[2].listPrice', 'lines[2].productName', 'lines[3].discountValue'].sort());
    const over = priceDrafts([line({ listPrice: '10', quantity: '1', discountKind: 'amount', discountValue: '11' })]);
    expect(over.errors).toHaveProperty(['lines[0].discountValue']);
  });

  it('round-trips a stored line and sums stored lines exactly', () => {
    const dto: LineItemDto = {
      id: 'a', position: 0, productId: null, productCode: null, productName: 'x', unit: '个', specification: null, listPrice: '0.10', salePrice: '0.10', quantity: '3',
      discountKind: 'percent', discountValue: '0', taxRate: '13', grossAmount: '0.30', discountAmount: '0.00', allocatedDiscount: '0.10', totalAmount: '0.20', taxAmount: '0.02', deliveredQuantity: '0', remark: null,
    };
    expect(fromDto(dto)).toMatchObject({ id: 'a', listPrice: '0.10', discountValue: '' });
    const many = Array.from({ length: 10 }, (_, i) => ({ ...dto, id: String(i) }));
    expect(totalsOfLines(many)).toEqual({ grossAmount: '3.00', discountAmount: '1.00', taxAmount: '0.20', totalAmount: '2.00' });
  });
});
