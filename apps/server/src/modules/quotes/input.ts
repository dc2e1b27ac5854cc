/** Request shapes of the quote API (zod; unknown fields are a 400 naming the field). */
import { z } from 'zod';
import { isValidDate } from '../../platform/records/customValues.ts';
import { customInput, optText, tagsInput, text } from '../customers/input.ts';
import { lineItemsInput } from '../products/lineItems.ts';

const dateInput = z.string().refine(isValidDate, 'must be a date YYYY-MM-DD');
const decimal = z.union([z.string().max(40), z.number()]);
export const discountInput = z.strictObject({ kind: z.enum(['percent', 'amount']), value: decimal });

const quoteFields = {
  title: text(200).min(1, 'title is required'),
  customerId: z.uuid(),
  contactId: z.uuid().nullable(),
  priceBookId: z.uuid().nullable(),
  quoteDate: dateInput,
  validUntil: dateInput.nullable(),
  /** the document discount on top of the lines' own ("percent" 0–100 or an amount in yuan) */
  discount: discountInput,
  lines: lineItemsInput,
  terms: optText(5000),
  remark: optText(2000),
  tags: tagsInput,
  custom: customInput,
};

/**
 * POST /quotes. From an opportunity: customer (and title) default to the opportunity's, and without
 * `lines` its line items are copied. Standalone: customerId and title are required.
 */
export const createQuoteInput = z.strictObject({
  ...quoteFields,
  title: quoteFields.title.optional(),
  customerId: quoteFields.customerId.optional(),
  opportunityId: z.uuid().optional(),
  contactId: quoteFields.contactId.optional(),
  priceBookId: quoteFields.priceBookId.optional(),
  quoteDate: quoteFields.quoteDate.optional(),
  validUntil: quoteFields.validUntil.optional(),
  discount: discountInput.optional(),
  lines: lineItemsInput.optional(),
  ownerId: z.uuid().optional(),
});
export type CreateQuoteInput = z.infer<typeof createQuoteInput>;

export const updateQuoteInput = z.strictObject(quoteFields).partial();
export type UpdateQuoteInput = z.infer<typeof updateQuoteInput>;

export const acceptQuoteInput = z.strictObject({ createContract: z.boolean().optional() });
export const rejectQuoteInput = z.strictObject({ reason: z.string().trim().min(1, 'reason is required').max(500) });
export const sendQuoteInput = z.strictObject({
  /** also email the PDF to this address */
  email: z.string().trim().toLowerCase().email('invalid email').max(254).optional(),
});
export const emailQuoteInput = z.strictObject({
  to: z.string().trim().toLowerCase().email('invalid email').max(254),
  subject: z.string().trim().min(1).max(200).optional(),
  message: z.string().max(5000).optional(),
});
export const submitQuoteInput = z.strictObject({
  comment: z.string().max(2000).optional(),
  chosenApprovers: z.record(z.string(), z.array(z.uuid()).max(20)).optional(),
});
export const ownerInput = z.strictObject({ ownerId: z.uuid(), reason: z.string().trim().max(500).optional() });
export const pdfQuery = z.strictObject({ inline: z.enum(['0', '1']).optional(), templateId: z.uuid().optional() });

export const discountLimitsInput = z.strictObject({
  items: z.array(z.strictObject({ roleId: z.uuid(), maxDiscountPct: decimal.nullable() })).max(200),
});
