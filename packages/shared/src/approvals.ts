/**
 * Approvals (审批): the approval node of the flow language, and what the approval inbox and a
 * record's approval path show. An approval flow is a flow of kind 'approval' whose trigger is
 * `approvalSubmitted`; its approval nodes leave by the edge with sourceHandle "approved" or
 * "rejected" (a rejected node without a "rejected" edge ends the approval as rejected).
 */
import { z } from 'zod';

/** Who approves at a node. */
export const approverRuleSchema = z.union([
  z.strictObject({ kind: z.literal('users'), userIds: z.array(z.uuid()).min(1).max(50) }),
  z.strictObject({ kind: z.literal('role'), roleKey: z.string().min(1).max(50) }),
  /** the submitter's manager (levels = 1) or the chain of managers up to `levels` (each one approves in turn) */
  z.strictObject({ kind: z.literal('manager'), levels: z.number().int().min(1).max(10) }),
  /** head of the submitter's department (or of the record owner's, with of = 'owner') */
  z.strictObject({ kind: z.literal('departmentHead'), of: z.enum(['submitter', 'owner']).optional() }),
  /** the submitter picks when submitting (at most `max`) */
  z.strictObject({ kind: z.literal('submitterChooses'), max: z.number().int().min(1).max(20).optional() }),
  /** the record's owner */
  z.strictObject({ kind: z.literal('owner') }),
]);
export type ApproverRule = z.infer<typeof approverRuleSchema>;

export const APPROVAL_MODES = ['single', 'sequential', 'countersign', 'anyOf', 'ratio'] as const;
export type ApprovalMode = (typeof APPROVAL_MODES)[number];

export const approvalNodeConfigSchema = z.strictObject({
  approvers: approverRuleSchema,
  /**
   * single: one approver (the first resolved); sequential: each in turn; countersign (会签): all must
   * approve, one reject rejects; anyOf (或签): the first decision decides; ratio: passes once
   * `passRatio` percent have approved, rejects once that can no longer happen
   */
  mode: z.enum(APPROVAL_MODES),
  passRatio: z.number().int().min(1).max(100).optional(),
  /** nobody resolved: pass automatically, hand to the tenant's admins, or skip the node (= pass, noted differently) */
  whenNoApprover: z.enum(['autoPass', 'toAdmin', 'skip']).default('toAdmin'),
  /** the approver is the submitter: approve on their behalf, hand to their manager, or let them decide */
  whenApproverIsSubmitter: z.enum(['autoPass', 'toManager', 'decide']).default('autoPass'),
  /** after this long without a decision … */
  timeout: z
    .strictObject({
      after: z.strictObject({ days: z.number().int().min(0).max(365).optional(), hours: z.number().int().min(0).max(8760).optional() }),
      action: z.enum(['remind', 'escalate', 'autoApprove', 'autoReject']),
    })
    .optional(),
  /** people copied (抄送) when the node is reached */
  cc: z.array(approverRuleSchema).max(10).optional(),
  /** record fields the approvers may change while deciding (everything else stays locked) */
  editableFields: z.array(z.string().min(1).max(100)).max(50).optional(),
  /** may approvers add another approver (加签) / delegate (转交) at this node */
  allowAddApprover: z.boolean().optional(),
  allowDelegate: z.boolean().optional(),
});
export type ApprovalNodeConfig = z.infer<typeof approvalNodeConfigSchema>;

export const APPROVAL_INSTANCE_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn', 'returned', 'cancelled'] as const;
export type ApprovalInstanceStatus = (typeof APPROVAL_INSTANCE_STATUSES)[number];
export type ApprovalTaskStatus = 'queued' | 'pending' | 'approved' | 'rejected' | 'returned' | 'delegated' | 'cancelled' | 'skipped';
export type ApprovalActionKind =
  | 'submit' | 'approve' | 'reject' | 'return' | 'delegate' | 'addApprover' | 'withdraw' | 'comment'
  | 'remind' | 'escalate' | 'autoApprove' | 'autoReject' | 'autoPass' | 'skip' | 'cc' | 'resubmit' | 'cancel';

// ------------------------------------------------------------------ API inputs

export const submitApprovalInput = z.strictObject({
  recordType: z.string().min(1).max(50),
  recordId: z.uuid(),
  comment: z.string().max(2000).optional(),
  /** for nodes whose approvers the submitter chooses: nodeId → user ids */
  chosenApprovers: z.record(z.string(), z.array(z.uuid()).max(20)).optional(),
});
export type SubmitApprovalInput = z.infer<typeof submitApprovalInput>;

