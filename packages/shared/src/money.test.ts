import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocate, chineseUppercaseMoney, displayMoney, formatMoney, formatPercent, formatQuantity, MAX_MONEY_FEN, MoneyInputError, parseMoney,
  parsePercent, parseQuantity, priceDocument, PricingError, tierPrice, type LineInput,
} from './money.ts';

// ---------------------------------------------------------------- a BigInt reference, written independently

/** round(a·b / d) half away from zero, all BigInt */
const refRound = (num: bigint, den: bigint): bigint => {
  const q = num / den;
  const r = num % den;
  return 2n * r >= den ? q + 1n : q;
};

interface RefLine { gross: bigint; discount: bigint; total: bigint; tax: bigint }

function reference(lines: LineInput[], doc?: { kind: 'percent' | 'amount'; value: number }) {
  const out: RefLine[] = lines.map((l) => {
    const sale = BigInt(l.salePrice ?? l.listPrice);
    const gross = refRound(sale * BigInt(l.quantity), 10_000n);
    const dv = BigInt(l.discountValue ?? 0);
    const discount = (l.discountKind ?? 'percent') === 'percent' ? refRound(gross * dv, 1_000_000n) : dv;
    return { gross, discount, total: gross - discount, tax: 0n };
  });
  const afterLines = out.reduce((a, l) => a + l.total, 0n);
  const docDiscount = !doc ? 0n : doc.kind === 'percent' ? refRound(afterLines * BigInt(doc.value), 1_000_000n) : BigInt(doc.value);
  return { out, afterLines, docDiscount };
}

const fen = (max = 10_000_000) => fc.integer({ min: 0, max });
const lineArb: fc.Arbitrary<LineInput> = fc.record({
  listPrice: fen(),
  salePrice: fc.option(fen(), { nil: undefined }),
  quantity: fc.integer({ min: 1, max: 5_000_000 }), // 0.0001 … 500 units
  discountKind: fc.constant<'percent'>('percent'),
  discountValue: fc.integer({ min: 0, max: 1_000_000 }),
  taxRate: fc.constantFrom(0, 30_000, 60_000, 90_000, 130_000, 125_000),
});
const linesArb = fc.array(lineArb, { minLength: 1, maxLength: 30 });

