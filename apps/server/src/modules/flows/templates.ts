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

export const FLOW_TEMPLATES: readonly FlowTemplate[] = [newLeadFirstCall, newLeadHighIntent, newLeadNurture, followupDiscipline, contactBirthday];

export function findFlowTemplate(key: string): FlowTemplate | undefined {
  return FLOW_TEMPLATES.find((t) => t.key === key);
}

/** A fresh copy: callers edit drafts, never the built-in objects. */
export function templateDefinition(t: FlowTemplate): FlowDefinition {
  return structuredClone(t.definition);
}