export const decideApprovalInput = z.strictObject({
  comment: z.string().max(2000).optional(),
  attachmentIds: z.array(z.uuid()).max(20).optional(),
  /** approver edits of the node's editable fields, applied with the decision */
  fields: z.record(z.string(), z.unknown()).optional(),
});
export const returnApprovalInput = decideApprovalInput.extend({
  /** an earlier approval node of this instance, or 'submitter' (back to the submitter: the instance ends 'returned') */
  toNodeId: z.string().min(1).max(50),
});
export const delegateApprovalInput = z.strictObject({ toUserId: z.uuid(), comment: z.string().max(2000).optional() });
export const addApproverInput = z.strictObject({
  userId: z.uuid(),
  /** before: the added person decides first, then me again; after: after my approval, before the node passes */
  position: z.enum(['before', 'after']),
  comment: z.string().max(2000).optional(),
});
export const commentApprovalInput = z.strictObject({ comment: z.string().min(1).max(2000), attachmentIds: z.array(z.uuid()).max(20).optional() });

// ------------------------------------------------------------------ API views

export interface ApprovalTaskView {
  id: string;
  instanceId: string;
  nodeId: string;
  nodeLabel: string;
  approverId: string;
  approverName: string;
  seq: number;
  status: ApprovalTaskStatus;
  origin: 'rule' | 'delegated' | 'addedBefore' | 'addedAfter' | 'escalated' | 'admin';
  dueAt: string | null;
  decidedAt: string | null;
  comment: string | null;
  createdAt: string;
}

export interface ApprovalActionView {
  id: string;
  taskId: string | null;
  nodeId: string | null;
  action: ApprovalActionKind;
  actorId: string | null;
  actorName: string | null;
  comment: string | null;
  attachments: { id: string; name: string }[];
  data: Record<string, unknown>;
  createdAt: string;
}

/** One approval of a record, with its path (nodes in order), tasks and every action. */
export interface ApprovalInstanceView {
  id: string;
  recordType: string;
  recordId: string;
  title: string;
  summary: Record<string, unknown>;
  flowId: string | null;
  flowName: string | null;
  version: number | null;
  executionId: string | null;
  status: ApprovalInstanceStatus;
  currentNodeIds: string[];
  submittedBy: string;
  submittedByName: string;
  submittedAt: string;
  decidedAt: string | null;
  /** the submitter may still withdraw (nobody has decided yet) */
  canWithdraw: boolean;
  /** the viewer's own pending task on it, if any, and what they may do there */
  myTask: (ApprovalTaskView & { allowDelegate: boolean; allowAddApprover: boolean; editableFields: string[]; returnTargets: { nodeId: string; label: string }[] }) | null;
  /** approval nodes of the flow version in path order, with their tasks */
  nodes: { nodeId: string; label: string; mode: ApprovalMode; status: 'waiting' | 'pending' | 'approved' | 'rejected' | 'returned' | 'skipped' | 'notReached'; tasks: ApprovalTaskView[] }[];
  cc: { userId: string; userName: string; nodeId: string | null; readAt: string | null }[];
  actions: ApprovalActionView[];
}

/** The record-side summary: is it locked, and what can the viewer do. */
export interface RecordApprovalState {
  recordType: string;
  recordId: string;
  /** the live or latest approval */
  latest: ApprovalInstanceView | null;
  locked: boolean;
  /** an active approval flow applies to this record type (submitting makes sense) */
  hasFlow: boolean;
  canSubmit: boolean;
  /** nodes whose approvers the submitter must choose: nodeId → label, max */
  chooseApprovers: { nodeId: string; label: string; max: number }[];
}

export type ApprovalInboxBox = 'waiting' | 'submitted' | 'decided' | 'cc';
export interface ApprovalInboxItem {
  instanceId: string;
  taskId: string | null;
  recordType: string;
  recordId: string;
  title: string;
  summary: Record<string, unknown>;
  status: ApprovalInstanceStatus;
  taskStatus: ApprovalTaskStatus | null;
  nodeLabel: string | null;
  submittedByName: string;
  submittedAt: string;
  dueAt: string | null;
  decidedAt: string | null;
  readAt: string | null;
}
