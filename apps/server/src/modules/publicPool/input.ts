/** Request shapes of the pool API (zod; unknown fields are a 400 naming the field). */
import { z } from 'zod';
import { listQuerystring } from '../../platform/records/listParams.ts';

export const recordTypeSchema = z.enum(['lead', 'customer']);
const uuid = z.string().uuid();
const days = (max: number) => z.number().int().min(0).max(max).nullable();

const poolFields = {
  name: z.string().trim().min(1).max(50),
  recordTypes: z.array(recordTypeSchema).min(1).max(2).transform((t) => [...new Set(t)]),
  position: z.number().int().min(0).max(10_000),
  hideContacts: z.boolean(),
  /** claims per member per local day from this pool; null = no limit */
  dailyClaimLimit: days(10_000),
  /** days a previous owner must wait before claiming a record back; null/0 = no wait */
  reclaimCooldownDays: days(365),
  recycleEnabled: z.boolean(),
  warnDaysBefore: z.number().int().min(0).max(365),
  exemptClosedDeals: z.boolean(),
  exemptOpenOpportunities: z.boolean(),
  memberUserIds: z.array(uuid).max(2000),
  memberDepartmentIds: z.array(uuid).max(500),
  adminIds: z.array(uuid).max(200),
};

export const createPoolInput = z
  .object({
    ...poolFields,
    position: poolFields.position.default(0),
    hideContacts: poolFields.hideContacts.default(false),
    dailyClaimLimit: poolFields.dailyClaimLimit.default(null),
    reclaimCooldownDays: poolFields.reclaimCooldownDays.default(null),
    recycleEnabled: poolFields.recycleEnabled.default(true),
    warnDaysBefore: poolFields.warnDaysBefore.default(0),
    exemptClosedDeals: poolFields.exemptClosedDeals.default(true),
    exemptOpenOpportunities: poolFields.exemptOpenOpportunities.default(true),
    memberUserIds: poolFields.memberUserIds.default([]),
    memberDepartmentIds: poolFields.memberDepartmentIds.default([]),
    adminIds: poolFields.adminIds.default([]),
  })
  .strict();
export type CreatePoolInput = z.infer<typeof createPoolInput>;

export const updatePoolInput = z.object(poolFields).partial().strict();
export type UpdatePoolInput = z.infer<typeof updatePoolInput>;

const ruleDays = z.number().int().min(1).max(3650).nullable().default(null);
export const ruleInput = z
  .object({
    recordType: recordTypeSchema,
    grade: z.enum(['*', 'A', 'B', 'C']),
    noFollowupDays: ruleDays,
    noOpportunityDays: ruleDays,
    notClosedDays: ruleDays,
  })
  .strict();
export const rulesInput = z.object({ items: z.array(ruleInput).max(8) }).strict();
export type RulesInput = z.infer<typeof rulesInput>;

const ids = z.array(uuid).min(1).max(200).transform((list) => [...new Set(list)]);
export const claimInput = z.object({ recordType: recordTypeSchema, ids }).strict();
export const assignInput = z.object({ recordType: recordTypeSchema, ids, ownerId: uuid }).strict();
export const returnInput = z
  .object({ recordType: recordTypeSchema, ids, poolId: uuid.optional(), reason: z.string().trim().min(1).max(500) })
  .strict();
export type ClaimInput = z.infer<typeof claimInput>;
export type AssignInput = z.infer<typeof assignInput>;
export type ReturnInput = z.infer<typeof returnInput>;

export const idParams = z.object({ id: uuid }).strict();
export const poolRecordsQuery = listQuerystring.omit({ viewId: true }).extend({ recordType: recordTypeSchema }).strict();
export const eventsQuery = z
  .object({ limit: z.coerce.number().int().min(1).max(200).default(50), before: z.coerce.number().int().positive().optional() })
  .strict();
