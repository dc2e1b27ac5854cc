/**
 * Pure helpers of the approval pages: status colours, what the viewer may do on an approval, the path
 * (nodes in order with each approver's decision and the comments / attachments of it), the summary
 * line of an approval node in the designer, and where a record lives. No React, no I/O: unit-tested.
 */
import type {
  ApprovalActionView, ApprovalInstanceStatus, ApprovalInstanceView, ApprovalNodeConfig, ApprovalTaskView, ApproverRule, RecordApprovalState,
} from '@loopline/shared';

/** Translator the helpers use; pages pass i18next's `t`, tests a fake. */
export type Translate = (key: string, params?: Record<string, unknown>) => string;

export type DisplayStatus = ApprovalInstanceStatus | 'none';

/** antd Tag colours per approval status (审批中 blue, 已通过 green, 已驳回 red, 已退回 orange). */
export const STATUS_COLOR: Record<DisplayStatus, string> = {
  none: 'default', pending: 'processing', approved: 'success', rejected: 'error', withdrawn: 'default', returned: 'warning', cancelled: 'default',
};
export const NODE_STATUS_COLOR: Record<ApprovalInstanceView['nodes'][number]['status'], string> = {
  waiting: 'processing', pending: 'processing', approved: 'success', rejected: 'error', returned: 'warning', skipped: 'default', notReached: 'default',
};
export const TASK_STATUS_COLOR: Record<ApprovalTaskView['status'], string> = {
  queued: 'default', pending: 'processing', approved: 'success', rejected: 'error', returned: 'warning', delegated: 'purple', cancelled: 'default', skipped: 'default',
};

export const INBOX_BOXES = ['waiting', 'submitted', 'decided', 'cc'] as const;
export type InboxBox = (typeof INBOX_BOXES)[number];
export const isInboxBox = (v: string | null | undefined): v is InboxBox => (INBOX_BOXES as readonly string[]).includes(v ?? '');

/** The status a record page shows: the latest approval's, or 'none' when it was never submitted. */
export function recordStatus(state: RecordApprovalState | null | undefined): DisplayStatus {
  return state?.latest?.status ?? 'none';
}

export interface ViewerActions {
  withdraw: boolean;
  approve: boolean;
  reject: boolean;
  return: boolean;
  delegate: boolean;
  addApprover: boolean;
}

/** What the viewer may do on an approval (the server decides; this only picks the buttons to show). */
export function viewerActions(inst: ApprovalInstanceView | null | undefined, viewerId: string | null | undefined): ViewerActions {
  const pending = inst?.status === 'pending';
  const task = pending && inst?.myTask && inst.myTask.status === 'pending' ? inst.myTask : null;
  return {
    withdraw: Boolean(pending && inst!.canWithdraw && viewerId && inst!.submittedBy === viewerId),
    approve: Boolean(task),
    reject: Boolean(task),
    return: Boolean(task),
    delegate: Boolean(task?.allowDelegate),
    addApprover: Boolean(task?.allowAddApprover),
  };
}

/**
 * While an approval is pending it changes under the viewer (the engine reaches the next node a moment
 * after a decision, others decide): refetch soon while no node waits yet, slowly afterwards.
 */
export function pendingRefetch(inst: ApprovalInstanceView | null | undefined): number | false {
  if (inst?.status !== 'pending') return false;
  return inst.currentNodeIds.length === 0 ? 2_000 : 30_000;
}

/** Return targets offered to the approver: the earlier nodes the server lists, then the submitter. */
export function returnOptions(inst: ApprovalInstanceView, t: Translate): { value: string; label: string }[] {
  const earlier = (inst.myTask?.returnTargets ?? []).filter((r) => r.nodeId !== 'submitter').map((r) => ({ value: r.nodeId, label: r.label || r.nodeId }));
  return [...earlier, { value: 'submitter', label: t('approvals.returnSubmitter') }];
}

/** Submitting needs a pick for every node whose approvers the submitter chooses: the node ids still empty. */
export function missingChoices(choose: RecordApprovalState['chooseApprovers'], chosen: Record<string, string[] | undefined>): string[] {
  return choose.filter((c) => !(chosen[c.nodeId]?.length)).map((c) => c.nodeId);
}

