import { z } from 'zod';

const userId = z.string().uuid();

/** Who a rule gives leads to; the same shape comes back from the API. */
export const targetInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), userId }).strict(),
  z.object({ kind: z.literal('roundRobin'), userIds: z.array(userId).min(1, 'a round-robin team needs at least one member').max(200) }).strict(),
  z.object({
    kind: z.literal('loadBalanced'),
    members: z
      .array(z.object({ userId, weight: z.number().int().min(1).max(100).default(1), cap: z.number().int().min(0).max(1_000_000).nullable().default(null) }).strict())
      .min(1, 'a load-balanced team needs at least one member')
      .max(200),
  }).strict(),
]);
export type TargetInput = z.infer<typeof targetInput>;

const ruleFields = {
  name: z.string().trim().min(1, 'name is required').max(100),
  enabled: z.boolean(),
  /** FilterNode over lead fields, checked against the lead catalog by the service; null = every lead */
  condition: z.unknown(),
  target: targetInput,
};
export const createRuleInput = z.object({ ...ruleFields, enabled: ruleFields.enabled.default(true), condition: z.unknown().default(null) }).strict();
export const updateRuleInput = z.object(ruleFields).partial().strict();
export type CreateRuleInput = z.infer<typeof createRuleInput>;
export type UpdateRuleInput = z.infer<typeof updateRuleInput>;

export const orderInput = z.object({ ids: z.array(z.string().uuid()).max(1000) }).strict();
export const idParams = z.object({ id: z.string().uuid() });

export const settingsInput = z
  .object({
    fallback: z.enum(['owner', 'pool', 'none']),
    defaultOwnerId: userId.nullable().default(null),
    poolId: z.string().uuid().nullable().default(null),
  })
  .strict();
export type SettingsInput = z.infer<typeof settingsInput>;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
export const availabilityInput = z
  .object({ items: z.array(z.object({ userId, onLeave: z.boolean(), until: day.nullable().default(null) }).strict()).min(1).max(1000) })
  .strict();
export type AvailabilityInput = z.infer<typeof availabilityInput>;

/** A sample lead: field values by API name, custom fields under `custom`. */
export const testInput = z.object({ lead: z.record(z.string(), z.unknown()) }).strict();

const reason = z.object({ zh: z.string(), en: z.string() });
export const ruleOut = z.object({
  id: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  position: z.number(),
  condition: z.unknown().nullable(),
  target: z.unknown(),
  /** set when the condition no longer fits the lead fields (e.g. a custom field was deleted): the rule never matches */
  conditionError: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const rulesOut = z.object({ items: z.array(ruleOut) });
export const settingsOut = z.object({ fallback: z.enum(['owner', 'pool', 'none']), defaultOwnerId: z.string().nullable(), poolId: z.string().nullable() });
export const availabilityOut = z.object({
  items: z.array(z.object({
    userId: z.string(), name: z.string(), email: z.string().nullable(), status: z.string(), departmentId: z.string().nullable(),
    onLeave: z.boolean(), until: z.string().nullable(), availableNow: z.boolean(),
  })),
});
export const testOut = z.object({
  rules: z.array(z.object({ ruleId: z.string(), name: z.string(), enabled: z.boolean(), matched: z.boolean(), failed: z.array(z.unknown()), reason })),
  outcome: z.object({
    ruleId: z.string().nullable(),
    ruleName: z.string().nullable(),
    assignee: z.object({ kind: z.enum(['user', 'pool']), id: z.string(), name: z.string().nullable() }).nullable(),
    reason,
  }),
});
