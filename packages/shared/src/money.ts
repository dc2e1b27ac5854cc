/**
 * Money (金额) — exact, in integer fen (分). Never binary floats: amounts travel as decimal strings
 * ("1234.50") in the API and numeric(14,2) in the database, and are computed here as integers
 * (BigInt where products could pass 2^53). Quantities have 4 decimals, percents 4 decimals.
 *
 * Pricing follows Chinese invoices (价税合计): prices are tax-inclusive; each line is rounded to the
 * fen on its own (half up), its tax is split out per line as total × rate / (100 + rate), and a
 * document's totals are the sums of its rounded lines. A document-level discount is shared out over
 * the lines in proportion to their totals (largest remainder), so lines still add up to the total.
 */

/**
 * Largest amount a line or document may carry: 99,999,999,999.99 yuan — a tenth of what numeric(14,2)
 * holds, so that the sum of 500 lines (lineItemsInput's maximum) stays below 2^53 and exact as a JS number.
 */
export const MAX_MONEY_FEN = 99_999_999_999_99;
export const QUANTITY_SCALE = 10_000;
export const PERCENT_SCALE = 10_000; // 4 decimals of a percent

export class MoneyInputError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

function parseScaled(value: string | number, decimals: number, field: string): bigint {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value.trim();
  const m = /^(-?)(\d{1,15})(?:\.(\d*))?$/.exec(text);
  if (!m) throw new MoneyInputError(field, `must be a number with at most ${decimals} decimals`);
  const frac = m[3] ?? '';
  if (frac.length > decimals && /[1-9]/.test(frac.slice(decimals))) throw new MoneyInputError(field, `must have at most ${decimals} decimals`);
  const digits = m[2]! + frac.slice(0, decimals).padEnd(decimals, '0');
  const n = BigInt(digits);
  return m[1] ? -n : n;
}

/** "1234.5" / 1234.5 → 123450 fen; throws MoneyInputError on anything but a plain decimal with ≤ 2 places. */
export function parseMoney(value: string | number, field = 'amount'): number {
  const n = parseScaled(value, 2, field);
  if (n > BigInt(MAX_MONEY_FEN) || n < -BigInt(MAX_MONEY_FEN)) throw new MoneyInputError(field, 'is too large');
  return Number(n);
}

