/**
 * The flow engine's pure core: what a node sees, what it decides, and how an execution moves.
 * Nothing here touches the database or the clock; runtime/ (I/O) feeds it inputs and applies the
 * effects it describes. Approval (next issue) is one more NodeTypeSpec registered through nodes.ts.
 */
import type { z } from 'zod';
import type { FieldCatalog, FlowDefinition, FlowExecutionStatus, FlowPerson, FlowProblem, FlowStepStatus, FlowTriggerType } from '@loopline/shared';

/** What started the execution. */
export interface TriggerInfo {
  type: FlowTriggerType;
  /** the person whose change / click started it (null: the clock, a webhook, an import without a user) */
  userId: string | null;
  userName?: string | null;
  /** ISO instant of the trigger */
  at: string;
  /** record triggers: the changed fields (audit diff) */
  changes?: Record<string, { before: unknown; after: unknown }>;
  /** followupLogged: the follow-up; webhook: the posted JSON; scheduled/dateRelative: the slot */
  payload?: unknown;
}

/** A user as templates and people-resolution see them. */
export interface FlowUser { id: string; name: string; email: string | null; managerId: string | null; departmentId: string | null }

/** Everything a node may read. Built by runtime/context.ts for each step, by the dry run for a chosen record. */
export interface NodeInput {
  now: Date;
  timeZone: string;
  recordType: string | null;
  recordId: string | null;
  /** the record as the API shows it (camelCase; custom values as `custom.<key>` keys too); null if none or deleted */
  record: Record<string, unknown> | null;
  /** field catalog of recordType (filters in condition nodes, field checks) */
  catalog: FieldCatalog;
  /**
   * Related records for templates: `owner`, `ownerManager`, `triggerUser` (FlowUser), `customer`
   * (of a contact, of a converted lead, of a follow-up's record), more as modules add them.
   */
  related: Record<string, Record<string, unknown> | null>;
  trigger: TriggerInfo;
  /** outputs of the steps done so far, by node id (e.g. { task1: { taskId } }) */
  outputs: Record<string, unknown>;
  /** the step being planned (runtime only; absent in a dry run): approval nodes wait on `approval:<stepId>` */
  stepId?: string;
  /** the node being planned (runtime only): its id and label */
  node?: { id: string; label: string };
  /** what a node type's runtime loader read for this step (approval: resolved approvers); absent in a dry run */
  nodeData?: unknown;
}

/** A side effect, described; runtime/effects.ts does it inside the step's transaction (or via the outbox). */
export type FlowEffect =
  | { type: 'createTask'; title: string; description: string | null; assignee: FlowPerson; dueAt: string | null; remindAt: string | null; priority: 'low' | 'normal' | 'high' | 'urgent'; checklist: string[]; kind: 'todo' | 'followup' }
  | { type: 'setNextFollowup'; at: string; note: string | null }
  | { type: 'assignOwner'; to: FlowPerson; reason: string | null }
  | { type: 'returnToPool'; poolId: string | null; reason: string }
  | { type: 'updateFields'; values: Record<string, unknown> }
  | { type: 'createRecord'; recordType: string; values: Record<string, unknown> }
  | { type: 'notify'; to: FlowPerson[]; title: string; body: string | null; link: string | null }
  | { type: 'sendEmail'; to: ({ kind: 'address'; email: string } | { kind: 'recordEmail' } | FlowPerson)[]; subject: string; body: string }
  | { type: 'webhook'; url: string; secret: string | null; body: string }
  /** approval node reached: tasks (pending / queued / auto-decided), CC, the action log (approvals module does it) */
  | { type: 'approval'; nodeId: string; label: string; mode: string; tasks: ApprovalTaskPlan[]; ccUserIds: string[]; dueAt: string | null; outcome: 'approved' | null; note: string | null };

/** One approval task the node creates. */
export interface ApprovalTaskPlan { approverId: string; seq: number; status: 'pending' | 'queued' | 'approved'; origin: 'rule' | 'admin'; comment: string | null }

/** What a node decided. */
export type NodePlan =
  /**
   * go on: along the edge whose sourceHandle is `branch` (condition), or along every outgoing edge (branch undefined);
   * `goto`: back to that (earlier) node instead — a new step for it (an approval returned to an earlier node)
   */
  | { kind: 'continue'; effects: FlowEffect[]; output?: unknown; decision?: unknown; branch?: string; goto?: string }
  /** stop here until `until` (ISO; delay) or until `signal` arrives (approval); effects happen now */
  | { kind: 'wait'; effects: FlowEffect[]; until?: string; signal?: string; decision?: unknown; output?: unknown }
  /** this path ends (end node) */
  | { kind: 'end'; output?: unknown };

export interface CheckContext {
  recordType: string | null;
  catalog: FieldCatalog;
  /** does a template path such as `record.name` / `customer.grade` exist for this record type */
  knowsPath(path: string): boolean;
}

/** One node type. Built-ins live in nodes.ts; the approval node (next issue) registers itself the same way. */
export interface NodeTypeSpec<C = any> {
  type: string;
  config: z.ZodType<C>;
  /** the sourceHandles its outgoing edges use (condition: branch ids + "default"); absent = unnamed edges */
  handles?(config: C): string[];
  /** handles that may stay unconnected (condition: "default"; approval: "rejected" = the approval ends rejected) */
  optionalHandles?: string[];
  /** problems beyond the schema: unknown fields in filters, templates naming missing fields */
  check?(config: C, ctx: CheckContext): Omit<FlowProblem, 'nodeId'>[];
  /** a cycle through this node is allowed (it waits: delay, approval) */
  waits?: boolean;
  plan(config: C, input: NodeInput): NodePlan;
  /** a waiting step continues: its timer fired or its signal arrived */
  resume?(config: C, input: NodeInput, event: { kind: 'timer' } | { kind: 'signal'; payload: unknown }): NodePlan;
}

// ------------------------------------------------------------------ execution state machine

export interface StepState {
  id: string;
  nodeId: string;
  nodeType: string;
  status: FlowStepStatus;
  fromStepId: string | null;
  branch: string | null;
}

export interface ExecutionState {
  status: FlowExecutionStatus;
  error: string | null;
  steps: StepState[];
}

export type EngineEvent =
  /** a new execution: the trigger node's step is done, its successors become pending */
  | { type: 'start' }
  /** the runtime planned a pending step (or resumed a waiting one) */
  | { type: 'planned'; stepId: string; plan: NodePlan }
  | { type: 'failed'; stepId: string; error: string }
  /** an admin retries a failed step: it becomes pending again, the execution running */
  | { type: 'retry'; stepId: string }
  /** flow disabled or execution cancelled by an admin: every live step is cancelled, visibly */
  | { type: 'cancel'; reason: string };

/** What one event changes; the runtime writes exactly this in one transaction. */
export interface Transition {
  execution: { status: FlowExecutionStatus; error: string | null };
  /** status (and branch / wakeAt / signalKey) changes of existing steps */
  /** (`fromStepId`: a join's latest arrival — the joined step's from_step_id is the last arrival) */
  updates: { stepId: string; status: FlowStepStatus; branch?: string | null; wakeAt?: string | null; signalKey?: string | null; error?: string | null; fromStepId?: string | null }[];
  /** new steps (ids from the `newId` given to advance) */
  created: StepState[];
  /** the event did nothing (terminal execution, a step no longer pending/waiting, …) */
  ignored: boolean;
}

export type AdvanceFn = (def: FlowDefinition, state: ExecutionState, event: EngineEvent, newId: () => string) => Transition;
