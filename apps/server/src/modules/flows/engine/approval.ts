/**
 * The approval node (审批节点), pure like every node spec. The runtime's approval loader
 * (modules/approvals/glue.ts) reads who the rule names into `input.nodeData`; the plan decides what
 * happens with them:
 *  - mode single keeps the first approver; sequential makes the first pending and the rest queued;
 *  - nobody found: autoPass / skip pass the node at once, toAdmin hands it to the tenant's admins;
 *  - the submitter among the approvers: autoPass approves their task on their behalf (which decides
 *    single / any-of, and countersign / sequential / ratio once nothing else is needed), toManager
 *    gives it to their manager, decide leaves it to them;
 *  - otherwise the node waits on the signal `approval:<stepId>`: the approvals service sends the
 *    node's outcome once people have decided, and `resume` leaves by the edge "approved" or
 *    "rejected" (none: the path ends; the approval ends rejected), or goes back to an earlier node
 *    ("returned": a new step for that node).
 */
import { nodeConfigSchemas, type ApproverRule, type FlowNodeConfig, type FlowProblem } from '@loopline/shared';
import { addDuration } from './durations.ts';
import { FlowStepError } from './errors.ts';
import type { ApprovalTaskPlan, CheckContext, NodeInput, NodePlan, NodeTypeSpec } from './types.ts';

export type ApprovalConfig = FlowNodeConfig<'approval'>;

/** What the runtime loader resolved for one visit of an approval node. */
export interface ApprovalNodeData {
  submitterId: string;
  /** the rule's approvers, in order (managers: nearest first), active users only */
  approverIds: string[];
  /** the submitter's manager (whenApproverIsSubmitter = toManager) */
  submitterManagerId: string | null;
  /** the tenant's active administrators (whenNoApprover = toAdmin) */
  adminIds: string[];
  ccUserIds: string[];
}

/** The signal a waiting approval step listens for. */
export const approvalSignal = (stepId: string) => `approval:${stepId}`;

/** What the approvals service sends when a node is decided. */
export type ApprovalSignalPayload = { outcome: 'approved' | 'rejected' } | { outcome: 'returned'; toNodeId: string };

const RULE_TEXT: Record<ApproverRule['kind'], string> = {
  users: '指定成员', role: '角色', manager: '提交人的上级', departmentHead: '部门负责人', submitterChooses: '提交人自选', owner: '记录负责人',
};

export function describeApproverRule(r: ApproverRule): string {
  switch (r.kind) {
    case 'role': return `角色 ${r.roleKey}`;
    case 'manager': return r.levels > 1 ? `提交人的 ${r.levels} 级上级` : '提交人的上级';
    case 'departmentHead': return r.of === 'owner' ? '负责人所在部门负责人' : '提交人所在部门负责人';
    case 'users': return `指定成员（${r.userIds.length} 人）`;
    default: return RULE_TEXT[r.kind];
  }
}

type Problem = Omit<FlowProblem, 'nodeId'>;

export function checkApprovalConfig(c: ApprovalConfig, ctx: CheckContext): Problem[] {
  const out: Problem[] = [];
  if (c.mode === 'ratio' && c.passRatio === undefined) out.push({ code: 'badConfig', message: '选择了"按比例通过"，需要设置通过比例（1–100%）' });
  if (c.mode !== 'ratio' && c.passRatio !== undefined) out.push({ code: 'badConfig', message: '只有"按比例通过"才能设置通过比例' });
  if (c.timeout && !(c.timeout.after.days ?? 0) && !(c.timeout.after.hours ?? 0)) out.push({ code: 'badConfig', message: '的超时时间需大于 0' });
  for (const f of c.editableFields ?? []) {
    if (!ctx.knowsPath(`record.${f}`)) out.push({ code: 'unknownField', message: `允许审批人修改的字段 ${f} 不存在` });
  }
  if (c.cc?.some((r) => r.kind === 'submitterChooses')) out.push({ code: 'badConfig', message: '的抄送人不能由提交人自选' });
  return out;
}

const unique = (ids: string[]) => [...new Set(ids)];

