/** Request shapes of invoices and billing profiles. */
import { z } from 'zod';
import { INVOICE_TITLE_TYPES, INVOICE_TYPES } from '@loopline/shared';
import { customInput, emailInput, optText, phoneInput, tagsInput, text } from '../customers/input.ts';
import { dayInput, moneyInput } from '../payments/input.ts';

const uuid = z.string().uuid();

/** The billing details (开票信息) an invoice and a saved profile share; rules across fields are checked in the service. */
const billing = {
  titleType: z.enum(INVOICE_TITLE_TYPES, { message: 'must be company or individual' }),
  title: text(200).min(1, '发票抬头必填 / title is required'),
  taxNumber: optText(30),
  bankName: optText(100),
  bankAccount: optText(50),
  address: optText(200),
  phone: phoneInput,
};

const invoiceFields = {
  ...billing,
  amount: moneyInput,
  invoiceType: z.enum(INVOICE_TYPES, { message: `must be one of ${INVOICE_TYPES.join(', ')}` }),
  mailRecipient: optText(50),
  mailPhone: phoneInput,
  mailAddress: optText(200),
  email: emailInput,
  remark: optText(2000),
  tags: tagsInput,
  custom: customInput,
};

export const createInvoiceInput = z.object({
  ...invoiceFields,
  contractId: uuid,
  ownerId: uuid.optional(),
  /** save the billing details back to the customer (updates the profile with the same title, or adds one) */
  saveBillingProfile: z.boolean().optional(),
}).strict();
export type CreateInvoiceInput = z.infer<typeof createInvoiceInput>;

export const updateInvoiceInput = z.object(invoiceFields).partial().extend({ saveBillingProfile: z.boolean().optional() }).strict();
export type UpdateInvoiceInput = z.infer<typeof updateInvoiceInput>;

export const issueInvoiceInput = z.object({
  invoiceNo: z.string().trim().regex(/^[0-9A-Za-z-]{6,30}$/, '发票号码应为 6–30 位数字或字母 / 6–30 digits or letters'),
  invoicedOn: dayInput,
}).strict();
export type IssueInvoiceInput = z.infer<typeof issueInvoiceInput>;

export const billingProfileInput = z.object({ ...billing, isDefault: z.boolean().optional() }).strict();
export type BillingProfileInput = z.infer<typeof billingProfileInput>;
export const updateBillingProfileInput = billingProfileInput.partial().strict();
export type UpdateBillingProfileInput = z.infer<typeof updateBillingProfileInput>;

export const profileParams = z.object({ id: uuid, profileId: uuid }).strict();
