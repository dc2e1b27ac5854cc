import { describe, expect, it } from 'vitest';
import { flowDefinitionSchema, nodeConfigSchemas, type FlowDefinition, type FlowProblem } from '@loopline/shared';
import { autoLayout } from './layout.ts';
import {
  PALETTE_TYPES, addNode, connect, connectionProblem, countsText, defaultConfig, diffView, emptyDefinition, ensureTrigger, freeHandle,
  meaningfulChanges, newBranchId, pathEdges, problemsByNode, problemsOfError, removeNodes, summarize, templateHints, triggerText, uniqueId, updateNode, type FlowDiff,
} from './model.ts';

/** A fake translator: the key plus its params, so assertions see what would be shown. */
const t = (key: string, params?: Record<string, unknown>) => (params ? `${key}(${Object.entries(params).map(([k, v]) => `${k}=${String(v)}`).join(',')})` : key);

const flow = (): FlowDefinition => {
  let def = emptyDefinition('lead');
  def = addNode(def, 'condition', { after: 'trigger' }).def;
  def = addNode(def, 'createTask', { after: 'condition' }).def;
  def = addNode(def, 'delay', { after: 'condition' }).def;
  return def;
};

describe('building a flow by clicking', () => {
  it('inserts a node between a new flow\'s trigger and its End instead of beside it', () => {
    const start = connect(addNode(emptyDefinition('lead'), 'end', { after: 'trigger' }).def, { source: 'trigger', target: 'end' });
    const { def, id } = addNode(start, 'createTask', { after: 'trigger' });
    expect(def.edges.map((e) => `${e.source}->${e.target}`).sort()).toEqual([`${id}->end`, `trigger->${id}`]);
    const [trigger, added, end] = ['trigger', id, 'end'].map((k) => def.nodes.find((n) => n.id === k)!.position);
    expect(added!.x).toBe(trigger!.x); // straight below, not off to the side
    expect(end!.y).toBeGreaterThan(added!.y);
  });

  it('starts with exactly one trigger node and a schema-valid definition', () => {
    const def = emptyDefinition();
    expect(def.nodes.filter((n) => n.type === 'trigger')).toHaveLength(1);
    expect(flowDefinitionSchema.safeParse(def).success).toBe(true);
  });

  it('puts a trigger back into a definition that lost it', () => {
    const def = ensureTrigger({ trigger: { type: 'manual', recordType: 'lead' }, nodes: [{ id: 'end', type: 'end', config: {}, position: { x: 0, y: 0 } }], edges: [] });
    expect(def.nodes[0]).toMatchObject({ id: 'trigger', type: 'trigger' });
    expect(ensureTrigger(def)).toBe(def);
  });

  it('attaches a new node after the selected one, from its first free exit', () => {
    const def = flow();
    expect(def.edges).toEqual([
      { id: 'trigger->condition', source: 'trigger', target: 'condition' },
      { id: 'condition:b1->createTask', source: 'condition', target: 'createTask', sourceHandle: 'b1' },
      { id: 'condition:default->delay', source: 'condition', target: 'delay', sourceHandle: 'default' },
    ]);
    // both exits of the condition are used: a third node is added unconnected
    const third = addNode(def, 'end', { after: 'condition' });
    expect(third.def.edges).toHaveLength(3);
    expect(freeHandle(def, def.nodes.find((n) => n.id === 'condition')!)).toBeUndefined();
    expect(flowDefinitionSchema.safeParse(third.def).success).toBe(true);
  });

  it('gives unique ids per type', () => {
    let def = emptyDefinition();
    def = addNode(def, 'end').def;
    expect(uniqueId(def, 'end')).toBe('end2');
    expect(addNode(def, 'end').id).toBe('end2');
  });

  it('default configs are valid where a sensible default exists, and always the right shape', () => {
    const validAsIs = ['condition', 'followupReminder', 'assignOwner', 'updateFields', 'createRecord', 'delay', 'parallel', 'join', 'end'] as const;
    for (const type of validAsIs) expect(nodeConfigSchemas[type].safeParse(defaultConfig(type)).success, type).toBe(true);
    // the rest only miss the text the admin must write
    expect(nodeConfigSchemas.createTask.safeParse({ ...defaultConfig('createTask'), title: '首次电话联系' }).success).toBe(true);
    expect(nodeConfigSchemas.notify.safeParse({ ...defaultConfig('notify'), title: 'x' }).success).toBe(true);
    expect(nodeConfigSchemas.sendEmail.safeParse({ ...defaultConfig('sendEmail'), subject: 's', body: 'b' }).success).toBe(true);
    expect(nodeConfigSchemas.returnToPool.safeParse({ reason: 'r' }).success).toBe(true);
    expect(nodeConfigSchemas.webhook.safeParse({ url: 'https://example.com/hook' }).success).toBe(true);
    expect(PALETTE_TYPES).not.toContain('trigger');
  });
});