export interface PathTask extends ApprovalTaskView {
  /** decisions, comments and attachments this task made, oldest first */
  actions: ApprovalActionView[];
}
export interface PathNode {
  nodeId: string;
  label: string;
  mode: ApprovalInstanceView['nodes'][number]['mode'];
  status: ApprovalInstanceView['nodes'][number]['status'];
  current: boolean;
  tasks: PathTask[];
  cc: ApprovalInstanceView['cc'];
}
export interface ApprovalPath {
  submit: { by: string; at: string; comment: string | null; attachments: { id: string; name: string }[] };
  nodes: PathNode[];
  /** actions that belong to no node (withdraw, comments on the whole approval, auto-pass without a flow) */
  general: ApprovalActionView[];
  end: { status: ApprovalInstanceStatus; at: string | null } | null;
}

const byTime = (a: { createdAt: string }, b: { createdAt: string }) => a.createdAt.localeCompare(b.createdAt);

/**
 * The approval path to draw: the submission, every approval node in path order (while pending also
 * those not reached yet; once finished only those reached) with its approvers
 * (in their order; added-before approvers ahead of the one who added them) and what each did, the
 * people copied at the node, and how it ended.
 */
export function approvalPath(inst: ApprovalInstanceView): ApprovalPath {
  const actions = [...inst.actions].sort(byTime);
  const submitAction = actions.find((a) => a.action === 'submit' || a.action === 'resubmit');
  const taskIds = new Set(inst.nodes.flatMap((n) => n.tasks.map((x) => x.id)));
  const nodeIds = new Set(inst.nodes.map((n) => n.nodeId));
  const finished = inst.status !== 'pending';
  // once finished, the branches not taken (nodes never reached) are left out
  const nodes: PathNode[] = inst.nodes.filter((n) => !finished || n.status !== 'notReached').map((n) => ({
    nodeId: n.nodeId,
    label: n.label,
    mode: n.mode,
    status: n.status,
    current: inst.status === 'pending' && inst.currentNodeIds.includes(n.nodeId),
    tasks: [...n.tasks]
      .sort((a, b) => a.seq - b.seq || a.createdAt.localeCompare(b.createdAt))
      .map((task) => ({ ...task, actions: actions.filter((a) => a.taskId === task.id) })),
    cc: inst.cc.filter((c) => c.nodeId === n.nodeId),
  }));
  // what belongs to neither a task nor a node of the path: withdraw, comments on the whole approval, auto-pass without a flow
  const general = actions.filter((a) => a !== submitAction && !(a.taskId && taskIds.has(a.taskId)) && !(a.nodeId && nodeIds.has(a.nodeId)));
  return {
    submit: { by: inst.submittedByName, at: inst.submittedAt, comment: submitAction?.comment ?? null, attachments: submitAction?.attachments ?? [] },
    nodes,
    general,
    end: finished ? { status: inst.status, at: inst.decidedAt } : null,
  };
}

/** Actions at a node that no task made (auto-pass, skip, CC, escalation …). */
export function nodeActions(inst: ApprovalInstanceView, nodeId: string): ApprovalActionView[] {
  const taskIds = new Set(inst.nodes.flatMap((n) => n.tasks.map((x) => x.id)));
  return inst.actions.filter((a) => a.nodeId === nodeId && !(a.taskId && taskIds.has(a.taskId)) && a.action !== 'submit' && a.action !== 'resubmit').sort(byTime);
}

/** Names of the approvers still to decide on the current node(s), for "等待 张三、李四". */
export function waitingFor(inst: ApprovalInstanceView): string[] {
  if (inst.status !== 'pending') return [];
  const current = new Set(inst.currentNodeIds);
  return inst.nodes.filter((n) => current.has(n.nodeId)).flatMap((n) => n.tasks.filter((x) => x.status === 'pending').map((x) => x.approverName));
}

// ------------------------------------------------------------------ designer

/** "指定成员：张三、李四" / "提交人的 2 级上级" … */
export function approverRuleText(rule: ApproverRule | undefined, t: Translate, userName?: (id: string) => string | undefined, roleName?: (key: string) => string | undefined): string {
  if (!rule) return '';
  const kind = t(`approvals.node.approverKind.${rule.kind}`);
  switch (rule.kind) {
    case 'users': return rule.userIds.length ? `${kind}：${rule.userIds.map((id) => userName?.(id) ?? '?').join('、')}` : kind;
    case 'role': return rule.roleKey ? `${kind}：${roleName?.(rule.roleKey) ?? rule.roleKey}` : kind;
    case 'manager': return rule.levels > 1 ? `${kind} ×${rule.levels}` : kind;
    default: return kind;
  }
}

