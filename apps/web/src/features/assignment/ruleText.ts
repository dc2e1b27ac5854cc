/**
 * Pure helpers of the assignment-rules page: rules in words for the list, reordering, and the sample
 * lead of the test panel. No React, no I/O, so they are unit-tested.
 */
import type { FilterNode, FilterOp, FilterValue } from '@loopline/shared';
import { isRelativeDate } from '../records/filterModel.ts';
import type { FieldMeta } from '../records/types.ts';
import type { RuleTarget } from './api.ts';

export interface Words {
  locale: 'zh-CN' | 'en';
  op: (op: FilterOp) => string;
  and: string;
  or: string;
  not: string;
  /** a relative date, e.g. "this week" */
  relative: (kind: string, n?: number) => string;
  /** a person's name by id (uuid fields) */
  person: (id: string) => string;
}

const label = (f: FieldMeta | undefined, key: string, locale: Words['locale']) => (f ? (locale === 'en' ? f.labelEn || f.label : f.label) : key);

function valueText(v: FilterValue | undefined, f: FieldMeta | undefined, w: Words): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map((x) => valueText(x as FilterValue, f, w)).join(w.locale === 'en' ? ', ' : '、');
  if (isRelativeDate(v)) return w.relative(v.relative, v.n);
  if (typeof v === 'boolean') return w.locale === 'en' ? (v ? 'yes' : 'no') : v ? '是' : '否';
  const o = f?.options.find((x) => x.value === v);
  if (o) return w.locale === 'en' ? o.labelEn || o.label : o.label;
  if (f?.kind === 'uuid' && typeof v === 'string') return w.person(v);
  return String(v);
}

/** A condition as one line: "线索来源 等于 网页表单 且 省份 属于 浙江省、上海市". */
export function describeCondition(node: FilterNode | null, fields: FieldMeta[], w: Words, nested = false): string {
  if (!node) return '';
  const wrap = (s: string) => (nested ? `(${s})` : s);
  if ('and' in node) return wrap(node.and.map((n) => describeCondition(n, fields, w, true)).join(` ${w.and} `));
  if ('or' in node) return wrap(node.or.map((n) => describeCondition(n, fields, w, true)).join(` ${w.or} `));
  if ('not' in node) return `${w.not} ${describeCondition(node.not, fields, w, true)}`;
  const f = fields.find((x) => x.key === node.field);
  return [label(f, node.field, w.locale), w.op(node.op), valueText(node.value, f, w)].filter(Boolean).join(' ');
}

/** Everyone a target names, in order. */
export function targetPeople(t: RuleTarget): string[] {
  return t.kind === 'user' ? [t.userId] : t.kind === 'roundRobin' ? t.userIds : t.members.map((m) => m.userId);
}

/** `ids` with the rule at `index` moved one place up (-1) or down (+1); unchanged at either end. */
export function moveRule(ids: string[], index: number, delta: -1 | 1): string[] {
  const to = index + delta;
  if (index < 0 || index >= ids.length || to < 0 || to >= ids.length) return ids;
  const next = [...ids];
  [next[index], next[to]] = [next[to]!, next[index]!];
  return next;
}

/** Field keys a condition uses, in order of appearance. */
export function conditionFields(node: FilterNode | null): string[] {
  if (!node) return [];
  if ('and' in node) return node.and.flatMap(conditionFields);
  if ('or' in node) return node.or.flatMap(conditionFields);
  if ('not' in node) return conditionFields(node.not);
  return [node.field];
}

const COMMON = ['name', 'company', 'source', 'province', 'city', 'industry', 'productInterest', 'budget', 'grade'];

/** Fields the test panel asks for: the common ones, then any other field the rules look at. */
export function sampleFields(conditions: (FilterNode | null)[], fields: FieldMeta[]): FieldMeta[] {
  const keys = [...new Set([...COMMON, ...conditions.flatMap(conditionFields)])];
  return keys.map((k) => fields.find((f) => f.key === k)).filter((f): f is FieldMeta => Boolean(f && f.kind));
}

/** The sample as the API takes a lead: custom fields under `custom`, blanks left out. */
export function toSampleLead(values: Record<string, unknown>): Record<string, unknown> {
  const lead: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(values)) {
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length)) continue;
    if (key.startsWith('custom.')) custom[key.slice(7)] = v;
    else lead[key] = v;
  }
  if (Object.keys(custom).length) lead.custom = custom;
  return lead;
}

/** The rule editor's target fields; only those of the chosen kind are sent. */
export interface TargetValues {
  kind: RuleTarget['kind'];
  userId?: string;
  userIds?: string[];
  members?: { userId?: string; weight?: number | null; cap?: number | null }[];
}

export function fromTarget(t: RuleTarget | undefined): TargetValues {
  // Every kind's fields start filled, so switching kind in the editor shows something sensible.
  const blank: TargetValues = { kind: 'roundRobin', userIds: [], members: [{ weight: 1, cap: null }] };
  if (!t) return blank;
  if (t.kind === 'user') return { ...blank, kind: 'user', userId: t.userId };
  if (t.kind === 'roundRobin') return { ...blank, kind: 'roundRobin', userIds: t.userIds };
  return { ...blank, kind: 'loadBalanced', members: t.members.map((m) => ({ ...m })) };
}

export function toTarget(v: TargetValues): RuleTarget {
  if (v.kind === 'user') return { kind: 'user', userId: v.userId ?? '' };
  if (v.kind === 'roundRobin') return { kind: 'roundRobin', userIds: v.userIds ?? [] };
  return {
    kind: 'loadBalanced',
    members: (v.members ?? []).filter((m) => m.userId).map((m) => ({ userId: m.userId!, weight: m.weight ?? 1, cap: m.cap ?? null })),
  };
}

/** Where a server error about a rule belongs in the editor form ("target.members.1.cap" → ['members', 1, 'cap']). */
export function formFieldOf(path: string): (string | number)[] | null {
  if (path === 'name') return ['name'];
  if (path === 'target.userId') return ['userId'];
  if (path.startsWith('target.userIds')) return ['userIds'];
  const m = /^target\.members\.(\d+)\.(userId|weight|cap)$/.exec(path);
  if (m) return ['members', Number(m[1]), m[2]!];
  return null;
}
