import { describe, expect, it } from 'vitest';
import type { ApprovalActionView, ApprovalInstanceView, ApprovalTaskView, FlowDefinition, RecordApprovalState } from '@loopline/shared';
import { addNode, handlesOf, paletteFor, summarize } from '../flows/model.ts';
import {
  approvalNodeSummary, approvalPath, approversComplete, blankApprovalDefinition, missingChoices, nodeActions, pendingRefetch, recordLink, recordStatus, returnOptions,
  ruleOfKind, summaryPairs, viewerActions, waitingFor,
} from './model.ts';

const t = (key: string, params?: Record<string, unknown>) => (params ? `${key}${JSON.stringify(params)}` : key);

const task = (over: Partial<ApprovalTaskView>): ApprovalTaskView => ({
  id: 't1', instanceId: 'i1', nodeId: 'director', nodeLabel: '总监', approverId: 'u-dir', approverName: '李娜', seq: 1, status: 'pending', origin: 'rule',
  dueAt: null, decidedAt: null, comment: null, createdAt: '2026-01-01T00:00:00Z', ...over,
});
const action = (over: Partial<ApprovalActionView>): ApprovalActionView => ({
  id: `a-${Math.random()}`, taskId: null, nodeId: null, action: 'comment', actorId: 'u1', actorName: '陈静', comment: null, attachments: [], data: {}, createdAt: '2026-01-01T00:00:00Z', ...over,
});

function instance(over: Partial<ApprovalInstanceView> = {}): ApprovalInstanceView {
  return {
    id: 'i1', recordType: 'contract', recordId: 'r1', title: '合同 HT001', summary: { amount: '80000.00' }, flowId: 'f1', flowName: '合同审批', version: 1,
    executionId: 'e1', status: 'pending', currentNodeIds: ['director'], submittedBy: 'u-rep', submittedByName: '陈静', submittedAt: '2026-01-01T00:00:00Z',
    decidedAt: null, canWithdraw: true, myTask: null,
    nodes: [
      { nodeId: 'director', label: '总监审批', mode: 'anyOf', status: 'pending', tasks: [task({})] },
      { nodeId: 'legal', label: '法务会签', mode: 'countersign', status: 'notReached', tasks: [] },
    ],
    cc: [], actions: [action({ action: 'submit', comment: '请审批', createdAt: '2026-01-01T00:00:00Z' })], ...over,
  };
}

describe('recordStatus', () => {
  it('is none before any submission and the latest approval status after', () => {
    expect(recordStatus(undefined)).toBe('none');
    const state = (latest: ApprovalInstanceView | null): RecordApprovalState => ({ recordType: 'contract', recordId: 'r1', latest, locked: false, hasFlow: true, canSubmit: true, chooseApprovers: [] });
    expect(recordStatus(state(null))).toBe('none');
    expect(recordStatus(state(instance()))).toBe('pending');
    expect(recordStatus(state(instance({ status: 'returned' })))).toBe('returned');
  });
});

describe('viewerActions', () => {
  it('lets the submitter withdraw only while nobody decided, and nobody else', () => {
    expect(viewerActions(instance(), 'u-rep').withdraw).toBe(true);
    expect(viewerActions(instance({ canWithdraw: false }), 'u-rep').withdraw).toBe(false);
    expect(viewerActions(instance(), 'u-other').withdraw).toBe(false);
    expect(viewerActions(instance({ status: 'approved' }), 'u-rep').withdraw).toBe(false);
  });
  it('offers decisions only on the viewer’s own pending task of a pending approval, delegate / add approver as the node allows', () => {
    const myTask = { ...task({ approverId: 'u-dir' }), allowDelegate: true, allowAddApprover: false, editableFields: [], returnTargets: [] };
    const mine = viewerActions(instance({ myTask }), 'u-dir');
    expect(mine).toMatchObject({ approve: true, reject: true, return: true, delegate: true, addApprover: false, withdraw: false });
    expect(viewerActions(instance({ myTask, status: 'withdrawn' }), 'u-dir').approve).toBe(false);
    expect(viewerActions(instance({ myTask: { ...myTask, status: 'approved' } }), 'u-dir').approve).toBe(false);
    expect(viewerActions(instance(), 'u-dir').approve).toBe(false);
  });
});

