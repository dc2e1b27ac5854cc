import { describe, expect, it } from 'vitest';
import { buildCategoryTree } from './api.ts';

describe('category tree', () => {
  it('nests categories under their parents and counts each subtree\'s products', () => {
    const tree = buildCategoryTree([
      { id: 'sw', parentId: null, name: '软件', sort: 0, productCount: 1 },
      { id: 'saas', parentId: 'sw', name: 'SaaS', sort: 0, productCount: 3 },
      { id: 'mod', parentId: 'saas', name: '模块', sort: 0, productCount: 2 },
      { id: 'hw', parentId: null, name: '硬件', sort: 1, productCount: 0 },
      { id: 'orphan', parentId: 'gone', name: '孤儿', sort: 2, productCount: 4 },
    ]);
    expect(tree.map((n) => [n.name, n.total])).toEqual([['软件', 6], ['硬件', 0], ['孤儿', 4]]);
    expect(tree[0]!.children[0]!.children.map((n) => n.name)).toEqual(['模块']);
    expect(tree[0]!.children[0]!.total).toBe(5);
  });
});