/** 123450 → "1234.50" (the API's and database's form). */
export function formatMoney(fen: number): string {
  const neg = fen < 0;
  const abs = Math.abs(fen);
  const s = `${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  return neg ? `-${s}` : s;
}

/** 123450 → "¥1,234.50" for display. */
export function displayMoney(fen: number, symbol = '¥'): string {
  const [int, dec] = formatMoney(Math.abs(fen)).split('.');
  return `${fen < 0 ? '-' : ''}${symbol}${int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${dec}`;
}

/** "2.5" → 25000 (quantity in 1/10000 units). */
export function parseQuantity(value: string | number, field = 'quantity'): number {
  const n = parseScaled(value, 4, field);
  if (n > 10n ** 14n) throw new MoneyInputError(field, 'is too large');
  return Number(n);
}

export function formatQuantity(q: number): string {
  return formatScaled(q, 4);
}

/** "13" / "7.5" → 130000 / 75000 (percent in 1/10000 of a percent). */
export function parsePercent(value: string | number, field = 'percent'): number {
  const n = parseScaled(value, 4, field);
  if (n < 0n || n > 100n * BigInt(PERCENT_SCALE)) throw new MoneyInputError(field, 'must be between 0 and 100');
  return Number(n);
}

export function formatPercent(p: number): string {
  return formatScaled(p, 4);
}

/** Shortest decimal string: 25000 at 4 → "2.5". */
function formatScaled(n: number, decimals: number): string {
  const scale = 10 ** decimals;
  const neg = n < 0;
  const abs = Math.abs(n);
  const frac = String(abs % scale).padStart(decimals, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${Math.trunc(abs / scale)}${frac ? `.${frac}` : ''}`;
}

/** a × b / d rounded half up (away from zero), exact for non-negative operands. */
export function mulDivRound(a: number, b: number, d: number): number {
  const num = BigInt(a) * BigInt(b);
  const den = BigInt(d);
  const q = num / den;
  const r = num % den;
  return Number(2n * (r < 0n ? -r : r) >= den ? q + (num < 0n ? -1n : 1n) : q);
}

// ------------------------------------------------------------------ line items

export type DiscountKind = 'percent' | 'amount';

/** A line as entered: amounts in fen, quantity ×10^4, percents ×10^4. */
export interface LineInput {
  listPrice: number;
  /** unit sale price; defaults to listPrice */
  salePrice?: number;
  quantity: number;
  discountKind?: DiscountKind;
  /** percent ×10^4 when kind = percent; fen off the whole line when kind = amount */
  discountValue?: number;
  /** percent ×10^4 (13% → 130000) */
  taxRate?: number;
}

export interface PricedLine {
  listPrice: number;
  salePrice: number;
  quantity: number;
  discountKind: DiscountKind;
  discountValue: number;
  taxRate: number;
  /** salePrice × quantity, rounded */
  grossAmount: number;
  /** the line's own discount, rounded */
  discountAmount: number;
  /** this line's share of the document discount */
  allocatedDiscount: number;
  /** tax-inclusive line total (价税合计) = gross − discount − allocated */
  totalAmount: number;
  /** tax inside totalAmount, rounded per line */
  taxAmount: number;
  /** effective discount off list price, percent ×10^4 (what discount limits compare with) */
  effectiveDiscountPct: number;
}

export interface DocumentDiscount {
  kind: DiscountKind;
  /** percent ×10^4 or fen */
  value: number;
}

export interface PricedDocument {
  lines: PricedLine[];
  grossAmount: number;
  /** line discounts + the document discount */
  discountAmount: number;
  taxAmount: number;
  totalAmount: number;
  /** the largest effective discount off list price over the lines, after the document discount; ×10^4 */
  maxDiscountPct: number;
}

/** One field's problem, with the line index when it is a line's. */
export interface PricingProblem {
  line?: number;
  field: string;
  message: string;
}

export class PricingError extends Error {
  constructor(readonly problems: PricingProblem[]) {
    super(problems.map((p) => (p.line === undefined ? `${p.field}: ${p.message}` : `lines[${p.line}].${p.field}: ${p.message}`)).join('; '));
  }
}

function priceLine(input: LineInput, index: number, problems: PricingProblem[]): PricedLine {
  const salePrice = input.salePrice ?? input.listPrice;
  const discountKind = input.discountKind ?? 'percent';
  const discountValue = input.discountValue ?? 0;
  const taxRate = input.taxRate ?? 0;
  const bad = (field: string, message: string) => problems.push({ line: index, field, message });
  if (input.listPrice < 0) bad('listPrice', 'must not be negative');
  if (input.salePrice !== undefined && salePrice < 0) bad('salePrice', 'must not be negative');
  if (input.quantity <= 0) bad('quantity', 'must be greater than 0');
  if (discountValue < 0) bad('discountValue', 'must not be negative');
  if (taxRate < 0 || taxRate > 100 * PERCENT_SCALE) bad('taxRate', 'must be between 0 and 100');
  const grossAmount = mulDivRound(salePrice, input.quantity, QUANTITY_SCALE);
  if (grossAmount > MAX_MONEY_FEN) bad('quantity', 'the line amount is too large');
  let discountAmount: number;
  if (discountKind === 'percent') {
    if (discountValue > 100 * PERCENT_SCALE) bad('discountValue', 'a discount cannot exceed 100%');
    discountAmount = mulDivRound(grossAmount, discountValue, 100 * PERCENT_SCALE);
  } else {
    discountAmount = discountValue;
    if (discountAmount > grossAmount) bad('discountValue', 'the discount is greater than the line amount');
  }
  const totalAmount = grossAmount - discountAmount;
  return {
    listPrice: input.listPrice, salePrice, quantity: input.quantity, discountKind, discountValue, taxRate,
    grossAmount, discountAmount, allocatedDiscount: 0, totalAmount, taxAmount: 0, effectiveDiscountPct: 0,
  };
}

/** Shares `amount` over `weights` in proportion, exactly (largest remainder; ties to the earlier line). */
export function allocate(amount: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0 || amount === 0) return weights.map(() => 0);
  const exact = weights.map((w) => BigInt(amount) * BigInt(w));
  const base = exact.map((e) => Number(e / BigInt(sum)));
  let left = amount - base.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, r: e % BigInt(sum) })).sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of order) {
    if (left <= 0) break;
    base[i]! += 1;
    left -= 1;
  }
  return base;
}

/**
 * Prices a document's lines and optional document discount. Throws PricingError listing every
 * problem (negative price, zero quantity, a discount above the price, …) so the API can name them.
 */
