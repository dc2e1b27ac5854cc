/**
 * The flow language (流程): one versioned JSON document = trigger + a graph of nodes. The designer
 * (web), the validator and the engine (server) all read this one schema, so a flow that the designer
 * saves is exactly what the engine runs. Approval (审批) is a node type of this same language.
 */
import { z } from 'zod';
import { filterNodeSchema } from './filter/index.ts';
import { approvalNodeConfigSchema } from './approvals.ts';

/** Record types a flow can watch or act on (later modules add theirs to RECORD_TYPES and here). */
export const FLOW_RECORD_TYPES = ['lead', 'customer', 'contact', 'activity', 'task', 'opportunity', 'contract', 'quote', 'order', 'paymentPlan', 'payment', 'invoice', 'product', 'ticket'] as const;
export type FlowRecordType = (typeof FLOW_RECORD_TYPES)[number];

export const FLOW_TRIGGER_TYPES = [
  'recordCreated', // a record of `recordType` was created
  'recordUpdated', // …updated (optionally only when `fields` change; `condition` on new values, `previousCondition` on old)
  'ownerChanged', // the owner was set or changed (a create with an owner counts: "on assignment")
  'statusEntered', // `statusField` took the value `statusValue` (lead status, customer stage, later opportunity stage)
  'followupLogged', // a follow-up (activity) with one of `outcomes` was logged on a record of `recordType`
  'scheduled', // `cron` in the tenant's time zone; runs once per matching record (`condition`) or once without a record
  'dateRelative', // `offsetDays` before (<0) / after (>0) the date in `dateField`, at `atHour`, optionally every year
  'manual', // a button on the record
  'webhook', // POST /api/v1/public/flow-hooks/<key>
  'approvalSubmitted', // approval flows only: a record of `recordType` was submitted for approval and `condition` (start condition) holds
] as const;
export type FlowTriggerType = (typeof FLOW_TRIGGER_TYPES)[number];

const fieldKey = z.string().min(1).max(100);
const template = z.string().max(5000);
/** A duration such as 3 days 4 hours; all parts optional, at least one > 0 where required. */
export const durationSchema = z.strictObject({
  days: z.number().int().min(0).max(3650).optional(),
  hours: z.number().int().min(0).max(10_000).optional(),
  minutes: z.number().int().min(0).max(100_000).optional(),
});
export type FlowDuration = z.infer<typeof durationSchema>;

export const flowTriggerSchema = z.strictObject({
  type: z.enum(FLOW_TRIGGER_TYPES),
  /** required for every type except scheduled-without-records and webhook-without-records */
  recordType: z.enum(FLOW_RECORD_TYPES).optional(),
  /** recordUpdated: run only when one of these fields changed (empty/absent = any change) */
  fields: z.array(fieldKey).max(50).optional(),
  /** condition on the record as it is after the change (every record trigger; scheduled: which records) */
  condition: filterNodeSchema.optional(),
  /** recordUpdated: condition on the record's values before the change */
  previousCondition: filterNodeSchema.optional(),
  /** statusEntered */
  statusField: fieldKey.optional(),
  statusValue: z.string().max(200).optional(),
  /** followupLogged: outcomes (e.g. 高意向 / 待培育); empty = any */
  outcomes: z.array(z.string().max(100)).max(50).optional(),
  /** scheduled: 5-field cron, evaluated in the tenant's time zone */
  cron: z.string().max(100).optional(),
  /** dateRelative: date/datetime field; offsetDays < 0 = before; atHour 0–23 in the tenant zone */
  dateField: fieldKey.optional(),
  offsetDays: z.number().int().min(-3650).max(3650).optional(),
  atHour: z.number().int().min(0).max(23).optional(),
  /** dateRelative: match month/day every year (birthdays, anniversaries) */
  yearly: z.boolean().optional(),
  /** manual: the button's label */
  buttonLabel: z.string().max(50).optional(),
});
export type FlowTrigger = z.infer<typeof flowTriggerSchema>;

// ------------------------------------------------------------------ nodes

