import { z } from 'zod';
import { isPhoneNumber } from '@loopline/shared';
import { DEAL_STATUS_OPTIONS, GRADE_OPTIONS, KIND_OPTIONS, LIFECYCLE_OPTIONS, SCALE_OPTIONS, SOURCE_OPTIONS } from './fields.ts';

const values = (opts: { value: string }[]) => opts.map((o) => o.value) as [string, ...string[]];
export const text = (max: number) => z.string().trim().max(max);
export const optText = (max: number) => text(max).nullable().optional();
export const PHONE_MESSAGE = 'must be a phone number: mobile, landline with area code, or +country code';
// Field schemas contacts share: '' clears a value (forms send it), null too.
export const phoneInput = text(30).refine((v) => v === '' || isPhoneNumber(v), PHONE_MESSAGE).nullable().optional();
export const emailInput = z.union([z.literal(''), z.string().trim().toLowerCase().email('invalid email').max(254)]).nullable().optional();
export const tagsInput = z.array(text(30).min(1)).max(20).optional();
export const followupInput = z.string().datetime({ offset: true }).nullable().optional();
export const customInput = z.record(z.string(), z.unknown()).optional();

/** Fields a person may set; number, owner (see /owner), follow-up times from activities are not here. */
const customerFields = {
  name: text(200).min(1, 'name is required'),
  kind: z.enum(values(KIND_OPTIONS) as ['company', 'individual']).optional(),
  industry: optText(50),
  scale: z.enum(values(SCALE_OPTIONS)).nullable().optional(),
  grade: z.enum(values(GRADE_OPTIONS) as ['A', 'B', 'C']).nullable().optional(),
  lifecycleStage: z.enum(values(LIFECYCLE_OPTIONS)).nullable().optional(),
  dealStatus: z.enum(values(DEAL_STATUS_OPTIONS)).optional(),
  source: z.enum(values(SOURCE_OPTIONS)).nullable().optional(),
  province: optText(50),
  city: optText(50),
  district: optText(50),
  address: optText(200),
  phone: phoneInput,
  email: emailInput,
  website: z.union([z.literal(''), z.string().trim().url('invalid URL').max(2000).refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL')]).nullable().optional(),
  tags: tagsInput,
  locked: z.boolean().optional(),
  healthScore: z.number().int().min(0).max(100).nullable().optional(),
  nextFollowupAt: followupInput,
  remark: optText(2000),
  custom: customInput,
};

/** One row of a batch create (form, API, import): the fields plus an explicit owner. */
export const customerRowInput = z.object({ ...customerFields, ownerId: z.string().uuid().optional() }).strict();
/** POST /customers: 'reject' (default) answers 409 DUPLICATE when 查重 finds matches; 'create' creates anyway. */
export const createCustomerInput = customerRowInput.extend({ duplicatePolicy: z.enum(['reject', 'create']).optional() }).strict();
/** An edit that makes the customer match another one is a 409 DUPLICATE unless confirmed. */
export const updateCustomerInput = z.object(customerFields).partial().extend({ confirmDuplicate: z.boolean().optional() }).strict();
export const reasonText = z.string().trim().max(500);
export const ownerInput = z.object({ ownerId: z.string().uuid(), reason: reasonText.optional() }).strict();
export const lockInput = z.object({ locked: z.boolean() }).strict();
export const idParams = z.object({ id: z.string().uuid() });
export const shareParams = z.object({ id: z.string().uuid(), userId: z.string().uuid() });
export const historyQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), before: z.coerce.number().int().positive().optional() }).strict();

export type CustomerRowInput = z.infer<typeof customerRowInput>;
export type CreateCustomerInput = z.infer<typeof createCustomerInput>;
export type UpdateCustomerInput = z.infer<typeof updateCustomerInput>;

const iso = z.string().nullable();
/** Response shape; every field but id is optional because hidden fields are removed per role. */
export const customerOut = z
  .object({
    number: z.string().nullable(), name: z.string(), kind: z.string(), industry: z.string().nullable(), scale: z.string().nullable(),
    grade: z.string().nullable(), lifecycleStage: z.string().nullable(), dealStatus: z.string(), source: z.string().nullable(),
    province: z.string().nullable(), city: z.string().nullable(), district: z.string().nullable(), address: z.string().nullable(),
    phone: z.string().nullable(), email: z.string().nullable(), website: z.string().nullable(), ownerId: z.string().nullable(),
    ownerName: z.string().nullable(), previousOwnerId: z.string().nullable(), previousOwnerName: z.string().nullable(), ownerSince: iso,
    tags: z.array(z.string()), locked: z.boolean(), healthScore: z.number().nullable(),
    lastFollowupAt: iso, nextFollowupAt: iso, remark: z.string().nullable(), custom: z.record(z.string(), z.unknown()),
    createdAt: z.string(), updatedAt: z.string(),
  })
  .partial()
  .extend({ id: z.string() });

export const listOut = z.object({ items: z.array(customerOut), total: z.number().optional(), hasMore: z.boolean() });
/** Recycle-bin rows also say when and by whom they were deleted. */
export const deletedOut = customerOut.extend({ deletedAt: z.string(), deletedBy: z.string().nullable(), deletedByName: z.string().nullable() });
export const deletedListOut = z.object({ items: z.array(deletedOut), total: z.number().optional(), hasMore: z.boolean() });
