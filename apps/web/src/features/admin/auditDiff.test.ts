import { describe, expect, it } from 'vitest';
import { flattenDiff } from './auditDiff.ts';

describe('audit diff rows', () => {
  it('opens nested objects to the leaves that changed', () => {
    const rows = flattenDiff({
      name: { before: 'A', after: 'B' },
      permissions: {
        before: { dataScope: 'self', objects: { customer: ['view'] }, masks: { customer: { phone: 'list' } } },
        after: { dataScope: 'self', objects: { customer: ['view', 'export'] }, fields: { customer: { phone: 'hidden' } } },
      },
    });
    expect(rows).toEqual([
      { field: 'name', before: 'A', after: 'B' },
      { field: 'permissions.objects.customer', before: ['view'], after: ['view', 'export'] },
      { field: 'permissions.masks.customer.phone', before: 'list', after: null },
      { field: 'permissions.fields.customer.phone', before: null, after: 'hidden' },
    ]);
  });
});
