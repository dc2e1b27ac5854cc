import type { DepartmentNode } from './api.ts';

export type DropPlace = 'before' | 'after' | 'into';
export interface MovePatch { id: string; body: { parentId?: string; sort: number } }

function find(nodes: DepartmentNode[], id: string, parent: DepartmentNode | null = null): { node: DepartmentNode; parent: DepartmentNode | null } | null {
  for (const n of nodes) {
    if (n.id === id) return { node: n, parent };
    const inner = n.children ? find(n.children, id, n) : null;
    if (inner) return inner;
  }
  return null;
}

/**
 * What a drop means for the server: the dragged department gets its new parent, and the siblings at
 * the destination are renumbered (sort = position × 10) so the order matches where it was dropped.
 * Only changed departments are patched. Pure, so it is tested without a browser.
 */
export function planMove(tree: DepartmentNode[], dragId: string, dropId: string, place: DropPlace): MovePatch[] {
  const drag = find(tree, dragId);
  const drop = find(tree, dropId);
  if (!drag || !drop || dragId === dropId) return [];
  const newParent = place === 'into' ? drop.node : drop.parent;
  if (!newParent) return []; // beside the root: there is only one root
  const siblings = (newParent.children ?? []).filter((c) => c.id !== dragId);
  let at = siblings.length;
  if (place !== 'into') {
    const i = siblings.findIndex((c) => c.id === dropId);
    at = place === 'before' ? i : i + 1;
  }
  siblings.splice(at, 0, drag.node);
  const patches: MovePatch[] = [];
  siblings.forEach((s, i) => {
    const sort = i * 10;
    const moved = s.id === dragId && drag.parent?.id !== newParent.id;
    if (moved) patches.unshift({ id: s.id, body: { parentId: newParent.id, sort } }); // the move first: if refused, nothing else changes
    else if (s.sort !== sort) patches.push({ id: s.id, body: { sort } });
  });
  return patches;
}