export const FLOW_NODE_TYPES = [
  'trigger', 'condition', 'createTask', 'followupReminder', 'assignOwner', 'returnToPool', 'updateFields',
  'createRecord', 'notify', 'sendEmail', 'webhook', 'delay', 'parallel', 'join', 'end', 'approval',
] as const;
export type FlowNodeType = (typeof FLOW_NODE_TYPES)[number];

/** Who receives a notification / task / email: a fixed user, the record's owner, the owner's manager, the trigger's user. */
export const flowPersonSchema = z.union([
  z.strictObject({ kind: z.literal('owner') }),
  z.strictObject({ kind: z.literal('ownerManager') }),
  z.strictObject({ kind: z.literal('triggerUser') }),
  z.strictObject({ kind: z.literal('user'), userId: z.uuid() }),
]);
export type FlowPerson = z.infer<typeof flowPersonSchema>;

export const conditionBranchSchema = z.strictObject({
  /** also the edge's sourceHandle */
  id: z.string().min(1).max(50),
  label: z.string().max(100),
  filter: filterNodeSchema,
});

/** Per node type, its config. Templates (`{{record.name}}`, `{{customer.name}}`, `{{now+3d|date}}`) are strings. */
export const nodeConfigSchemas = {
  trigger: z.strictObject({}),
  /** ordered branches, first match wins; otherwise the edge with sourceHandle "default" */
  condition: z.strictObject({ branches: z.array(conditionBranchSchema).min(1).max(20) }),
  createTask: z.strictObject({
    title: template.min(1),
    description: template.optional(),
    assignee: flowPersonSchema,
    due: durationSchema.optional(),
    remindBefore: durationSchema.optional(),
    priority: z.enum(['low', 'normal', 'high', 'urgent']).optional(),
    checklist: z.array(z.string().max(200)).max(50).optional(),
  }),
  /** sets the record's next follow-up time and creates a follow-up task for the owner */
  followupReminder: z.strictObject({ after: durationSchema, note: template.optional() }),
  assignOwner: z.strictObject({ to: flowPersonSchema, reason: template.optional() }),
  returnToPool: z.strictObject({ poolId: z.uuid().optional(), reason: template.min(1) }),
  updateFields: z.strictObject({ values: z.record(fieldKey, z.union([z.string().max(5000), z.number(), z.boolean(), z.null()])) }),
  createRecord: z.strictObject({ recordType: z.enum(FLOW_RECORD_TYPES), values: z.record(fieldKey, z.union([z.string().max(5000), z.number(), z.boolean(), z.null()])) }),
  notify: z.strictObject({ to: z.array(flowPersonSchema).min(1).max(20), title: template.min(1), body: template.optional() }),
  sendEmail: z.strictObject({
    to: z.array(z.union([flowPersonSchema, z.strictObject({ kind: z.literal('address'), email: z.string().max(200) }), z.strictObject({ kind: z.literal('recordEmail') })])).min(1).max(20),
    subject: template.min(1),
    body: template.min(1),
  }),
  /** POST JSON to url, signed with HMAC-SHA256 of the body (header X-Loopline-Signature), retried with backoff */
  webhook: z.strictObject({ url: z.url().max(2000), secret: z.string().max(200).optional(), body: template.optional() }),
  delay: z.union([
    z.strictObject({ mode: z.literal('duration'), duration: durationSchema }),
    z.strictObject({ mode: z.literal('untilField'), field: fieldKey, offset: durationSchema.optional(), before: z.boolean().optional() }),
  ]),
  parallel: z.strictObject({}),
  /** waits until no other live branch of the execution can still reach it */
  join: z.strictObject({}),
  end: z.strictObject({}),
  /** 审批节点: waits for people's decisions; leaves by the edge with sourceHandle "approved" or "rejected" */
  approval: approvalNodeConfigSchema,
} satisfies Record<FlowNodeType, z.ZodType>;

export type FlowNodeConfig<T extends FlowNodeType> = z.infer<(typeof nodeConfigSchemas)[T]>;

