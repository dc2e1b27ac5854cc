/**
 * The built-in sales SOPs (标准作业流程) as flow definitions: an admin starts from one
 * (POST /flows {templateKey}) and edits it; the demo organization has them all published.
 *
 * A flow has one trigger, so the "new lead SOP" is three flows: the first call on
 * assignment, and one flow per follow-up outcome (高意向 / 待培育). One flow per outcome keeps each
 * readable on its own and needs no condition on the follow-up itself (condition nodes test the
 * record's fields; the outcome is the trigger's, already chosen by `outcomes`).
 */
import type { FilterNode, FlowDefinition, FlowEdge, FlowNode } from '@loopline/shared';

export interface FlowTemplate {
  key: string;
  name: string;
  description: string;
  recordType: string;
  definition: FlowDefinition;
}

const GAP = 140;
/** Nodes laid out top to bottom in the order given; `x` shifts a side branch. */
function node(id: string, type: string, label: string, config: Record<string, unknown>, row: number, x = 0): FlowNode {
  return { id, type, label, config, position: { x, y: row * GAP } };
}
function edge(source: string, target: string, sourceHandle?: string): FlowEdge {
  return { id: `${source}-${sourceHandle ?? 'next'}-${target}`, source, target, ...(sourceHandle ? { sourceHandle } : {}) };
}
/** Straight line of nodes, each to the next. */
function chain(ids: string[]): FlowEdge[] {
  return ids.slice(1).map((id, i) => edge(ids[i]!, id));
}

const newLeadFirstCall: FlowTemplate = {
  key: 'newLeadFirstCall',
  name: '新线索 SOP · 分配后首呼',
  description: '线索分配给销售后，立即为负责人创建 24 小时内完成的“首次电话联系”任务。',
  recordType: 'lead',
  definition: {
    trigger: { type: 'ownerChanged', recordType: 'lead' },
    nodes: [
      node('trigger', 'trigger', '线索分配给负责人', {}, 0),
      node('firstCall', 'createTask', '创建首呼任务', {
        title: '首次电话联系',
        description: '新分配的线索：{{record.name}}（{{record.company}}），请在 24 小时内完成首次电话联系并记录跟进结果。',
        assignee: { kind: 'owner' },
        due: { hours: 24 },
        remindBefore: { hours: 2 },
        priority: 'high',
      }, 1),
      node('end', 'end', '结束', {}, 2),
    ],
    edges: chain(['trigger', 'firstCall', 'end']),
  },
};

const newLeadHighIntent: FlowTemplate = {
  key: 'newLeadHighIntent',
  name: '新线索 SOP · 高意向跟进',
  description: '跟进结果为“高意向”时，为负责人创建“发送产品资料”任务，并设置 3 天后再次跟进。',
  recordType: 'lead',
  definition: {
    trigger: { type: 'followupLogged', recordType: 'lead', outcomes: ['highIntent'] },
    nodes: [
      node('trigger', 'trigger', '记录了高意向跟进', {}, 0),
      node('sendBrochure', 'createTask', '发送产品资料', {
        title: '发送产品资料',
        description: '{{record.name}} 表现出高意向，请发送产品资料（意向产品：{{record.productInterest}}）。',
        assignee: { kind: 'owner' },
        due: { days: 1 },
        priority: 'high',
      }, 1),
      node('reminder', 'followupReminder', '3 天后再次跟进', { after: { days: 3 }, note: '高意向线索：确认产品资料已收到并推进下一步' }, 2),
      node('end', 'end', '结束', {}, 3),
    ],
    edges: chain(['trigger', 'sendBrochure', 'reminder', 'end']),
  },
};

