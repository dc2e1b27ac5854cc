import { z } from 'zod';
import { isMobileNumber } from '@loopline/shared';
import { isValidDate } from '../../platform/records/customValues.ts';
import { customInput, emailInput, followupInput, optText, phoneInput, reasonText, tagsInput, text } from '../customers/input.ts';
import { DECISION_ROLES } from './schema.ts';

/** Fields a person may set on a contact; owner changes go through /owner. */
const contactFields = {
  name: text(100).min(1, 'name is required'),
  customerId: z.string().uuid(),
  title: optText(50),
  department: optText(50),
  mobile: text(30).refine((v) => v === '' || isMobileNumber(v), 'must be a mobile number: 1[3-9] and 9 digits, or +country code').nullable().optional(),
  phone: phoneInput,
  email: emailInput,
  wechat: optText(50),
  gender: z.enum(['male', 'female']).nullable().optional(),
  birthday: z.union([z.literal(''), z.string().refine(isValidDate, 'must be a date YYYY-MM-DD')]).nullable().optional(),
  isKeyDecisionMaker: z.boolean().optional(),
  decisionRole: z.enum(DECISION_ROLES).nullable().optional(),
  isPrimary: z.boolean().optional(),
  address: optText(200),
  tags: tagsInput,
  nextFollowupAt: followupInput,
  remark: optText(2000),
  custom: customInput,
};

/**
 * One row of a batch create. The customer is given by id, or — for spreadsheets — by its exact
 * name (`customerName`); the owner defaults to the customer's owner.
 */
export const contactRowInput = z
  .object({ ...contactFields, customerId: contactFields.customerId.optional(), customerName: text(200).min(1).optional(), ownerId: z.string().uuid().optional() })
  .strict();
export const createContactInput = contactRowInput.extend({ duplicatePolicy: z.enum(['reject', 'create']).optional() }).strict();
export const updateContactInput = z.object(contactFields).partial().extend({ confirmDuplicate: z.boolean().optional() }).strict();
export const contactOwnerInput = z.object({ ownerId: z.string().uuid(), reason: reasonText.optional() }).strict();

export type ContactRowInput = z.infer<typeof contactRowInput>;
export type CreateContactInput = z.infer<typeof createContactInput>;
export type UpdateContactInput = z.infer<typeof updateContactInput>;

const str = z.string().nullable();
/** Response shape; every field but id is optional because hidden fields are removed per role. */
export const contactOut = z
  .object({
    number: str, name: z.string(), customerId: str, customerName: str, title: str, department: str, mobile: str, phone: str, email: str,
    wechat: str, gender: str, birthday: str, isKeyDecisionMaker: z.boolean(), decisionRole: str, isPrimary: z.boolean(), address: str,
    ownerId: str, ownerName: str, tags: z.array(z.string()), lastFollowupAt: str, nextFollowupAt: str, remark: str,
    custom: z.record(z.string(), z.unknown()), createdAt: z.string(), updatedAt: z.string(),
  })
  .partial()
  .extend({ id: z.string() });

export const contactListOut = z.object({ items: z.array(contactOut), total: z.number().optional(), hasMore: z.boolean() });
export const deletedContactOut = contactOut.extend({ deletedAt: z.string(), deletedBy: str, deletedByName: str });
export const deletedContactListOut = z.object({ items: z.array(deletedContactOut), total: z.number().optional(), hasMore: z.boolean() });