/** Whether the approval node's approvers are filled in enough to publish. */
export function approversComplete(rule: ApproverRule | undefined): boolean {
  if (!rule) return false;
  if (rule.kind === 'users') return rule.userIds.length > 0;
  if (rule.kind === 'role') return rule.roleKey.length > 0;
  return true;
}

/** One line for the node on the canvas: who and how ("角色：法务 · 会签"). */
export function approvalNodeSummary(config: Partial<ApprovalNodeConfig>, t: Translate, userName?: (id: string) => string | undefined, roleName?: (key: string) => string | undefined): string {
  if (!approversComplete(config.approvers)) return t('flows.summary.incomplete');
  const mode = config.mode === 'ratio' && config.passRatio ? `${t('approvals.mode.ratio')} ${config.passRatio}%` : t(`approvals.mode.${config.mode ?? 'single'}`);
  return t('approvals.node.summary', { who: approverRuleText(config.approvers, t, userName, roleName), mode });
}

/** A new approval node: the submitter's manager decides alone; nobody found → the admins. */
export function defaultApprovalConfig(): ApprovalNodeConfig {
  return { approvers: { kind: 'manager', levels: 1 }, mode: 'single', whenNoApprover: 'toAdmin', whenApproverIsSubmitter: 'autoPass' };
}

/** The approver rule a kind switch starts with (valid where possible, otherwise the part to fill is empty). */
export function ruleOfKind(kind: ApproverRule['kind']): ApproverRule {
  switch (kind) {
    case 'users': return { kind, userIds: [] };
    case 'role': return { kind, roleKey: '' };
    case 'manager': return { kind, levels: 1 };
    case 'departmentHead': return { kind };
    case 'submitterChooses': return { kind, max: 1 };
    case 'owner': return { kind };
  }
}

// ------------------------------------------------------------------ records

const ROUTES: Record<string, string> = {
  contract: '/contracts', quote: '/quotes', payment: '/payments', invoice: '/invoices', opportunity: '/opportunities', order: '/orders',
  paymentPlan: '/payment-plans', lead: '/leads', customer: '/customers', contact: '/contacts', task: '/tasks', product: '/products', activity: '/followups',
};

/** The web route (and REST base) of a record type, e.g. '/contracts'; null for a type without pages. */
export function recordBase(recordType: string): string | null {
  return ROUTES[recordType] ?? null;
}

/** Where a record's page lives ("/contracts/<id>"); null for a type without pages. */
export function recordLink(recordType: string, recordId: string): string | null {
  const base = ROUTES[recordType];
  return base ? `${base}/${recordId}` : null;
}

/** The summary an approval carries (number, amount, customer …) as label/value pairs worth showing. */
export function summaryPairs(summary: Record<string, unknown> | null | undefined, limit = 4): { key: string; value: string }[] {
  const out: { key: string; value: string }[] = [];
  for (const [key, v] of Object.entries(summary ?? {})) {
    if (v === null || v === undefined || v === '' || typeof v === 'object') continue;
    out.push({ key, value: String(v) });
    if (out.length >= limit) break;
  }
  return out;
}

// ------------------------------------------------------------------ approval flows

/** Record types an approval flow is usually drawn for (any flow record type is accepted by the server). */
export const APPROVAL_RECORD_TYPES = ['contract', 'quote', 'payment', 'invoice', 'opportunity', 'order', 'paymentPlan', 'customer', 'lead', 'product'] as const;

/** A new approval flow: 提交审批 on the record type → one approval node (manager) → end; 驳回 left open (= rejected). */
export function blankApprovalDefinition(recordType: string) {
  return {
    trigger: { type: 'approvalSubmitted', recordType },
    nodes: [
      { id: 'trigger', type: 'trigger', config: {}, position: { x: 0, y: 0 } },
      { id: 'approval', type: 'approval', config: defaultApprovalConfig(), position: { x: 0, y: 140 } },
      { id: 'end', type: 'end', config: {}, position: { x: 0, y: 280 } },
    ],
    edges: [
      { id: 'trigger->approval', source: 'trigger', target: 'approval' },
      { id: 'approval:approved->end', source: 'approval', target: 'end', sourceHandle: 'approved' },
    ],
  };
}