const newLeadNurture: FlowTemplate = {
  key: 'newLeadNurture',
  name: '新线索 SOP · 待培育跟进',
  description: '跟进结果为“待培育”时，设置 14 天后再次跟进的提醒。',
  recordType: 'lead',
  definition: {
    trigger: { type: 'followupLogged', recordType: 'lead', outcomes: ['nurture'] },
    nodes: [
      node('trigger', 'trigger', '记录了待培育跟进', {}, 0),
      node('reminder', 'followupReminder', '14 天后再次跟进', { after: { days: 14 }, note: '待培育线索：定期回访，了解需求变化' }, 1),
      node('end', 'end', '结束', {}, 2),
    ],
    edges: chain(['trigger', 'reminder', 'end']),
  },
};

/**
 * "Still not followed up by the same owner" on day `day` after assignment (tenant days):
 * - the owner got the lead on the day of assignment or before (`ownerSince` before the start of
 *   day 1): a lead reassigned meanwhile has its own execution and is left to it;
 * - no follow-up since the start of the assignment day (`lastFollowupAt` empty or earlier);
 * - the lead is still open (not converted or invalid).
 * `lastNDays n` is the n days ending today, so on day `day` it starts on day `day - n + 1`.
 */
export function noFollowupSinceAssignment(day: number): FilterNode {
  return {
    and: [
      { field: 'ownerId', op: 'isNotEmpty' },
      { field: 'ownerSince', op: 'lt', value: { relative: 'lastNDays', n: day } },
      { field: 'status', op: 'in', value: ['new', 'contacting', 'qualified'] },
      { or: [{ field: 'lastFollowupAt', op: 'isEmpty' }, { field: 'lastFollowupAt', op: 'lt', value: { relative: 'lastNDays', n: day + 1 } }] },
    ],
  };
}

const check = (id: string, label: string, day: number, row: number) =>
  node(id, 'condition', label, { branches: [{ id: 'noFollowup', label: `${day} 天未跟进`, filter: noFollowupSinceAssignment(day) }] }, row);

const followupDiscipline: FlowTemplate = {
  key: 'followupDiscipline',
  name: '跟进纪律 · 7 天未跟进退回公海',
  description: '线索分配后 3 天未跟进提醒负责人，第 5 天通知其上级，第 7 天仍未跟进则自动退回公海。',
  recordType: 'lead',
  definition: {
    trigger: { type: 'ownerChanged', recordType: 'lead' },
    nodes: [
      node('trigger', 'trigger', '线索分配给负责人', {}, 0),
      node('wait3', 'delay', '等待 3 天', { mode: 'duration', duration: { days: 3 } }, 1),
      check('check3', '3 天内跟进了吗', 3, 2),
      node('remindOwner', 'notify', '提醒负责人', {
        to: [{ kind: 'owner' }],
        title: '线索已 3 天未跟进：{{record.name}}',
        body: '{{record.name}} 于 {{record.ownerSince|date}} 分配给你，至今没有跟进记录。请尽快联系，7 天未跟进将自动退回公海。',
      }, 3),
      node('wait5', 'delay', '再等 2 天', { mode: 'duration', duration: { days: 2 } }, 4),
      check('check5', '5 天内跟进了吗', 5, 5),
      node('notifyManager', 'notify', '通知上级', {
        to: [{ kind: 'ownerManager' }],
        title: '{{owner.name}} 的线索已 5 天未跟进：{{record.name}}',
        body: '{{record.name}} 于 {{record.ownerSince|date}} 分配给 {{owner.name}}，5 天没有跟进记录。第 7 天仍未跟进将自动退回公海。',
      }, 6),
      node('wait7', 'delay', '再等 2 天', { mode: 'duration', duration: { days: 2 } }, 7),
      check('check7', '7 天内跟进了吗', 7, 8),
      node('backToPool', 'returnToPool', '退回公海', { reason: '7 天未跟进，自动退回公海' }, 9),
      node('end', 'end', '结束', {}, 10),
      node('followedUp', 'end', '已跟进', {}, 4, 320),
    ],
    edges: [
      ...chain(['trigger', 'wait3', 'check3']),
      edge('check3', 'remindOwner', 'noFollowup'),
      edge('check3', 'followedUp', 'default'),
      ...chain(['remindOwner', 'wait5', 'check5']),
      edge('check5', 'notifyManager', 'noFollowup'),
      edge('check5', 'followedUp', 'default'),
      ...chain(['notifyManager', 'wait7', 'check7']),
      edge('check7', 'backToPool', 'noFollowup'),
      edge('check7', 'followedUp', 'default'),
      edge('backToPool', 'end'),
    ],
  },
};