/** Pure: what the node does with the approvers the loader found. */
export function planApproval(c: ApprovalConfig, input: NodeInput): NodePlan {
  const data = input.nodeData as ApprovalNodeData | undefined;
  const signal = approvalSignal(input.stepId ?? 'dry-run');
  const decision = { approvers: describeApproverRule(c.approvers), mode: c.mode };
  // a dry run: nobody is resolved, the node is shown waiting for its decision
  if (!data) return { kind: 'wait', effects: [], signal, decision };
  const base = { nodeId: input.node?.id ?? '', label: input.node?.label ?? '', mode: c.mode, ccUserIds: unique(data.ccUserIds) };
  let ids = unique(data.approverIds);
  if (c.mode === 'single') ids = ids.slice(0, 1);
  let origin: ApprovalTaskPlan['origin'] = 'rule';
  let note: string | null = null;
  if (ids.length === 0) {
    if (c.whenNoApprover !== 'toAdmin') {
      const text = c.whenNoApprover === 'skip' ? '没有找到审批人，跳过此节点' : '没有找到审批人，自动通过';
      return {
        kind: 'continue', branch: 'approved', decision: { ...decision, auto: c.whenNoApprover },
        output: { outcome: 'approved', auto: c.whenNoApprover },
        effects: [{ type: 'approval', ...base, tasks: [], dueAt: null, outcome: 'approved', note: text }],
      };
    }
    ids = unique(data.adminIds);
    origin = 'admin';
    note = '没有找到审批人，转交管理员审批';
    if (ids.length === 0) throw new FlowStepError('没有找到审批人，也没有可转交的管理员');
    if (c.mode === 'single') ids = ids.slice(0, 1);
  }
  const auto = new Set<string>();
  if (ids.includes(data.submitterId)) {
    if (c.whenApproverIsSubmitter === 'autoPass') auto.add(data.submitterId);
    else if (c.whenApproverIsSubmitter === 'toManager') {
      const to = data.submitterManagerId ?? data.adminIds.find((a) => a !== data.submitterId) ?? null;
      if (!to) throw new FlowStepError('审批人为提交人，但提交人没有上级，也没有其他管理员');
      ids = unique(ids.map((id) => (id === data.submitterId ? to : id)));
      note = '审批人为提交人，转交其上级审批';
    }
  }
  let firstPending = true;
  const tasks: ApprovalTaskPlan[] = ids.map((approverId, seq) => {
    if (auto.has(approverId)) return { approverId, seq, status: 'approved', origin, comment: '审批人为提交人，自动通过' };
    const status = c.mode === 'sequential' && !firstPending ? 'queued' : 'pending';
    firstPending = false;
    return { approverId, seq, status, origin, comment: null };
  });
  const approved = tasks.filter((t) => t.status === 'approved').length;
  const passes =
    approved > 0 && (c.mode === 'single' || c.mode === 'anyOf' || approved === tasks.length || (c.mode === 'ratio' && approved * 100 >= (c.passRatio ?? 100) * tasks.length));
  if (passes) {
    return {
      kind: 'continue', branch: 'approved', decision: { ...decision, auto: 'submitter' },
      output: { outcome: 'approved', auto: 'submitter' },
      effects: [{ type: 'approval', ...base, tasks: tasks.filter((t) => t.status === 'approved'), dueAt: null, outcome: 'approved', note: '审批人为提交人，自动通过' }],
    };
  }
  const after = c.timeout ? { days: c.timeout.after.days, hours: c.timeout.after.hours } : null;
  const dueAt = after && ((after.days ?? 0) > 0 || (after.hours ?? 0) > 0) ? addDuration(input.now, after).toISOString() : null;
  return {
    kind: 'wait', signal, decision: { ...decision, approverIds: ids },
    effects: [{ type: 'approval', ...base, tasks, dueAt, outcome: null, note }],
  };
}

export function resumeApproval(event: { kind: 'timer' } | { kind: 'signal'; payload: unknown }): NodePlan {
  const p = (event.kind === 'signal' ? event.payload : null) as ApprovalSignalPayload | null;
  // a dry run (no payload) follows the approved path
  if (!p || p.outcome === 'approved') return { kind: 'continue', effects: [], branch: 'approved', output: { outcome: 'approved' } };
  if (p.outcome === 'returned') return { kind: 'continue', effects: [], goto: p.toNodeId, branch: 'returned', output: { outcome: 'returned', toNodeId: p.toNodeId } };
  // no "rejected" edge: the path ends here, and with it the approval (rejected)
  return { kind: 'continue', effects: [], branch: 'rejected', output: { outcome: 'rejected' } };
}

export const approvalNodeSpec: NodeTypeSpec<ApprovalConfig> = {
  type: 'approval',
  config: nodeConfigSchemas.approval,
  handles: () => ['approved', 'rejected'],
  optionalHandles: ['rejected'],
  waits: true,
  check: checkApprovalConfig,
  plan: planApproval,
  resume: (_c, _input, event) => resumeApproval(event),
};
