import { describe, expect, it } from 'vitest';
import { filterNodeSchema, resolveFilter, type FilterNode } from '@loopline/shared';
import { countConditions, emptyGroup, emptyRow, fromFilterNode, opsFor, toFilterNode, updateItem, valueForOp, type BuilderGroup, type BuilderRow } from './filterModel.ts';

const catalog = { name: { kind: 'text' }, grade: { kind: 'select' }, healthScore: { kind: 'number' }, createdAt: { kind: 'datetime' }, tags: { kind: 'multiselect' }, 'custom.signedOn': { kind: 'date' } } as const;

/** Ids are fresh on each conversion, so compare shapes without them. */
function strip(g: unknown): unknown {
  return JSON.parse(JSON.stringify(g, (k, v) => (k === 'id' ? undefined : v)));
}

describe('filter builder ↔ FilterNode', () => {
  const nested: FilterNode = {
    and: [
      { field: 'grade', op: 'in', value: ['A', 'B'] },
      { or: [
        { field: 'createdAt', op: 'eq', value: { relative: 'lastNDays', n: 7 } },
        { field: 'custom.signedOn', op: 'eq', value: { relative: 'thisQuarter' } },
        { and: [{ field: 'healthScore', op: 'between', value: [10, 90] }, { field: 'name', op: 'isEmpty' }] },
      ] },
      { field: 'tags', op: 'contains', value: '重点' },
    ],
  };

  it('round-trips nested AND/OR groups and relative dates', () => {
    const builder = fromFilterNode(nested);
    expect(builder.logic).toBe('and');
    expect(builder.children).toHaveLength(3);
    const or = builder.children[1] as BuilderGroup;
    expect(or).toMatchObject({ type: 'group', logic: 'or' });
    expect(or.children[0]).toMatchObject({ type: 'row', field: 'createdAt', op: 'eq', value: { relative: 'lastNDays', n: 7 } });
    expect(toFilterNode(builder)).toEqual(nested);
    expect(strip(fromFilterNode(toFilterNode(builder)))).toEqual(strip(builder));
    // what the builder produces is what the platform accepts and can evaluate
    expect(filterNodeSchema.safeParse(toFilterNode(builder)).success).toBe(true);
    expect(() => resolveFilter(toFilterNode(builder)!, catalog, { timeZone: 'Asia/Shanghai' })).not.toThrow();
    expect(countConditions(nested)).toBe(6);
  });

  it('wraps a bare condition or an OR root in an AND root, and keeps `not` untouched', () => {
    const cond: FilterNode = { field: 'grade', op: 'eq', value: 'A' };
    expect(toFilterNode(fromFilterNode(cond))).toEqual({ and: [cond] });
    const or: FilterNode = { or: [cond, { field: 'grade', op: 'eq', value: 'B' }] };
    expect(toFilterNode(fromFilterNode(or))).toEqual({ and: [or] });
    const not: FilterNode = { not: cond };
    const b = fromFilterNode({ and: [not] });
    expect(b.children[0]).toMatchObject({ type: 'raw', node: not });
    expect(toFilterNode(b)).toEqual({ and: [not] });
    expect(toFilterNode(fromFilterNode(null))).toBeNull();
  });

  it('leaves out incomplete rows and empty groups instead of sending a broken filter', () => {
    const g = emptyGroup('and', [
      emptyRow(),
      { type: 'row', id: 'a', field: 'grade' },
      { type: 'row', id: 'b', field: 'grade', op: 'in', value: [] },
      { type: 'row', id: 'c', field: 'createdAt', op: 'eq', value: { relative: 'lastNDays' } },
      { type: 'row', id: 'd', field: 'healthScore', op: 'between', value: [1] },
      emptyGroup('or', [emptyRow()]),
      { type: 'row', id: 'e', field: 'name', op: 'isNotEmpty', value: 'ignored' },
    ]);
    expect(toFilterNode(g)).toEqual({ and: [{ field: 'name', op: 'isNotEmpty' }] });
    expect(toFilterNode(emptyGroup('or', [emptyRow()]))).toBeNull();
  });

  it('edits by id and resets values that no longer fit the operator', () => {
    const row: BuilderRow = { type: 'row', id: 'r1', field: 'grade', op: 'eq', value: 'A' };
    const g = emptyGroup('and', [emptyGroup('or', [row])]);
    const changed = updateItem(g, 'r1', (it) => ({ ...(it as BuilderRow), value: 'B' }));
    expect(toFilterNode(changed)).toEqual({ and: [{ or: [{ field: 'grade', op: 'eq', value: 'B' }] }] });
    expect(toFilterNode(updateItem(g, 'r1', () => null))).toBeNull();
    expect(valueForOp('select', 'in', 'A')).toBeUndefined();
    expect(valueForOp('select', 'in', ['A'])).toEqual(['A']);
    expect(valueForOp('date', 'eq', { relative: 'today' })).toEqual({ relative: 'today' });
    expect(valueForOp('number', 'isEmpty', 3)).toBeUndefined();
    expect(valueForOp('multiselect', 'eq', 'x')).toBeUndefined();
  });

  it('offers operators per field kind', () => {
    expect(opsFor('boolean')).toEqual(['eq', 'neq', 'isEmpty', 'isNotEmpty']);
    expect(opsFor('text')).toContain('contains');
    expect(opsFor('text')).not.toContain('gt');
    expect(opsFor('date')).toContain('between');
    expect(opsFor('select')).not.toContain('contains');
  });
});
