import { z } from 'zod';
import { customInput, optText, phoneInput, tagsInput, text } from '../customers/input.ts';
import { dateInput, moneyInput } from '../contracts/input.ts';
import { lineItemsInput } from '../products/lineItems.ts';

const orderFields = {
  title: text(200).min(1, 'title is required'),
  customerId: z.string().uuid(),
  orderDate: dateInput,
  receiverName: optText(50),
  receiverPhone: phoneInput,
  shippingAddress: optText(300),
  remark: optText(2000),
  tags: tagsInput,
  custom: customInput,
  lines: lineItemsInput.optional(),
  /** document discount on top of the lines' */
  discount: z.object({ kind: z.enum(['percent', 'amount']), value: moneyInput }).strict().optional(),
};

/** POST /orders: from an approved contract (contractId), an accepted quote (quoteId), or standalone (customerId, title, lines). */
export const createOrderInput = z
  .object({ ...orderFields, title: orderFields.title.optional(), customerId: orderFields.customerId.optional(), contractId: z.string().uuid().optional(), quoteId: z.string().uuid().optional(), ownerId: z.string().uuid().optional() })
  .strict()
  .refine((v) => !(v.contractId && v.quoteId), { message: 'give contractId or quoteId, not both', path: ['quoteId'] });
export const updateOrderInput = z.object({ ...orderFields, status: z.enum(['draft', 'confirmed', 'completed', 'cancelled']) }).partial().strict();

export const shipmentInput = z
  .object({
    shippedOn: z.string().refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s)), 'must be a date YYYY-MM-DD'),
    carrier: optText(100),
    trackingNumber: optText(100),
    remark: optText(500),
    lines: z.array(z.object({ lineItemId: z.string().uuid(), quantity: z.union([z.string().max(40), z.number()]) }).strict()).min(1).max(500),
  })
  .strict();

export type CreateOrderInput = z.infer<typeof createOrderInput>;
export type UpdateOrderInput = z.infer<typeof updateOrderInput>;
export type ShipmentInput = z.infer<typeof shipmentInput>;