/**
 * Contacts carry the birthday (contacts.birthday, a date); the greeting goes to the contact's
 * owner the day before at 9:00, every year. Contract anniversaries use the same trigger on the
 * contract's date once contracts exist (next issues).
 */
const contactBirthday: FlowTemplate = {
  key: 'contactBirthday',
  name: '客户关怀 · 生日祝福提醒',
  description: '联系人生日前一天 9:00，为负责人创建“准备生日祝福”任务并发送站内提醒，每年重复。',
  recordType: 'contact',
  definition: {
    trigger: { type: 'dateRelative', recordType: 'contact', dateField: 'birthday', offsetDays: -1, atHour: 9, yearly: true },
    nodes: [
      node('trigger', 'trigger', '生日前一天 9:00', {}, 0),
      node('greetingTask', 'createTask', '准备生日祝福', {
        title: '准备生日祝福',
        description: '{{record.name}}（{{customer.name}}）明天生日，请准备祝福短信或小礼物。',
        assignee: { kind: 'owner' },
        due: { hours: 8 },
        priority: 'normal',
        checklist: ['编辑祝福短信', '确认是否寄送礼物'],
      }, 1),
      node('notifyOwner', 'notify', '提醒负责人', {
        to: [{ kind: 'owner' }],
        title: '明天是 {{record.name}} 的生日',
        body: '{{customer.name}} 的 {{record.name}} 明天生日，别忘了送上祝福。',
      }, 2),
      node('end', 'end', '结束', {}, 3),
    ],
    edges: chain(['trigger', 'greetingTask', 'notifyOwner', 'end']),
  },
};

/**
 * 合同到期提醒: 30 days before an approved contract's end date (an admin changes offsetDays for
 * another N), the owner gets a renewal task and an in-app notice. The to-do centre lists the same
 * contracts by each contract's own remindDaysBefore (modules/contracts/todo.ts).
 */
const contractExpiry: FlowTemplate = {
  key: 'contractExpiry',
  name: '合同到期提醒',
  description: '已审批通过的合同在结束日期前 30 天 9:00，为负责人创建“跟进合同续约”任务并发送站内提醒。',
  recordType: 'contract',
  definition: {
    trigger: { type: 'dateRelative', recordType: 'contract', dateField: 'endDate', offsetDays: -30, atHour: 9, condition: { field: 'status', op: 'eq', value: 'approved' } },
    nodes: [
      node('trigger', 'trigger', '合同结束前 30 天 9:00', {}, 0),
      node('renewalTask', 'createTask', '跟进合同续约', {
        title: '跟进合同续约：{{record.name}}',
        description: '合同 {{record.number}}（{{customer.name}}）将于 {{record.endDate}} 到期，请联系客户确认续约或结算。',
        assignee: { kind: 'owner' },
        due: { days: 7 },
        priority: 'high',
        checklist: ['确认客户续约意向', '核对未回款金额', '准备续约报价'],
      }, 1),
      node('notifyOwner', 'notify', '提醒负责人', {
        to: [{ kind: 'owner' }],
        title: '合同即将到期：{{record.name}}',
        body: '合同 {{record.number}} 将于 {{record.endDate}} 到期。',
      }, 2),
      node('end', 'end', '结束', {}, 3),
    ],
    edges: chain(['trigger', 'renewalTask', 'notifyOwner', 'end']),
  },
};

/**
 * 回款到期提醒: 3 days before a payment plan's due date, while it is not yet (fully) received, the
 * owner gets a follow-up task and a notice. The payments module's own job also reminds per plan by
 * its remindDaysBefore and marks overdue plans (modules/payments/jobs.ts); this template is for
 * teams that want a task and to tailor the steps.
 */