describe('pendingRefetch', () => {
  it('polls soon while the engine has not reached a node, slowly while people decide, never once finished', () => {
    expect(pendingRefetch(instance({ currentNodeIds: [] }))).toBe(2_000);
    expect(pendingRefetch(instance())).toBe(30_000);
    expect(pendingRefetch(instance({ status: 'approved' }))).toBe(false);
    expect(pendingRefetch(null)).toBe(false);
  });
});

describe('returnOptions', () => {
  it('lists the earlier nodes the server allows and always the submitter last', () => {
    const myTask = { ...task({}), allowDelegate: false, allowAddApprover: false, editableFields: [], returnTargets: [{ nodeId: 'director', label: '总监审批' }] };
    const opts = returnOptions(instance({ myTask }), t);
    expect(opts.map((o) => o.value)).toEqual(['director', 'submitter']);
  });
});

describe('missingChoices', () => {
  it('names the nodes whose approvers the submitter has not chosen', () => {
    const choose = [{ nodeId: 'a', label: 'A', max: 2 }, { nodeId: 'b', label: 'B', max: 1 }];
    expect(missingChoices(choose, {})).toEqual(['a', 'b']);
    expect(missingChoices(choose, { a: ['u1'], b: [] })).toEqual(['b']);
    expect(missingChoices(choose, { a: ['u1'], b: ['u2'] })).toEqual([]);
  });
});

describe('approvalPath', () => {
  it('puts each approver under its node in order, with the comments and attachments of their decision', () => {
    const inst = instance({
      status: 'approved', currentNodeIds: [], decidedAt: '2026-01-03T00:00:00Z',
      nodes: [
        { nodeId: 'director', label: '总监审批', mode: 'anyOf', status: 'approved', tasks: [task({ id: 't1', status: 'approved', decidedAt: '2026-01-02T00:00:00Z' })] },
        { nodeId: 'small', label: '小额审批', mode: 'single', status: 'notReached', tasks: [] },
        {
          nodeId: 'legal', label: '法务会签', mode: 'countersign', status: 'approved', tasks: [
            task({ id: 't3', nodeId: 'legal', approverName: '王五', seq: 2, status: 'approved' }),
            task({ id: 't2', nodeId: 'legal', approverName: '孙强', seq: 1, status: 'approved' }),
          ],
        },
      ],
      cc: [{ userId: 'u9', userName: '徐丽', nodeId: 'legal', readAt: null }],
      actions: [
        action({ action: 'approve', taskId: 't2', nodeId: 'legal', comment: '条款无误', attachments: [{ id: 'f1', name: '意见.pdf' }], createdAt: '2026-01-02T10:00:00Z' }),
        action({ action: 'submit', comment: '请审批', createdAt: '2026-01-01T00:00:00Z' }),
        action({ action: 'approve', taskId: 't1', nodeId: 'director', createdAt: '2026-01-02T00:00:00Z' }),
        action({ action: 'comment', comment: '加急', createdAt: '2026-01-01T05:00:00Z' }),
      ],
    });
    const path = approvalPath(inst);
    expect(path.submit).toMatchObject({ by: '陈静', comment: '请审批' });
    expect(path.nodes.map((n) => n.nodeId)).toEqual(['director', 'legal']);
    expect(path.nodes[1]!.tasks.map((x) => x.approverName)).toEqual(['孙强', '王五']);
    expect(path.nodes[1]!.tasks[0]!.actions[0]).toMatchObject({ comment: '条款无误', attachments: [{ name: '意见.pdf' }] });
    expect(path.nodes[1]!.cc.map((c) => c.userName)).toEqual(['徐丽']);
    expect(path.general.map((a) => a.comment)).toEqual(['加急']);
    expect(path.end).toEqual({ status: 'approved', at: '2026-01-03T00:00:00Z' });
    expect(path.nodes.every((n) => !n.current)).toBe(true);
  });
  it('marks the node waiting now and has no end while pending', () => {
    const path = approvalPath(instance());
    expect(path.nodes.map((n) => n.current)).toEqual([true, false]);
    expect(path.end).toBeNull();
    expect(waitingFor(instance())).toEqual(['李娜']);
    expect(waitingFor(instance({ status: 'withdrawn' }))).toEqual([]);
  });
  it('keeps node-level events without a task (auto-pass, skip) on their node', () => {
    const inst = instance({ actions: [action({ action: 'autoPass', nodeId: 'legal', actorName: null })] });
    expect(nodeActions(inst, 'legal').map((a) => a.action)).toEqual(['autoPass']);
    expect(approvalPath(inst).general).toEqual([]);
  });
});

