/** Request and response shapes of the flow definitions API (admin). */
import { z } from 'zod';
import { flowDefinitionSchema, FLOW_RECORD_TYPES } from '@loopline/shared';

const name = z.string().trim().min(1, 'name is required').max(100);
const description = z.string().trim().max(1000).nullable();

export const createFlowInput = z.strictObject({
  name,
  description: description.optional(),
  draft: flowDefinitionSchema.optional(),
  /** copies a built-in SOP's definition (GET /flows/templates) as the draft */
  templateKey: z.string().min(1).max(50).optional(),
});
export type CreateFlowInput = z.infer<typeof createFlowInput>;

export const updateFlowInput = z.strictObject({ name: name.optional(), description: description.optional(), draft: flowDefinitionSchema.optional() });
export type UpdateFlowInput = z.infer<typeof updateFlowInput>;

export const idParams = z.object({ id: z.uuid() });
export const listFlowsQuery = z.object({ kind: z.enum(['automation', 'approval']).optional() });
export const versionParams = z.object({ id: z.uuid(), version: z.coerce.number().int().min(1).max(1_000_000) });
export const diffQuery = z.object({
  from: z.coerce.number().int().min(1).max(1_000_000),
  to: z.union([z.literal('draft'), z.coerce.number().int().min(1).max(1_000_000)]).default('draft'),
});
export const disableInput = z.strictObject({ reason: z.string().trim().max(500).optional() }).default({});
export const dryRunInput = z.strictObject({
  recordType: z.enum(FLOW_RECORD_TYPES).optional(),
  recordId: z.uuid().optional(),
  /** a published version; absent = the draft */
  version: z.number().int().min(1).max(1_000_000).optional(),
});

// ------------------------------------------------------------------ responses

const problem = z.object({ nodeId: z.string().nullable(), code: z.string(), message: z.string() });
export const problemsOut = z.object({ problems: z.array(problem) });

const summaryShape = {
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  kind: z.enum(['automation', 'approval']),
  status: z.enum(['draft', 'active', 'disabled']),
  recordType: z.string().nullable(),
  triggerType: z.string(),
  publishedVersion: z.number().nullable(),
  hasDraftChanges: z.boolean(),
  templateKey: z.string().nullable(),
  updatedAt: z.string(),
};
export const flowSummaryOut = z.object(summaryShape);
export const flowListOut = z.object({ items: z.array(flowSummaryOut) });
const versionEntry = z.object({ version: z.number(), publishedAt: z.string(), publishedBy: z.string().nullable(), publishedByName: z.string().nullable() });
export const flowDetailOut = z.object({ ...summaryShape, draft: z.any(), webhookUrl: z.string().nullable(), versions: z.array(versionEntry) });
export const flowDisabledOut = flowDetailOut.extend({ cancelled: z.number() });
export const flowVersionOut = versionEntry.extend({ definition: z.any() });
export const templatesOut = z.object({
  items: z.array(z.object({ key: z.string(), name: z.string(), description: z.string(), recordType: z.string(), kind: z.enum(['automation', 'approval']), definition: z.any() })),
});
export const diffOut = z.object({
  trigger: z.object({ changed: z.boolean(), before: z.any(), after: z.any() }),
  nodes: z.object({
    added: z.array(z.any()),
    removed: z.array(z.any()),
    changed: z.array(z.object({ nodeId: z.string(), before: z.any(), after: z.any(), fields: z.array(z.string()) })),
  }),
  edges: z.object({ added: z.array(z.any()), removed: z.array(z.any()) }),
});
export const dryRunOut = z.object({
  steps: z.array(z.object({
    nodeId: z.string(), nodeType: z.string(), branch: z.string().nullable(), decision: z.any(), effects: z.array(z.any()), waitsUntil: z.string().nullable(), note: z.string().nullable(),
  })),
  problems: z.array(problem),
});