const paymentDue: FlowTemplate = {
  key: 'paymentDue',
  name: '回款到期提醒',
  description: '回款计划到期前 3 天 9:00（尚未全部回款时），为负责人创建“跟进回款”任务并发送站内提醒。',
  recordType: 'paymentPlan',
  definition: {
    trigger: { type: 'dateRelative', recordType: 'paymentPlan', dateField: 'dueDate', offsetDays: -3, atHour: 9, condition: { field: 'status', op: 'in', value: ['pending', 'partial'] } },
    nodes: [
      node('trigger', 'trigger', '计划回款日前 3 天 9:00', {}, 0),
      node('collectTask', 'createTask', '跟进回款', {
        title: '跟进回款：{{record.customerName}} {{record.number}}',
        description: '{{record.customerName}} 的合同 {{record.contractNumber}} 第 {{record.instalment}} 期计划于 {{record.dueDate}} 回款，未回款 {{record.outstanding}} 元，请提醒客户付款。',
        assignee: { kind: 'owner' },
        due: { days: 3 },
        priority: 'high',
        checklist: ['电话提醒客户付款', '确认付款方式和时间'],
      }, 1),
      node('notifyOwner', 'notify', '提醒负责人', {
        to: [{ kind: 'owner' }],
        title: '回款即将到期：{{record.customerName}}',
        body: '合同 {{record.contractNumber}} 第 {{record.instalment}} 期将于 {{record.dueDate}} 到期，未回款 {{record.outstanding}} 元。',
      }, 2),
      node('end', 'end', '结束', {}, 3),
    ],
    edges: chain(['trigger', 'collectTask', 'notifyOwner', 'end']),
  },
};

export const FLOW_TEMPLATES: readonly FlowTemplate[] = [newLeadFirstCall, newLeadHighIntent, newLeadNurture, followupDiscipline, contactBirthday, contractExpiry, paymentDue];

// ------------------------------------------------------------------ approval flows (审批流程)

const approvalNode = (id: string, label: string, config: Record<string, unknown>, row: number, x = 0) => node(id, 'approval', label, {
  whenNoApprover: 'toAdmin', whenApproverIsSubmitter: 'autoPass', allowDelegate: true, allowAddApprover: true, ...config,
}, row, x);
const role = (roleKey: string) => ({ kind: 'role', roleKey });

/** 合同审批: < 50,000 → the sales director; ≥ 50,000 → the sales director, then legal countersign (会签). */
const contractApproval: FlowTemplate = {
  key: 'approvalContract',
  name: '合同审批',
  description: '合同金额小于 5 万元由销售总监审批；5 万元及以上由销售总监审批后，再由法务会签。',
  recordType: 'contract',
  definition: {
    trigger: { type: 'approvalSubmitted', recordType: 'contract' },
    nodes: [
      node('trigger', 'trigger', '提交合同审批', {}, 0),
      node('byAmount', 'condition', '按合同金额', {
        branches: [{ id: 'small', label: '金额 < 50,000', filter: { field: 'amount', op: 'lt', value: 50000 } satisfies FilterNode }],
      }, 1),
      approvalNode('director', '销售总监审批', { approvers: role('salesDirector'), mode: 'anyOf', timeout: { after: { days: 2 }, action: 'remind' } }, 2, -160),
      approvalNode('directorLarge', '销售总监审批（大额）', { approvers: role('salesDirector'), mode: 'anyOf', timeout: { after: { days: 2 }, action: 'remind' } }, 2, 160),
      approvalNode('legal', '法务会签', { approvers: role('legal'), mode: 'countersign', timeout: { after: { days: 3 }, action: 'remind' } }, 3, 160),
      node('end', 'end', '结束', {}, 4),
    ],
    edges: [
      edge('trigger', 'byAmount'),
      edge('byAmount', 'director', 'small'),
      edge('byAmount', 'directorLarge', 'default'),
      edge('director', 'end', 'approved'),
      edge('directorLarge', 'legal', 'approved'),
      edge('legal', 'end', 'approved'),
    ],
  },
};