export const flowNodeSchema = z.strictObject({
  id: z.string().min(1).max(50),
  /** an unknown type is reported by the validator with the node named, not by this schema */
  type: z.string().min(1).max(50),
  label: z.string().max(100).optional(),
  /** validated per type by validateFlowDefinition (server) */
  config: z.record(z.string(), z.unknown()),
  position: z.strictObject({ x: z.number(), y: z.number() }),
});
export type FlowNode = z.infer<typeof flowNodeSchema>;

export const flowEdgeSchema = z.strictObject({
  id: z.string().min(1).max(100),
  source: z.string().min(1).max(50),
  target: z.string().min(1).max(50),
  /** condition: a branch id or "default"; other nodes: absent */
  sourceHandle: z.string().max(50).nullish(),
});
export type FlowEdge = z.infer<typeof flowEdgeSchema>;

export const MAX_FLOW_NODES = 200;
export const flowDefinitionSchema = z.strictObject({
  trigger: flowTriggerSchema,
  nodes: z.array(flowNodeSchema).max(MAX_FLOW_NODES),
  edges: z.array(flowEdgeSchema).max(MAX_FLOW_NODES * 4),
});
export type FlowDefinition = z.infer<typeof flowDefinitionSchema>;

/** A problem found before publish, naming the node (or the trigger) it belongs to. */
export interface FlowProblem {
  nodeId: string | null;
  code: 'unknownNodeType' | 'badConfig' | 'unknownField' | 'badTemplate' | 'unreachable' | 'danglingEdge' | 'noStart' | 'loopWithoutDelay' | 'missingBranch' | 'badTrigger';
  message: string;
}

/** How deep a chain of flows may go (a flow's action triggering a flow …) before it is stopped with an error. */
export const MAX_FLOW_DEPTH = 5;

// ------------------------------------------------------------------ API views (server → web)

export type FlowStatus = 'draft' | 'active' | 'disabled';
export type FlowExecutionStatus = 'running' | 'waiting' | 'completed' | 'failed' | 'cancelled';
export type FlowStepStatus = 'pending' | 'waiting' | 'done' | 'failed' | 'cancelled';

export interface FlowSummary {
  id: string;
  name: string;
  description: string | null;
  kind: 'automation' | 'approval';
  status: FlowStatus;
  recordType: string | null;
  triggerType: FlowTriggerType;
  publishedVersion: number | null;
  hasDraftChanges: boolean;
  templateKey: string | null;
  updatedAt: string;
}

export interface FlowDetail extends FlowSummary {
  draft: FlowDefinition;
  /** only for webhook triggers, once published */
  webhookUrl: string | null;
  versions: { version: number; publishedAt: string; publishedBy: string | null; publishedByName: string | null }[];
}

export interface FlowStepView {
  id: string;
  nodeId: string;
  nodeType: string;
  status: FlowStepStatus;
  fromStepId: string | null;
  /** condition: the branch taken ("default" or a branch id) */
  branch: string | null;
  input: unknown;
  output: unknown;
  /** condition: each branch tested, in order, and why it matched or not */
  decision: unknown;
  error: string | null;
  attempts: number;
  wakeAt: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface FlowExecutionView {
  id: string;
  flowId: string;
  flowName: string;
  version: number;
  recordType: string | null;
  recordId: string | null;
  recordName: string | null;
  status: FlowExecutionStatus;
  trigger: unknown;
  depth: number;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
  steps?: FlowStepView[];
}

/** "Why did nothing happen to this lead?": each flow considered for an event on the record. */
export interface FlowTriggerCheckView {
  id: string;
  flowId: string;
  flowName: string;
  eventAction: string;
  started: boolean;
  executionId: string | null;
  reason: string;
  createdAt: string;
}

/** Dry run: the path a draft would take on a record, and the actions it would do. */
export interface FlowDryRunResult {
  steps: { nodeId: string; nodeType: string; branch: string | null; decision: unknown; effects: unknown[]; waitsUntil: string | null; note: string | null }[];
  problems: FlowProblem[];
}

/** Live numbers on the flowchart: per node, executions that passed / are waiting there (last 30 days). */
export type FlowNodeCounts = Record<string, { passed: number; waiting: number; failed: number }>;
