import { describe, expect, it } from 'vitest';
import { buildDepartmentTree, type Department } from './api.ts';
import { planMove } from './departmentMove.ts';

const d = (id: string, parentId: string | null, sort = 0): Department => ({ id, name: id, parentId, sort, memberCount: 0 });
const tree = () => buildDepartmentTree([d('org', null), d('sales', 'org', 0), d('service', 'org', 10), d('east', 'sales', 0), d('west', 'sales', 10)]);

describe('dragging departments', () => {
  it('moves into another department, at the end, patching the parent first', () => {
    expect(planMove(tree(), 'east', 'service', 'into')).toEqual([{ id: 'east', body: { parentId: 'service', sort: 0 } }]);
  });

  it('reorders siblings when dropped before one, patching only what changed', () => {
    expect(planMove(tree(), 'west', 'east', 'before')).toEqual([
      { id: 'west', body: { sort: 0 } },
      { id: 'east', body: { sort: 10 } },
    ]);
  });

  it('moves beside a department under another parent', () => {
    const plan = planMove(tree(), 'east', 'service', 'after');
    expect(plan[0]).toEqual({ id: 'east', body: { parentId: 'org', sort: 20 } });
  });

  it('never creates a second root', () => {
    expect(planMove(tree(), 'east', 'org', 'before')).toEqual([]);
  });
});