/** 报价折扣审批: a discount beyond the role's limit → the sales director; a special discount (> 30 %) → finance as well. */
const quoteDiscountApproval: FlowTemplate = {
  key: 'approvalQuoteDiscount',
  name: '报价折扣审批',
  description: '折扣超出角色限额的报价由销售总监审批；折扣超过 30% 的特殊折扣再由财务审批。',
  recordType: 'quote',
  definition: {
    // only quotes whose discount exceeds the owner's limit need approval; the others pass at once
    trigger: { type: 'approvalSubmitted', recordType: 'quote', condition: { field: 'overLimit', op: 'eq', value: true } satisfies FilterNode },
    nodes: [
      node('trigger', 'trigger', '提交报价审批', {}, 0),
      approvalNode('director', '销售总监审批', { approvers: role('salesDirector'), mode: 'anyOf' }, 1),
      node('special', 'condition', '是否特殊折扣', {
        branches: [{ id: 'special', label: '折扣 > 30%', filter: { field: 'maxDiscountPct', op: 'gt', value: 30 } satisfies FilterNode }],
      }, 2),
      approvalNode('finance', '财务审批', { approvers: role('finance'), mode: 'anyOf' }, 3, 160),
      node('end', 'end', '结束', {}, 4),
    ],
    edges: [
      edge('trigger', 'director'),
      edge('director', 'special', 'approved'),
      edge('special', 'finance', 'special'),
      edge('special', 'end', 'default'),
      edge('finance', 'end', 'approved'),
    ],
  },
};

/** 回款确认: finance confirms (any-of of the finance role). */
const paymentConfirmation: FlowTemplate = {
  key: 'approvalPayment',
  name: '回款确认',
  description: '回款记录提交后，由财务（任一财务人员）确认到账。',
  recordType: 'payment',
  definition: {
    trigger: { type: 'approvalSubmitted', recordType: 'payment' },
    nodes: [
      node('trigger', 'trigger', '提交回款确认', {}, 0),
      approvalNode('finance', '财务确认', { approvers: role('finance'), mode: 'anyOf' }, 1),
      node('end', 'end', '结束', {}, 2),
    ],
    edges: [edge('trigger', 'finance'), edge('finance', 'end', 'approved')],
  },
};

/** 发票审批: finance approves the invoice application. */
const invoiceApproval: FlowTemplate = {
  key: 'approvalInvoice',
  name: '发票审批',
  description: '开票申请由财务审批。',
  recordType: 'invoice',
  definition: {
    trigger: { type: 'approvalSubmitted', recordType: 'invoice' },
    nodes: [
      node('trigger', 'trigger', '提交开票申请', {}, 0),
      approvalNode('finance', '财务审批', { approvers: role('finance'), mode: 'anyOf' }, 1),
      node('end', 'end', '结束', {}, 2),
    ],
    edges: [edge('trigger', 'finance'), edge('finance', 'end', 'approved')],
  },
};

/** Approval flow templates (kind 'approval'); the demo publishes them (approvals/demo.ts). */
export const APPROVAL_FLOW_TEMPLATES: readonly FlowTemplate[] = [contractApproval, quoteDiscountApproval, paymentConfirmation, invoiceApproval];

/** Every template an admin can start from (GET /flows/templates). */
export const ALL_FLOW_TEMPLATES: readonly FlowTemplate[] = [...FLOW_TEMPLATES, ...APPROVAL_FLOW_TEMPLATES];

export function findFlowTemplate(key: string): FlowTemplate | undefined {
  return ALL_FLOW_TEMPLATES.find((t) => t.key === key);
}

/** A fresh copy: callers edit drafts, never the built-in objects. */
export function templateDefinition(t: FlowTemplate): FlowDefinition {
  return structuredClone(t.definition);
}