describe('priceDocument on generated line items', () => {
  it('document totals are the sums of the rounded lines and match a BigInt reference (no float drift)', () => {
    fc.assert(
      fc.property(linesArb, fc.integer({ min: 0, max: 1_000_000 }), (lines, pct) => {
        const doc = { kind: 'percent' as const, value: pct };
        const priced = priceDocument(lines, doc);
        const ref = reference(lines, doc);
        const sum = (f: (l: (typeof priced.lines)[number]) => number) => priced.lines.reduce((a, l) => a + f(l), 0);
        expect(priced.totalAmount).toBe(sum((l) => l.totalAmount));
        expect(priced.taxAmount).toBe(sum((l) => l.taxAmount));
        expect(priced.grossAmount).toBe(sum((l) => l.grossAmount));
        expect(priced.discountAmount).toBe(sum((l) => l.discountAmount) + sum((l) => l.allocatedDiscount));
        priced.lines.forEach((l, i) => {
          expect(BigInt(l.grossAmount)).toBe(ref.out[i]!.gross);
          expect(BigInt(l.discountAmount)).toBe(ref.out[i]!.discount);
          expect(BigInt(l.totalAmount + l.allocatedDiscount)).toBe(ref.out[i]!.total);
          // tax split out of the tax-inclusive total, rounded per line
          expect(BigInt(l.taxAmount)).toBe(refRound(BigInt(l.totalAmount) * BigInt(l.taxRate), 1_000_000n + BigInt(l.taxRate)));
          expect(Number.isInteger(l.totalAmount) && l.totalAmount >= 0).toBe(true);
        });
        expect(BigInt(priced.totalAmount)).toBe(ref.afterLines - ref.docDiscount);
      }),
      { numRuns: 300 },
    );
  });

  it('shares a document discount exactly: shares add up to it and none exceeds its line', () => {
    fc.assert(
      fc.property(linesArb, fc.double({ min: 0, max: 1, noNaN: true }), (lines, frac) => {
        const before = priceDocument(lines).totalAmount;
        const amount = Math.floor(before * frac);
        const priced = priceDocument(lines, { kind: 'amount', value: amount });
        const shares = priced.lines.map((l) => l.allocatedDiscount);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(amount);
        priced.lines.forEach((l) => {
          expect(l.allocatedDiscount).toBeGreaterThanOrEqual(0);
          expect(l.totalAmount).toBeGreaterThanOrEqual(0);
        });
        expect(priced.totalAmount).toBe(before - amount);
      }),
      { numRuns: 300 },
    );
  });

  it('allocate is exact, proportional within one fen, and never gives a share beyond its weight', () => {
    fc.assert(
      fc.property(fc.array(fen(1_000_000_000), { minLength: 1, maxLength: 40 }), fc.double({ min: 0, max: 1, noNaN: true }), (weights, frac) => {
        const sum = weights.reduce((a, b) => a + b, 0);
        const amount = Math.floor(sum * frac);
        const shares = allocate(amount, weights);
        if (sum === 0) {
          expect(shares.every((s) => s === 0)).toBe(true);
          return;
        }
        expect(shares.reduce((a, b) => a + b, 0)).toBe(amount);
        shares.forEach((s, i) => {
          expect(s).toBeLessThanOrEqual(weights[i]!);
          const exact = (BigInt(amount) * BigInt(weights[i]!)) / BigInt(sum);
          expect(BigInt(s) - exact >= 0n && BigInt(s) - exact <= 1n).toBe(true);
        });
      }),
    );
  });

  it('0.1 + 0.2 style sums stay exact where floats drift', () => {
    const lines: LineInput[] = Array.from({ length: 10 }, () => ({ listPrice: parseMoney('0.10'), quantity: parseQuantity('1') }));
    expect(formatMoney(priceDocument(lines).totalAmount)).toBe('1.00');
    expect(lines.reduce((a) => a + 0.1, 0)).not.toBe(1); // what the same sum does as floats
    // 3 × 33.33 at 13% VAT: the tax is split per line and then summed (3 × 3.83), not taken from the total
    const vat = priceDocument(Array.from({ length: 3 }, () => ({ listPrice: 3333, quantity: 10_000, taxRate: 130_000 })));
    expect(vat.lines.map((l) => l.taxAmount)).toEqual([383, 383, 383]);
    expect(vat.taxAmount).toBe(1149);
  });

  it('effective discount compares the line with its list price, after the document discount', () => {
    const priced = priceDocument([{ listPrice: 10_000, salePrice: 9_000, quantity: 10_000, discountValue: 100_000 }], { kind: 'amount', value: 100 });
    // 100.00 list → 90.00 sale → −10% = 81.00 → −1.00 = 80.00: 20% off list
    expect(priced.totalAmount).toBe(8_000);
    expect(formatPercent(priced.maxDiscountPct)).toBe('20');
  });

  it('names every problem, with the line index', () => {
    const bad = () =>
      priceDocument(
        [
          { listPrice: -1, quantity: 10_000 },
          { listPrice: 100, quantity: 0 },
          { listPrice: 100, quantity: 10_000, discountKind: 'amount', discountValue: 101 },
          { listPrice: 100, quantity: 10_000, discountValue: 1_000_001 },
          { listPrice: 100, quantity: 10_000, taxRate: 1_000_001 },
        ],
        { kind: 'percent', value: 2_000_000 },
      );
    expect(bad).toThrow(PricingError);
    try {
      bad();
    } catch (err) {
      expect((err as PricingError).problems.map((p) => (p.line === undefined ? p.field : `${p.line}.${p.field}`))).toEqual([
        '0.listPrice', '1.quantity', '2.discountValue', '3.discountValue', '4.taxRate', 'discountValue',
      ]);
    }
    expect(() => priceDocument([{ listPrice: 100, quantity: 10_000 }], { kind: 'amount', value: 101 })).toThrow(/greater than the total/);
    expect(() => priceDocument([{ listPrice: MAX_MONEY_FEN, quantity: 20_000 }])).toThrow(PricingError);
  });
});