describe('approval node in the designer', () => {
  it('has two exits, approved and rejected', () => {
    expect(handlesOf({ id: 'a', type: 'approval', config: {}, position: { x: 0, y: 0 } })).toEqual(['approved', 'rejected']);
  });
  it('is offered only in approval flows', () => {
    expect(paletteFor('approval')).toContain('approval');
    expect(paletteFor('automation')).not.toContain('approval');
    expect(paletteFor('approval')).not.toContain('webhook');
  });
  it('inserted before End continues by its approved exit, leaving rejected open', () => {
    const def = blankApprovalDefinition('contract') as FlowDefinition;
    const r = addNode(def, 'approval', { after: 'approval' });
    expect(r.id).toBe('approval2');
    expect(r.def.edges.find((e) => e.source === 'approval')).toMatchObject({ target: 'approval2', sourceHandle: 'approved' });
    expect(r.def.edges.find((e) => e.source === 'approval2')).toMatchObject({ target: 'end', sourceHandle: 'approved' });
    expect(r.def.edges.some((e) => e.sourceHandle === 'rejected')).toBe(false);
  });
  it('summarises who approves and how, or says it is incomplete', () => {
    expect(approvalNodeSummary({ approvers: { kind: 'role', roleKey: 'legal' }, mode: 'countersign' }, t, undefined, (k) => (k === 'legal' ? '法务' : undefined)))
      .toBe('approvals.node.summary{"who":"approvals.node.approverKind.role：法务","mode":"approvals.mode.countersign"}');
    expect(approvalNodeSummary({ approvers: { kind: 'users', userIds: [] }, mode: 'single' }, t)).toBe('flows.summary.incomplete');
    expect(summarize({ id: 'a', type: 'approval', config: { approvers: { kind: 'manager', levels: 2 }, mode: 'ratio', passRatio: 60 }, position: { x: 0, y: 0 } }, t))
      .toContain('approvals.mode.ratio 60%');
  });
  it('knows when the approvers are filled in', () => {
    expect(approversComplete(ruleOfKind('users'))).toBe(false);
    expect(approversComplete(ruleOfKind('role'))).toBe(false);
    expect(approversComplete(ruleOfKind('manager'))).toBe(true);
    expect(approversComplete({ kind: 'users', userIds: ['00000000-0000-4000-8000-000000000001'] })).toBe(true);
  });
});

describe('records', () => {
  it('links approvals to their record pages', () => {
    expect(recordLink('contract', 'x')).toBe('/contracts/x');
    expect(recordLink('paymentPlan', 'x')).toBe('/payment-plans/x');
    expect(recordLink('ticket', 'x')).toBeNull();
  });
  it('shows the scalar parts of a summary, up to a limit', () => {
    expect(summaryPairs({ amount: '80000.00', customerName: '青云', extra: { a: 1 }, none: null, number: 'HT1' }, 2)).toEqual([
      { key: 'amount', value: '80000.00' }, { key: 'customerName', value: '青云' },
    ]);
  });
});
