/**
 * Payment plans (回款计划), payment records (回款) and invoices (发票): the shared vocabulary and the
 * rules both the server and the web apply — tax number validation (GB 32100-2015 for the 18-character
 * unified social credit code) and a payment plan's status.
 */

export const PAYMENT_METHODS = ['bankTransfer', 'cash', 'cheque', 'online', 'alipay', 'wechatPay'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const PAYMENT_STATUSES = ['draft', 'inReview', 'confirmed', 'rejected', 'withdrawn', 'void'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const PAYMENT_PLAN_STATUSES = ['pending', 'partial', 'received', 'overdue', 'void'] as const;
export type PaymentPlanStatus = (typeof PAYMENT_PLAN_STATUSES)[number];

export const INVOICE_TYPES = ['specialVat', 'ordinaryVat', 'receipt'] as const;
export type InvoiceType = (typeof INVOICE_TYPES)[number];

export const INVOICE_TITLE_TYPES = ['company', 'individual'] as const;
export type InvoiceTitleType = (typeof INVOICE_TITLE_TYPES)[number];

export const INVOICE_STATUSES = ['draft', 'inReview', 'approved', 'rejected', 'withdrawn', 'issued', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** Invoice statuses that count toward the contract cap (an application in flight reserves its amount). */
export const INVOICE_CAP_STATUSES: readonly InvoiceStatus[] = ['draft', 'inReview', 'approved', 'issued'];
/** Invoice statuses that count as invoiced (contracts.invoiced_amount). */
export const INVOICED_STATUSES: readonly InvoiceStatus[] = ['approved', 'issued'];

/** Upper case without spaces or dashes: "9135 0100-m000 100y43" → "91350100M000100Y43". */
export function normalizeTaxNumber(raw: string): string {
  return raw.replace(/[\s\-]/g, '').toUpperCase();
}

/** The 31 characters of a unified social credit code (no I, O, S, V, Z), in value order. */
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The GB 32100-2015 check character of the first 17 characters (null when one is not allowed). */
export function unifiedCreditCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARS.indexOf(first17[i]!);
    if (v < 0) return null;
    sum += v * USCC_WEIGHTS[i]!;
  }
  const c = (31 - (sum % 31)) % 31;
  return USCC_CHARS[c]!;
}

/**
 * Why a tax number (纳税人识别号) is not valid, or null when it is. Accepted after normalizing
 * (spaces and dashes dropped, upper case):
 * - 18 characters: a unified social credit code (统一社会信用代码) — the code's 31-character set and
 *   the GB 32100-2015 check character;
 * - 15 characters: the old tax registration number (6-digit region code + 9-character organization code);
 * - 20 characters: the number of an individual business (ID number + digits), digits and letters.
 */
export function taxNumberProblem(raw: string): string | null {
  const s = normalizeTaxNumber(raw);
  if (s.length === 18) {
    if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(s)) return '统一社会信用代码含有不允许的字符（不含 I、O、S、V、Z）';
    if (unifiedCreditCheckChar(s.slice(0, 17)) !== s[17]) return '统一社会信用代码校验位不正确';
    return null;
  }
  if (s.length === 15) return /^\d{6}[0-9A-Z]{9}$/.test(s) ? null : '15 位税号应为 6 位数字地区码加 9 位组织机构代码';
  if (s.length === 20) return /^[0-9A-Z]{20}$/.test(s) ? null : '20 位税号只能包含数字和大写字母';
  return '税号应为 15、18 或 20 位';
}

export function isValidTaxNumber(raw: string): boolean {
  return taxNumberProblem(raw) === null;
}

/**
 * A payment plan's status from what has been received (fen) and its due date (YYYY-MM-DD) on the
 * tenant's `today`: received once fully paid; overdue when the due date has passed and it is not;
 * partial when something came in; pending otherwise. A void plan stays void.
 */
export function planStatus(plan: { amount: number; received: number; dueDate: string; void?: boolean }, today: string): PaymentPlanStatus {
  if (plan.void) return 'void';
  if (plan.received >= plan.amount) return 'received';
  if (plan.dueDate < today) return 'overdue';
  return plan.received > 0 ? 'partial' : 'pending';
}