describe('parse and format', () => {
  it('round-trips money, quantities and percents', () => {
    fc.assert(fc.property(fc.integer({ min: -MAX_MONEY_FEN, max: MAX_MONEY_FEN }), (n) => {
      expect(parseMoney(formatMoney(n))).toBe(n);
      expect(formatMoney(n)).toMatch(/^-?\d+\.\d{2}$/);
    }));
    fc.assert(fc.property(fc.integer({ min: 0, max: 10 ** 14 }), (n) => {
      expect(parseQuantity(formatQuantity(n))).toBe(n);
    }));
    fc.assert(fc.property(fc.integer({ min: 0, max: 1_000_000 }), (n) => {
      expect(parsePercent(formatPercent(n))).toBe(n);
    }));
  });

  it('reads decimals exactly and displays with separators', () => {
    expect(parseMoney('1234.5')).toBe(123_450);
    expect(parseMoney(' 0.07 ')).toBe(7);
    expect(parseMoney(19.99)).toBe(1999); // 19.99 as a float is 19.98999…; its shortest form is read, not the binary value
    expect(parseMoney('1.230')).toBe(123); // trailing zeros beyond the fen are harmless
    expect(formatMoney(-5)).toBe('-0.05');
    expect(displayMoney(123_456_789)).toBe('¥1,234,567.89');
    expect(displayMoney(-100)).toBe('-¥1.00');
    expect(formatQuantity(25_000)).toBe('2.5');
    expect(parsePercent('13')).toBe(130_000);
  });

  it('throws MoneyInputError naming the field on bad input', () => {
    for (const [fn, field] of [
      [() => parseMoney('1.234', 'salePrice'), 'salePrice'],
      [() => parseMoney('abc', 'listPrice'), 'listPrice'],
      [() => parseMoney('1e5', 'listPrice'), 'listPrice'],
      [() => parseMoney('', 'amount'), 'amount'],
      [() => parseMoney(Number.NaN, 'amount'), 'amount'],
      [() => parseMoney('1000000000000.00', 'amount'), 'amount'],
      [() => parseQuantity('1.00001', 'quantity'), 'quantity'],
      [() => parsePercent('100.01', 'taxRate'), 'taxRate'],
      [() => parsePercent('-1', 'discountValue'), 'discountValue'],
    ] as const) {
      expect(fn).toThrow(MoneyInputError);
      try {
        fn();
      } catch (err) {
        expect((err as MoneyInputError).field).toBe(field);
      }
    }
  });
});

describe('tierPrice', () => {
  it('takes the highest tier whose minimum the quantity reaches, whatever the order', () => {
    const tiers = [{ minQuantity: 500_000, price: 80 }, { minQuantity: 100_000, price: 90 }];
    expect(tierPrice(100, tiers, 99_999)).toBe(100);
    expect(tierPrice(100, tiers, 100_000)).toBe(90);
    expect(tierPrice(100, tiers, 10_000_000)).toBe(80);
    expect(tierPrice(100, [], 10_000_000)).toBe(100);
  });
});

describe('chineseUppercaseMoney (大写金额)', () => {
  it.each([
    ['0.00', '零元整'],
    ['0.01', '壹分'],
    ['0.50', '伍角整'],
    ['1.05', '壹元零伍分'],
    // PBOC rule (支付结算办法): a leading 1 in the tens is written 壹拾
    ['10.00', '壹拾元整'],
    ['15.80', '壹拾伍元捌角整'],
    ['100.05', '壹佰元零伍分'],
    ['1010.00', '壹仟零壹拾元整'],
    ['1001.00', '壹仟零壹元整'],
    ['101000.00', '壹拾万壹仟元整'],
    ['10500.00', '壹万零伍佰元整'],
    ['12345.60', '壹万贰仟叁佰肆拾伍元陆角整'],
    ['1000100.50', '壹佰万零壹佰元伍角整'],
    ['100000000.00', '壹亿元整'],
    ['100010000.00', '壹亿零壹万元整'],
    ['100000001.00', '壹亿零壹元整'],
    ['120000005.00', '壹亿贰仟万零伍元整'],
    ['99999999999.99', '玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分'], // MAX_MONEY_FEN
    ['-3.00', '负叁元整'],
  ])('%s → %s', (amount, words) => {
    expect(chineseUppercaseMoney(parseMoney(amount))).toBe(words);
  });
});
