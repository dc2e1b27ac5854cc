import { z } from 'zod';
import { isValidDate } from '../../platform/records/customValues.ts';
import { customInput, optText, reasonText, tagsInput, text } from '../customers/input.ts';
import { lineItemsInput } from '../products/lineItems.ts';
import { CONTRACT_TYPES } from './schema.ts';

export const dateInput = z.union([z.literal(''), z.string().refine(isValidDate, 'must be a date YYYY-MM-DD')]).nullable().optional();
/** Money as a decimal string ("1234.50") or a number; parsed exactly by parseMoney in the service. */
export const moneyInput = z.union([z.string().max(40), z.number()]);
const uuidOpt = z.string().uuid().nullable().optional();

/** Fields a person may set on a contract (owner changes go through /owner, status through approvals and /void). */
const contractFields = {
  name: text(200).min(1, 'name is required'),
  customerId: z.string().uuid(),
  opportunityId: uuidOpt,
  contractType: z.enum(CONTRACT_TYPES).optional(),
  orderDate: dateInput,
  startDate: dateInput,
  endDate: dateInput,
  amount: moneyInput.optional(),
  discountAmount: moneyInput.optional(),
  paymentTerms: optText(2000),
  customerSignerId: uuidOpt,
  customerSignerName: optText(50),
  companySignerId: uuidOpt,
  signedDate: dateInput,
  remindDaysBefore: z.number().int().min(0).max(365).nullable().optional(),
  remark: optText(2000),
  tags: tagsInput,
  custom: customInput,
  /** line items (明细); when given, amount and discount follow from them */
  lines: lineItemsInput.optional(),
};

/**
 * POST /contracts: standalone (customerId, name, amount), from a quote (quoteId: customer,
 * opportunity, amount and lines copied) or from an opportunity (opportunityId: customer, name,
 * amount and lines prefilled). Explicit fields win over what the source prefills.
 */
export const createContractInput = z
  .object({ ...contractFields, name: contractFields.name.optional(), customerId: contractFields.customerId.optional(), quoteId: z.string().uuid().optional(), ownerId: z.string().uuid().optional() })
  .strict();
export const updateContractInput = z.object(contractFields).partial().strict();
export const voidContractInput = z.object({ reason: text(500).min(1, 'reason is required') }).strict();
export const contractOwnerInput = z.object({ ownerId: z.string().uuid(), reason: reasonText.optional() }).strict();

export type CreateContractInput = z.infer<typeof createContractInput>;
export type UpdateContractInput = z.infer<typeof updateContractInput>;
