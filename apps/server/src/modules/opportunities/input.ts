import { z } from 'zod';
import { isValidDate } from '../../platform/records/customValues.ts';
import { lineItemInput } from '../products/lineItems.ts';
import { customInput, followupInput, optText, tagsInput, text } from '../customers/input.ts';
import { FORECAST_CATEGORIES } from './schema.ts';

const money = z.union([z.string(), z.number()]);
const dateInput = z.union([z.literal(''), z.string().refine(isValidDate, 'must be a date YYYY-MM-DD')]).nullable().optional();
const requiredField = z.string().regex(/^([a-zA-Z]+|custom\.[a-zA-Z0-9_]+)$/, 'must be a field key');

// ---------- pipelines ----------
export const stageInput = z.strictObject({
  name: text(50).min(1, 'name is required'),
  probability: z.number().int().min(0).max(100),
  requiredFields: z.array(requiredField).max(30).optional(),
  requiresApproval: z.boolean().optional(),
});
export const updateStageInput = stageInput.partial().extend({ archived: z.boolean().optional() }).strict();
export const createPipelineInput = z.strictObject({
  name: text(50).min(1, 'name is required'),
  description: optText(500),
  departmentIds: z.array(z.uuid()).max(100).optional(),
  isDefault: z.boolean().optional(),
  stages: z.array(stageInput).min(1, 'a pipeline needs at least one stage').max(30),
});
export const updatePipelineInput = z.strictObject({
  name: text(50).min(1).optional(),
  description: optText(500),
  departmentIds: z.array(z.uuid()).max(100).optional(),
  isDefault: z.boolean().optional(),
  active: z.boolean().optional(),
});
export const reorderStagesInput = z.strictObject({ stageIds: z.array(z.uuid()).min(1).max(30) });
export const pipelineParams = z.object({ id: z.uuid() });
export const stageParams = z.object({ id: z.uuid(), stageId: z.uuid() });
export const pipelinesQuery = z.object({ all: z.enum(['0', '1', 'true', 'false']).optional() });

// ---------- opportunities ----------
const opportunityFields = {
  name: text(200).min(1, 'name is required'),
  customerId: z.uuid(),
  amount: money.optional(),
  amountFromLines: z.boolean().optional(),
  lines: z.array(lineItemInput).max(500).optional(),
  probability: z.number().int().min(0).max(100).optional(),
  expectedCloseDate: dateInput,
  competitor: optText(100),
  forecastCategory: z.enum(FORECAST_CATEGORIES).optional(),
  source: optText(50),
  tags: tagsInput,
  nextFollowupAt: followupInput,
  remark: optText(2000),
  custom: customInput,
  contactIds: z.array(z.uuid()).max(50).optional(),
};
export const createOpportunityInput = z.strictObject({
  ...opportunityFields,
  pipelineId: z.uuid().optional(),
  stageId: z.uuid().optional(),
  ownerId: z.uuid().optional(),
  leadId: z.uuid().optional(),
});
export const updateOpportunityInput = z.strictObject(opportunityFields).partial();
export const stageMoveInput = z.strictObject({ stageId: z.uuid() });
export const loseInput = z.strictObject({ reason: z.string().trim().max(500) });
export const ownerInput = z.strictObject({ ownerId: z.uuid(), reason: z.string().trim().max(500).optional() });

export type CreateOpportunityInput = z.infer<typeof createOpportunityInput>;
export type UpdateOpportunityInput = z.infer<typeof updateOpportunityInput>;

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM');
export const forecastQuery = z.strictObject({
  from: month,
  to: month,
  groupBy: z.enum(['owner', 'department']).default('owner'),
  pipelineId: z.uuid().optional(),
  departmentId: z.uuid().optional(),
});
export type ForecastQuery = z.infer<typeof forecastQuery>;

export const boardQuery = z.object({
  pipelineId: z.uuid().optional(),
  filter: z.string().max(20_000).optional(),
  q: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const boardStageQuery = boardQuery.extend({ offset: z.coerce.number().int().min(0).max(1_000_000).default(0) });
export const boardStageParams = z.object({ stageId: z.uuid() });