export function priceDocument(lines: LineInput[], discount?: DocumentDiscount): PricedDocument {
  const problems: PricingProblem[] = [];
  const priced = lines.map((l, i) => priceLine(l, i, problems));
  const afterLines = priced.reduce((a, l) => a + l.totalAmount, 0);
  let docDiscount = 0;
  if (discount && discount.value !== 0) {
    if (discount.value < 0) problems.push({ field: 'discountValue', message: 'must not be negative' });
    else if (discount.kind === 'percent') {
      if (discount.value > 100 * PERCENT_SCALE) problems.push({ field: 'discountValue', message: 'a discount cannot exceed 100%' });
      else docDiscount = mulDivRound(afterLines, discount.value, 100 * PERCENT_SCALE);
    } else if (discount.value > afterLines) {
      problems.push({ field: 'discountValue', message: 'the discount is greater than the total' });
    } else docDiscount = discount.value;
  }
  if (problems.length) throw new PricingError(problems);
  const shares = allocate(docDiscount, priced.map((l) => l.totalAmount));
  for (const [i, line] of priced.entries()) {
    line.allocatedDiscount = shares[i]!;
    line.totalAmount -= shares[i]!;
    line.taxAmount = mulDivRound(line.totalAmount, line.taxRate, 100 * PERCENT_SCALE + line.taxRate);
    const listGross = mulDivRound(line.listPrice, line.quantity, QUANTITY_SCALE);
    line.effectiveDiscountPct = listGross > 0 ? Math.max(0, mulDivRound(listGross - line.totalAmount, 100 * PERCENT_SCALE, listGross)) : 0;
  }
  const sum = (f: (l: PricedLine) => number) => priced.reduce((a, l) => a + f(l), 0);
  const totalAmount = sum((l) => l.totalAmount);
  if (totalAmount > MAX_MONEY_FEN) throw new PricingError([{ field: 'lines', message: 'the total is too large' }]);
  return {
    lines: priced,
    grossAmount: sum((l) => l.grossAmount),
    discountAmount: sum((l) => l.discountAmount) + docDiscount,
    taxAmount: sum((l) => l.taxAmount),
    totalAmount,
    maxDiscountPct: priced.reduce((m, l) => Math.max(m, l.effectiveDiscountPct), 0),
  };
}

/** Unit price for a quantity from a price book entry's tiers (highest minQuantity ≤ quantity wins). */
export function tierPrice(basePrice: number, tiers: { minQuantity: number; price: number }[], quantity: number): number {
  let price = basePrice;
  let best = -1;
  for (const t of tiers) if (t.minQuantity <= quantity && t.minQuantity > best) { best = t.minQuantity; price = t.price; }
  return price;
}

/** 大写金额 for printed contracts and receipts: 12345.60 → 壹万贰仟叁佰肆拾伍元陆角整. */
export function chineseUppercaseMoney(fen: number): string {
  if (fen === 0) return '零元整';
  const digits = '零壹贰叁肆伍陆柒捌玖';
  const neg = fen < 0;
  let n = Math.abs(fen);
  const jiao = Math.trunc(n / 10) % 10;
  const fenDigit = n % 10;
  n = Math.trunc(n / 100);
  const units = ['', '拾', '佰', '仟'];
  const groups = ['', '万', '亿', '万亿'];
  let out = '';
  let g = 0;
  let needZero = false;
  while (n > 0) {
    const part = n % 10000;
    n = Math.trunc(n / 10000);
    let s = '';
    let zero = false;
    for (let i = 0, p = part; i < 4; i++, p = Math.trunc(p / 10)) {
      const d = p % 10;
      if (d === 0) {
        if (s) zero = true;
      } else {
        s = digits[d]! + units[i]! + (zero ? '零' : '') + s;
        zero = false;
      }
    }
    if (part > 0) {
      out = s + groups[g]! + (needZero ? '零' : '') + out;
      needZero = part < 1000 && n > 0;
    } else if (out) needZero = true;
    g++;
  }
  let result = out ? `${out}元` : '';
  if (jiao === 0 && fenDigit === 0) result += '整';
  else {
    if (jiao) result += `${digits[jiao]}角`;
    else if (out) result += '零';
    if (fenDigit) result += `${digits[fenDigit]}分`;
    else result += '整';
  }
  return (neg ? '负' : '') + result;
}
