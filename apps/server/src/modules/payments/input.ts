/** Request shapes of payment plans and payment records (zod; unknown fields are a 400 naming the field). */
import { z } from 'zod';
import { MoneyInputError, PAYMENT_METHODS, parseMoney } from '@loopline/shared';
import { isValidDate } from '../../platform/records/customValues.ts';
import { customInput, optText, tagsInput } from '../customers/input.ts';

/** A positive amount as a decimal string or number ("1234.50") → integer fen; anything else names the field. */
export const moneyInput = z.union([z.string(), z.number()]).transform((v, ctx) => {
  try {
    const n = parseMoney(v);
    if (n <= 0) {
      ctx.addIssue({ code: 'custom', message: '金额必须大于 0 / must be greater than 0' });
      return z.NEVER;
    }
    return n;
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: err instanceof MoneyInputError ? `金额格式不正确 / ${err.message}` : 'invalid amount' });
    return z.NEVER;
  }
});

/** A calendar day YYYY-MM-DD between 2000 and 2099 (absurd dates are a 400). */
export const dayInput = z.string().trim().refine((s) => isValidDate(s) && s >= '2000-01-01' && s <= '2099-12-31', '日期应为 YYYY-MM-DD（2000–2099） / must be a date YYYY-MM-DD between 2000 and 2099');

const uuid = z.string().uuid();

const planFields = {
  amount: moneyInput,
  dueDate: dayInput,
  remindDaysBefore: z.number().int().min(0).max(365),
  remark: optText(2000),
  ownerId: uuid,
  custom: customInput,
};

export const createPlanInput = z.object({
  ...planFields,
  contractId: uuid,
  instalment: z.number().int().min(1).max(999).optional(),
  remindDaysBefore: planFields.remindDaysBefore.optional(),
  ownerId: uuid.optional(),
}).strict();
export type CreatePlanInput = z.infer<typeof createPlanInput>;

export const updatePlanInput = z.object(planFields).partial().strict();
export type UpdatePlanInput = z.infer<typeof updatePlanInput>;

/** Instalments given one by one, or an even split of `total` (default: the contract's unplanned amount). */
export const generatePlansInput = z.union([
  z.object({
    instalments: z.array(z.object({ amount: moneyInput, dueDate: dayInput, remindDaysBefore: planFields.remindDaysBefore.optional() }).strict()).min(1).max(60),
  }).strict(),
  z.object({
    count: z.number().int().min(1).max(60),
    firstDueDate: dayInput,
    intervalMonths: z.number().int().min(1).max(24).default(1),
    total: moneyInput.optional(),
    remindDaysBefore: planFields.remindDaysBefore.optional(),
  }).strict(),
]);
export type GeneratePlansInput = z.infer<typeof generatePlansInput>;

const paymentFields = {
  planId: uuid.nullable(),
  paidOn: dayInput,
  amount: moneyInput,
  method: z.enum(PAYMENT_METHODS, { message: `付款方式应为 ${PAYMENT_METHODS.join(' / ')} / must be one of ${PAYMENT_METHODS.join(', ')}` }),
  payerName: optText(200),
  payerAccount: optText(100),
  remark: optText(2000),
  tags: tagsInput,
  custom: customInput,
};

export const createPaymentInput = z.object({ ...paymentFields, contractId: uuid, planId: paymentFields.planId.optional(), ownerId: uuid.optional() }).strict();
export type CreatePaymentInput = z.infer<typeof createPaymentInput>;

export const updatePaymentInput = z.object(paymentFields).partial().strict();
export type UpdatePaymentInput = z.infer<typeof updatePaymentInput>;

export const voidInput = z.object({ reason: z.string().trim().max(500).optional() }).strict();

export const contractParams = z.object({ id: uuid }).strict();
