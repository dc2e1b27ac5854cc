import { z } from 'zod';
import { DEAL_STATUS_OPTIONS, GRADE_OPTIONS, KIND_OPTIONS, LIFECYCLE_OPTIONS, SCALE_OPTIONS, SOURCE_OPTIONS } from './fields.ts';

const values = (opts: { value: string }[]) => opts.map((o) => o.value) as [string, ...string[]];
const text = (max: number) => z.string().trim().max(max);
const optText = (max: number) => text(max).nullable().optional();

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
  phone: text(30).regex(/^(\+?[0-9][0-9 -]{4,29})?$/, 'must be a phone number').nullable().optional(),
  email: z.union([z.literal(''), z.string().trim().toLowerCase().email('invalid email').max(254)]).nullable().optional(),
  website: z.union([z.literal(''), z.string().trim().url('invalid URL').max(2000).refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL')]).nullable().optional(),
  tags: z.array(text(30).min(1)).max(20).optional(),
  locked: z.boolean().optional(),
  healthScore: z.number().int().min(0).max(100).nullable().optional(),
  nextFollowupAt: z.string().datetime({ offset: true }).nullable().optional(),
  remark: optText(2000),
  custom: z.record(z.string(), z.unknown()).optional(),
};

export const createCustomerInput = z.object({ ...customerFields, ownerId: z.string().uuid().optional() }).strict();
export const updateCustomerInput = z.object(customerFields).partial().strict();
export const ownerInput = z.object({ ownerId: z.string().uuid() }).strict();
export const idParams = z.object({ id: z.string().uuid() });
export const shareParams = z.object({ id: z.string().uuid(), userId: z.string().uuid() });
export const historyQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), before: z.coerce.number().int().positive().optional() }).strict();

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
    ownerName: z.string().nullable(), tags: z.array(z.string()), locked: z.boolean(), healthScore: z.number().nullable(),
    lastFollowupAt: iso, nextFollowupAt: iso, remark: z.string().nullable(), custom: z.record(z.string(), z.unknown()),
    createdAt: z.string(), updatedAt: z.string(),
  })
  .partial()
  .extend({ id: z.string() });

export const listOut = z.object({ items: z.array(customerOut), total: z.number().optional(), hasMore: z.boolean() });
