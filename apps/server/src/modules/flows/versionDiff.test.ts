import { describe, expect, it } from 'vitest';
import type { FlowDefinition } from '@loopline/shared';
import { diffFlowDefinitions } from './versionDiff.ts';

const base: FlowDefinition = {
  trigger: { type: 'ownerChanged', recordType: 'lead' },
  nodes: [
    { id: 'trigger', type: 'trigger', config: {}, position: { x: 0, y: 0 } },
    { id: 'task', type: 'createTask', label: '首呼', config: { title: '首次电话联系', assignee: { kind: 'owner' }, due: { hours: 24 } }, position: { x: 0, y: 100 } },
    { id: 'end', type: 'end', config: {}, position: { x: 0, y: 200 } },
  ],
  edges: [
    { id: 'e1', source: 'trigger', target: 'task' },
    { id: 'e2', source: 'task', target: 'end' },
  ],
};
const copy = () => structuredClone(base);

describe('diffFlowDefinitions', () => {
  it('finds nothing between equal definitions, whatever the key order', () => {
    const b = copy();
    b.nodes[1]!.config = { due: { hours: 24 }, assignee: { kind: 'owner' }, title: '首次电话联系' };
    b.trigger = { recordType: 'lead', type: 'ownerChanged' };
    expect(diffFlowDefinitions(base, b)).toEqual({
      trigger: { changed: false, before: base.trigger, after: b.trigger },
      nodes: { added: [], removed: [], changed: [] },
      edges: { added: [], removed: [] },
    });
  });

  it('reports added and removed nodes and edges, and the changed config keys of a node', () => {
    const b = copy();
    b.nodes[1]!.config.title = '首次电话联系（加急）';
    b.nodes[1]!.config.priority = 'urgent';
    b.nodes[1]!.position = { x: 10, y: 100 };
    b.nodes.splice(2, 1, { id: 'notify', type: 'notify', config: { to: [{ kind: 'owner' }], title: 'hi' }, position: { x: 0, y: 200 } });
    b.edges[1] = { id: 'e3', source: 'task', target: 'notify' };
    const d = diffFlowDefinitions(base, b);
    expect(d.trigger.changed).toBe(false);
    expect(d.nodes.added.map((n) => n.id)).toEqual(['notify']);
    expect(d.nodes.removed.map((n) => n.id)).toEqual(['end']);
    expect(d.nodes.changed).toEqual([{ nodeId: 'task', before: base.nodes[1], after: b.nodes[1], fields: ['config.priority', 'config.title', 'position'] }]);
    expect(d.edges.added).toEqual([{ id: 'e3', source: 'task', target: 'notify' }]);
    expect(d.edges.removed).toEqual([{ id: 'e2', source: 'task', target: 'end' }]);
  });

  it('matches edges by what they connect, not by id, and sees branch changes', () => {
    const b = copy();
    b.edges = [{ id: 'x1', source: 'trigger', target: 'task' }, { id: 'e2', source: 'task', target: 'end', sourceHandle: 'yes' }];
    const d = diffFlowDefinitions(base, b);
    expect(d.edges.added).toEqual([b.edges[1]]);
    expect(d.edges.removed).toEqual([base.edges[1]]);
  });

  it('reports a changed trigger, node type and label', () => {
    const b = copy();
    b.trigger = { type: 'recordCreated', recordType: 'lead' };
    b.nodes[1] = { ...b.nodes[1]!, type: 'notify', label: '通知' };
    const d = diffFlowDefinitions(base, b);
    expect(d.trigger).toEqual({ changed: true, before: base.trigger, after: b.trigger });
    expect(d.nodes.changed[0]!.fields).toEqual(['type', 'label']);
  });
});
