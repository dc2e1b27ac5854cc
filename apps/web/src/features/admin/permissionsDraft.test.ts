import { describe, expect, it } from 'vitest';
import type { RolePermissions } from '@loopline/shared';
import { compactPermissions, setAction, setFieldAccess, setMask } from './permissionsDraft.ts';

const base: RolePermissions = { objects: { customer: ['view', 'edit'] }, dataScope: 'self', masks: { customer: { phone: 'list' } } };

describe('role permission drafts', () => {
  it('grants view with any action and takes everything with view', () => {
    expect(setAction({ objects: {}, dataScope: 'self' }, 'lead', 'export', true).objects.lead).toEqual(['view', 'export']);
    expect(setAction(base, 'customer', 'view', false).objects.customer).toBeUndefined();
  });

  it('stores only restrictions: editable and unmasked fields are absent', () => {
    const hidden = setFieldAccess(base, 'customer', 'phone', 'hidden');
    expect(hidden.fields).toEqual({ customer: { phone: 'hidden' } });
    expect(hidden.masks).toEqual({}); // a hidden field has nothing to mask
    expect(compactPermissions(setFieldAccess(hidden, 'customer', 'phone', 'editable'))).toEqual({ objects: base.objects, dataScope: 'self' });
    expect(setMask(base, 'customer', 'email', 'always').masks).toEqual({ customer: { phone: 'list', email: 'always' } });
  });
});
