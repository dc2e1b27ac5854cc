/**
 * The filter builder's editable model and its conversion to and from the platform's FilterNode.
 * Pure (no React, no I/O) so the round trip is unit-tested. Incomplete rows (no field, no operator
 * or a missing value) are left out of the FilterNode instead of failing the whole filter.
 */
import { OPS_BY_KIND, type FieldKind, type FilterNode, type FilterOp, type FilterValue, type RelativeDate } from '@loopline/shared';

export interface BuilderRow {
  type: 'row';
  id: string;
  field?: string;
  op?: FilterOp;
  value?: FilterValue;
}
export interface BuilderGroup {
  type: 'group';
  id: string;
  logic: 'and' | 'or';
  children: BuilderItem[];
}
/** A node the builder cannot edit (e.g. `not` from an API-made view): kept as is, shown read-only. */
export interface BuilderRaw {
  type: 'raw';
  id: string;
  node: FilterNode;
}
export type BuilderItem = BuilderRow | BuilderGroup | BuilderRaw;

let seq = 0;
export const newId = () => `f${++seq}`;
export const emptyRow = (): BuilderRow => ({ type: 'row', id: newId() });
export const emptyGroup = (logic: 'and' | 'or' = 'and', children: BuilderItem[] = [emptyRow()]): BuilderGroup => ({ type: 'group', id: newId(), logic, children });

export const NO_VALUE_OPS: ReadonlySet<FilterOp> = new Set(['isEmpty', 'isNotEmpty']);
export const LIST_OPS: ReadonlySet<FilterOp> = new Set(['in', 'notIn']);

/** Operators the UI offers for a field kind: exactly the language's (gt/lt on text are left out as confusing). */
export function opsFor(kind: FieldKind): FilterOp[] {
  const ops = OPS_BY_KIND[kind];
  return kind === 'text' ? ops.filter((o) => !['gt', 'gte', 'lt', 'lte'].includes(o)) : [...ops];
}

export function isRelativeDate(v: unknown): v is RelativeDate {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'relative' in v;
}

function hasValue(op: FilterOp, value: FilterValue | undefined): boolean {
  if (NO_VALUE_OPS.has(op)) return true;
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) {
    if (op === 'between') return value.length === 2 && value.every((v) => v !== null && v !== undefined && v !== '');
    return value.length > 0;
  }
  if (isRelativeDate(value)) return value.relative !== 'lastNDays' && value.relative !== 'nextNDays' ? true : Number.isInteger(value.n) && (value.n ?? 0) >= 1;
  return true;
}

export function isComplete(row: BuilderRow): boolean {
  return Boolean(row.field && row.op && hasValue(row.op, row.value));
}

function itemToNode(item: BuilderItem): FilterNode | null {
  if (item.type === 'raw') return item.node;
  if (item.type === 'row') {
    if (!isComplete(item)) return null;
    return NO_VALUE_OPS.has(item.op!) ? { field: item.field!, op: item.op! } : { field: item.field!, op: item.op!, value: item.value };
  }
  const children = item.children.map(itemToNode).filter((n): n is FilterNode => n !== null);
  if (children.length === 0) return null;
  return item.logic === 'and' ? { and: children } : { or: children };
}

/** The builder's root group as a FilterNode, or null when nothing is complete yet. */
export function toFilterNode(root: BuilderGroup): FilterNode | null {
  return itemToNode(root);
}

function nodeToItem(node: FilterNode): BuilderItem {
  if ('and' in node) return { type: 'group', id: newId(), logic: 'and', children: node.and.map(nodeToItem) };
  if ('or' in node) return { type: 'group', id: newId(), logic: 'or', children: node.or.map(nodeToItem) };
  if ('not' in node) return { type: 'raw', id: newId(), node };
  return { type: 'row', id: newId(), field: node.field, op: node.op, ...(node.value !== undefined ? { value: node.value } : {}) };
}

/** A FilterNode as the builder's root group; a bare condition or OR group is wrapped in an AND root. */
export function fromFilterNode(node: FilterNode | null | undefined): BuilderGroup {
  if (!node) return emptyGroup('and', []);
  const item = nodeToItem(node);
  if (item.type === 'group' && item.logic === 'and') return item;
  return { type: 'group', id: newId(), logic: 'and', children: [item] };
}

/** How many complete conditions a filter has (for the "filter (3)" badge). */
export function countConditions(node: FilterNode | null | undefined): number {
  if (!node) return 0;
  if ('and' in node) return node.and.reduce((n, c) => n + countConditions(c), 0);
  if ('or' in node) return node.or.reduce((n, c) => n + countConditions(c), 0);
  if ('not' in node) return countConditions(node.not);
  return 1;
}

// ---------------------------------------------------------------- immutable edits by id

export function updateItem(group: BuilderGroup, id: string, fn: (item: BuilderItem) => BuilderItem | null): BuilderGroup {
  const children: BuilderItem[] = [];
  for (const child of group.children) {
    if (child.id === id) {
      const next = fn(child);
      if (next) children.push(next);
    } else children.push(child.type === 'group' ? updateItem(child, id, fn) : child);
  }
  return { ...group, children };
}

/** The default value when the operator changes, so a stale value of the wrong shape is never sent. */
export function valueForOp(kind: FieldKind | null | undefined, op: FilterOp, previous: FilterValue | undefined): FilterValue | undefined {
  if (NO_VALUE_OPS.has(op)) return undefined;
  const wantsList = LIST_OPS.has(op) || (kind === 'multiselect' && (op === 'eq' || op === 'neq'));
  if (wantsList) return Array.isArray(previous) ? previous : undefined;
  if (op === 'between') return Array.isArray(previous) && previous.length === 2 ? previous : undefined;
  if (Array.isArray(previous)) return undefined;
  return previous;
}
