/** Test fixtures for the engine's pure tests (not used in production code). */
import type { FieldCatalog, FlowDefinition, FlowEdge, FlowNode, FlowTrigger } from '@loopline/shared';
import type { CheckContext, NodeInput } from './types.ts';

export const catalog: FieldCatalog = {
  name: { kind: 'text' },
  grade: { kind: 'select' },
  amount: { kind: 'number' },
  ownerId: { kind: 'uuid' },
  status: { kind: 'select' },
  nextFollowupAt: { kind: 'datetime' },
  contractEnd: { kind: 'date' },
  vip: { kind: 'boolean' },
  'custom.budget': { kind: 'number' },
};

export const OWNER = '11111111-1111-4111-8111-111111111111';
export const MANAGER = '22222222-2222-4222-8222-222222222222';
export const CLICKER = '33333333-3333-4333-8333-333333333333';
export const LEAD = '44444444-4444-4444-8444-444444444444';

/** 2026-11-22 14:30 in Asia/Shanghai */
export const NOW = new Date('2026-11-22T06:30:00Z');

export function makeInput(over: Partial<NodeInput> = {}): NodeInput {
  return {
    now: NOW,
    timeZone: 'Asia/Shanghai',
    recordType: 'lead',
    recordId: LEAD,
    record: {
      id: LEAD, name: '华东机电', grade: 'A', amount: 5000, ownerId: OWNER, status: 'new',
      nextFollowupAt: '2026-11-25T02:00:00.000Z', contractEnd: '2026-12-31', vip: true,
      custom: { budget: 12000 }, 'custom.budget': 12000,
    },
    catalog,
    related: {
      owner: { id: OWNER, name: '张三', email: 'zhang@example.com', managerId: MANAGER, departmentId: null },
      ownerManager: { id: MANAGER, name: '李经理', email: 'li@example.com', managerId: null, departmentId: null },
      triggerUser: { id: CLICKER, name: '王五', email: null, managerId: null, departmentId: null },
      customer: { id: 'c1', name: '华东集团', grade: 'VIP' },
    },
    trigger: { type: 'manual', userId: CLICKER, userName: '王五', at: '2026-11-22T06:00:00.000Z' },
    outputs: {},
    ...over,
  };
}

const KNOWN_ROOTS = new Set(['owner.name', 'owner.email', 'ownerManager.name', 'triggerUser.name', 'customer.name', 'customer.grade']);
export const checkCtx: CheckContext = {
  recordType: 'lead',
  catalog,
  knowsPath: (p) => KNOWN_ROOTS.has(p) || (p.startsWith('record.') && Object.hasOwn(catalog, p.slice('record.'.length))) || p === 'record.id',
};

export function node(id: string, type: string, config: Record<string, unknown> = {}, label?: string): FlowNode {
  return { id, type, config, position: { x: 0, y: 0 }, ...(label ? { label } : {}) };
}

export function edge(source: string, target: string, sourceHandle?: string): FlowEdge {
  return { id: `${source}-${sourceHandle ?? ''}-${target}`, source, target, ...(sourceHandle ? { sourceHandle } : {}) };
}

export function flow(nodes: FlowNode[], edges: FlowEdge[], trigger: Partial<FlowTrigger> = {}): FlowDefinition {
  return { trigger: { type: 'manual', recordType: 'lead', ...trigger }, nodes, edges };
}

/** Sequential ids s1, s2, … */
export function idGen(prefix = 's'): () => string {
  let n = 0;
  return () => `${prefix}${++n}`;
}