describe('connections', () => {
  it('refuses self loops, edges into the trigger, duplicates and a second edge from a single exit', () => {
    const def = flow();
    expect(connectionProblem(def, { source: 'delay', target: 'delay' })).toBe('self');
    expect(connectionProblem(def, { source: 'delay', target: 'trigger' })).toBe('toTrigger');
    expect(connectionProblem(def, { source: 'trigger', target: 'condition' })).toBe('duplicate');
    expect(connectionProblem(def, { source: 'condition', target: 'delay', sourceHandle: 'b1' })).toBe('handleUsed');
    expect(connectionProblem(def, { source: 'nope', target: 'delay' })).toBe('unknown');
    expect(connectionProblem(def, { source: 'delay', target: 'createTask' })).toBeNull();
    expect(connect(def, { source: 'delay', target: 'createTask' }).edges.at(-1)).toEqual({ id: 'delay->createTask', source: 'delay', target: 'createTask' });
  });

  it('lets the trigger and a parallel split fan out', () => {
    let def = flow();
    def = addNode(def, 'end').def;
    expect(connectionProblem(def, { source: 'trigger', target: 'end' })).toBeNull();
  });
});

describe('editing', () => {
  it('never removes the trigger; removing a node takes its edges', () => {
    const def = removeNodes(flow(), ['trigger', 'condition']);
    expect(def.nodes.map((n) => n.id)).toEqual(['trigger', 'createTask', 'delay']);
    expect(def.edges).toEqual([]);
  });

  it('removing a condition branch drops the edge leaving from it', () => {
    const def = flow();
    const next = updateNode(def, 'condition', { config: { branches: [{ id: 'b2', label: 'x', filter: { and: [] } }] } });
    expect(next.edges.map((e) => e.id)).toEqual(['trigger->condition', 'condition:default->delay']);
  });

  it('new branch ids are unused and never "default"', () => {
    expect(newBranchId([{ id: 'b1', label: '', filter: {} }, { id: 'b2', label: '', filter: {} }])).toBe('b3');
    expect(newBranchId([{ id: 'b2', label: '', filter: {} }])).toBe('b3');
    expect(newBranchId([])).toBe('b1');
  });
});

describe('summaries', () => {
  it('describe each node in one line', () => {
    const node = (type: string, config: Record<string, unknown>) => ({ id: type, type, config, position: { x: 0, y: 0 } });
    expect(summarize(node('delay', { mode: 'duration', duration: { days: 3 } }), t)).toBe('flows.summary.delay(duration=flows.duration.days(count=3))');
    expect(summarize(node('createTask', { title: '首次电话联系', assignee: { kind: 'owner' } }), t)).toBe('flows.summary.createTask(title=首次电话联系,who=flows.person.owner)');
    expect(summarize(node('createTask', { title: '', assignee: { kind: 'owner' } }), t)).toBe('flows.summary.incomplete');
    expect(summarize(node('notify', { title: 'hi', to: [{ kind: 'user', userId: 'u1' }, { kind: 'ownerManager' }] }), t, { userName: () => '王芳' }))
      .toBe('flows.summary.notify(title=hi,who=王芳、flows.person.ownerManager)');
    expect(summarize(node('delay', { mode: 'untilField', field: 'nextFollowupAt', offset: { hours: 2 }, before: true }), t))
      .toBe('flows.summary.delayBeforeField(field=nextFollowupAt,offset=flows.duration.hours(count=2))');
    expect(summarize(node('mystery', {}), t)).toBe('flows.summary.unknown(type=mystery)');
    expect(summarize(node('returnToPool', { reason: 'x'.repeat(40) }), t)).toMatch(/…\)$/);
  });

  it('name fields by their label when the catalog is known', () => {
    const fieldName = (k: string) => ({ birthday: '生日' } as Record<string, string>)[k];
    expect(triggerText({ type: 'dateRelative', recordType: 'contact', dateField: 'birthday', offsetDays: -1, atHour: 9, yearly: true }, t, fieldName)).toContain('field=生日');
    const delay = { id: 'd', type: 'delay', config: { mode: 'untilField', field: 'birthday' }, position: { x: 0, y: 0 } };
    expect(summarize(delay, t, { fieldName })).toBe('flows.summary.delayUntilField(field=生日)');
    expect(summarize({ ...delay, config: { mode: 'untilField', field: 'other' } }, t, { fieldName })).toBe('flows.summary.delayUntilField(field=other)');
  });

  it('describe triggers', () => {
    expect(triggerText({ type: 'followupLogged', recordType: 'lead', outcomes: ['highIntent'] }, t))
      .toBe('flows.triggerSummary.followupLogged(type=flows.recordTypes.lead,outcomes=flows.outcomes.highIntent)');
    expect(triggerText({ type: 'ownerChanged', recordType: 'lead' }, t)).toBe('flows.triggerSummary.ownerChanged(type=flows.recordTypes.lead)');
  });

  it('live numbers', () => {
    expect(countsText({ a: { passed: 12, waiting: 3, failed: 0 } }, 'a', t)).toBe('flows.counts.passed(count=12) · flows.counts.waiting(count=3)');
    expect(countsText({ a: { passed: 1, waiting: 0, failed: 2 } }, 'a', t)).toContain('flows.counts.failed(count=2)');
    expect(countsText({}, 'a', t)).toBe('flows.counts.passed(count=0) · flows.counts.waiting(count=0)');
    expect(countsText(undefined, 'a', t)).toBeNull();
  });

  it('template hints offer the record fields and the related people', () => {
    const hints = templateHints([{ key: 'name', label: '姓名' }, { key: 'custom.region', label: '区域' }]);
    expect(hints.slice(0, 2)).toEqual([{ value: '{{record.name}}', label: '姓名' }, { value: '{{record.custom.region}}', label: '区域' }]);
    expect(hints.map((h) => h.value)).toContain('{{owner.name}}');
  });
});

