import { describe, expect, it } from 'vitest';
import type { RolePermissions } from '@loopline/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import { mergeRoles } from '../../platform/permissions/effective.ts';
import { resolveChoices } from './merge.ts';
import type { StoredRow } from './mergeAccess.ts';
import { defaultChoice, later, sameValue, unionTags } from './mergeFields.ts';
import { presentDuplicates } from './present.ts';
import type { DuplicateMatch } from './service.ts';

const actor = (perms: RolePermissions, userId = 'me'): Actor => ({
  kind: 'user', tenantId: 't', userId, userName: 'x', departmentId: null, roleIds: [], timeZone: 'Asia/Shanghai', locale: 'zh-CN', perms: mergeRoles([perms]),
});
const match = (over: Partial<DuplicateMatch> = {}): DuplicateMatch => ({
  recordType: 'lead', id: 'l1', title: '张三', number: 'XS1', ownerId: 'other', ownerName: '王五', matchedOn: ['mobile'], similarity: 1, ...over,
});

describe('presentDuplicates', () => {
  const rep = actor({ dataScope: 'self', objects: { lead: ['view'] } });

  it('shows title, number and owner, never more than the match kinds', () => {
    expect(presentDuplicates(rep, [match({ similarity: 0.666666 })])).toEqual([
      { recordType: 'lead', id: 'l1', title: '张三', number: 'XS1', ownerId: 'other', ownerName: '王五', matchedOn: ['mobile'], similarity: 0.667, visible: false },
    ]);
  });

  it('leaves out fields the role hides', () => {
    const hiding = actor({ dataScope: 'all', objects: { lead: ['view'] }, fields: { lead: { name: 'hidden', number: 'hidden', ownerId: 'hidden' } } });
    expect(presentDuplicates(hiding, [match()])[0]).toMatchObject({ title: null, number: null, ownerId: null, ownerName: null, visible: true });
    const readonly = actor({ dataScope: 'all', objects: { lead: ['view'] }, fields: { lead: { name: 'readonly' } } });
    expect(presentDuplicates(readonly, [match()])[0]!.title).toBe('张三');
  });

  it('links a record only when the viewer may open it', () => {
    const open = (a: Actor, m: Partial<DuplicateMatch>) => presentDuplicates(a, [match(m)])[0]!.visible;
    expect(open(rep, { ownerId: 'me' })).toBe(true);
    expect(open(rep, {})).toBe(false);
    expect(open(rep, { visible: true, visibleFor: 'me' })).toBe(true); // shared with me, say
    expect(open(rep, { visible: true, visibleFor: 'someone else' })).toBe(false);
    expect(open(rep, { recordType: 'customer', ownerId: 'me' })).toBe(false); // no customer view at all
    expect(open(actor({ dataScope: 'all', objects: { lead: ['view'] } }), {})).toBe(true);
    expect(open(actor({ admin: true, dataScope: 'self', objects: {} }), {})).toBe(true);
  });
});

describe('merge choices', () => {
  const row = (v: Record<string, unknown>): StoredRow => ({ id: 'x', ownerId: 'o1', tags: [], custom: {}, ...v });
  const pair = { survivor: row({ name: 'A', phone: null, grade: 'A', ownerId: 'o1', custom: { budget: null } }), merged: row({ name: 'B', phone: '138', grade: 'B', ownerId: 'o2', custom: { budget: 5 } }) };
  const manager = actor({ dataScope: 'all', objects: { customer: ['view', 'edit', 'delete', 'transfer'] } });

  it('defaults to the survivor, filling its empty fields from the merged record', () => {
    const c = resolveChoices(manager, 'customer', pair, ['budget'], {});
    expect(c).toMatchObject({ name: 'survivor', phone: 'merged', grade: 'survivor', ownerId: 'survivor', 'custom.budget': 'merged' });
  });

  it('refuses fields that cannot be merged or that the role may not change', () => {
    expect(() => resolveChoices(manager, 'customer', pair, [], { 'custom.budget': 'merged' })).toThrow(/choices.custom.budget/);
    expect(() => resolveChoices(manager, 'customer', pair, [], { tags: 'merged' })).toThrow(/choices.tags/);
    const noTransfer = actor({ dataScope: 'all', objects: { customer: ['view', 'edit', 'delete'] }, fields: { customer: { grade: 'readonly' } } });
    expect(() => resolveChoices(noTransfer, 'customer', pair, [], { ownerId: 'merged' })).toThrow(/transfer/);
    expect(() => resolveChoices(noTransfer, 'customer', pair, [], { grade: 'merged' })).toThrow(/grade/);
    // a field the role may not change is never filled silently
    const hidden = actor({ dataScope: 'all', objects: { customer: ['view', 'edit', 'delete'] }, fields: { customer: { phone: 'hidden' } } });
    expect(resolveChoices(hidden, 'customer', pair, [], {}).phone).toBe('survivor');
  });

  it('compares, unions and orders values as people expect', () => {
    expect(sameValue(null, '')).toBe(true);
    expect(sameValue(new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'))).toBe(true);
    expect(sameValue('A', 'B')).toBe(false);
    expect(defaultChoice('', 'x')).toBe('merged');
    expect(defaultChoice([], ['x'])).toBe('merged');
    expect(defaultChoice('a', 'x')).toBe('survivor');
    expect(unionTags(['a', 'b'], ['b', 'c'])).toEqual(['a', 'b', 'c']);
    expect(later(new Date(1), new Date(2))).toBe('merged');
    expect(later(new Date(2), null)).toBe('survivor');
    expect(later(null, new Date(2))).toBe('merged');
  });
});
