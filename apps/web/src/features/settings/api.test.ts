import { describe, expect, it } from 'vitest';
import { buildDepartmentTree, departmentTreeOptions, type Department } from './api.ts';

const d = (id: string, parentId: string | null, sort = 0, name = id): Department => ({ id, name, parentId, sort, memberCount: 0 });

describe('department tree', () => {
  it('nests by parentId, orders by sort then name, and keeps orphans at the top', () => {
    const tree = buildDepartmentTree([d('sales', null, 2), d('east', 'sales', 0, 'East'), d('west', 'sales', 0, 'Bravo'), d('hq', null, 1), d('lost', 'gone')]);
    expect(tree.map((n) => n.id)).toEqual(['lost', 'hq', 'sales']);
    expect(tree[2]!.children!.map((n) => n.id)).toEqual(['west', 'east']);
  });

  it('disables a department and its descendants as parent choices for itself', () => {
    const options = departmentTreeOptions(buildDepartmentTree([d('a', null), d('b', 'a'), d('c', null)]), 'a');
    expect(options.find((o) => o.value === 'a')).toMatchObject({ disabled: true, children: [{ value: 'b', disabled: true }] });
    expect(options.find((o) => o.value === 'c')?.disabled).toBe(false);
  });
});