describe('problems and diffs', () => {
  it('maps problems onto the named nodes; flow-level ones onto the trigger', () => {
    const def = flow();
    const problems: FlowProblem[] = [
      { nodeId: 'createTask', code: 'badConfig', message: 'title' },
      { nodeId: null, code: 'badTrigger', message: 'no record type' },
      { nodeId: 'gone', code: 'danglingEdge', message: 'x' },
    ];
    const by = problemsByNode(def, problems);
    expect(Object.keys(by).sort()).toEqual(['createTask', 'trigger']);
    expect(by.trigger[0].code).toBe('badTrigger');
  });

  it('reads the problems of a refused publish', () => {
    expect(problemsOfError({ details: { problems: [{ nodeId: 'a', code: 'badConfig', message: 'm' }] } })).toHaveLength(1);
    expect(problemsOfError(new Error('x'))).toBeNull();
  });

  it('draws removed nodes back in, with marks', () => {
    const before = flow();
    const after = removeNodes(addNode(before, 'end', { after: 'createTask' }).def, ['delay']);
    const diff: FlowDiff = {
      trigger: { changed: false, before: before.trigger, after: after.trigger },
      nodes: { added: [after.nodes.find((n) => n.id === 'end')!], removed: [before.nodes.find((n) => n.id === 'delay')!], changed: [] },
      edges: { added: [after.edges.at(-1)!], removed: [before.edges.at(-1)!] },
    };
    const view = diffView(after, diff);
    expect(view.nodes).toEqual({ end: 'added', delay: 'removed' });
    expect(view.def.nodes.map((n) => n.id)).toContain('delay');
    expect(view.edges['condition:default->delay']).toBe('removed');
  });

  it('a node only moved on the canvas is not marked as changed', () => {
    const def = flow();
    const task = def.nodes.find((n) => n.id === 'createTask')!;
    const moved = { ...task, position: { x: 9, y: 9 } };
    const edited = { ...task, config: { ...task.config, title: 'x' }, position: { x: 9, y: 9 } };
    const diff: FlowDiff = {
      trigger: { changed: false, before: def.trigger, after: def.trigger },
      nodes: { added: [], removed: [], changed: [
        { nodeId: 'createTask', before: task, after: moved, fields: ['position'] },
        { nodeId: 'delay', before: task, after: edited, fields: ['config.title', 'position'] },
      ] },
      edges: { added: [], removed: [] },
    };
    expect(meaningfulChanges(diff).map((c) => c.nodeId)).toEqual(['delay']);
    expect(diffView(def, diff).nodes).toEqual({ delay: 'changed' });
  });

  it('finds the edges on a path, following the branch a condition took', () => {
    const def = flow();
    expect(pathEdges(def, [{ nodeId: 'trigger', branch: null }, { nodeId: 'condition', branch: 'default' }, { nodeId: 'delay', branch: null }]))
      .toEqual(['trigger->condition', 'condition:default->delay']);
  });
});

describe('auto-layout', () => {
  it('places nodes top to bottom, branches side by side in order', () => {
    const def = autoLayout(flow());
    const pos = Object.fromEntries(def.nodes.map((n) => [n.id, n.position]));
    expect(pos.trigger.y).toBeLessThan(pos.condition.y);
    expect(pos.condition.y).toBeLessThan(pos.createTask.y);
    expect(pos.createTask.y).toBe(pos.delay.y);
    expect(pos.createTask.x).toBeLessThan(pos.delay.x);
  });
});
