import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/api.ts';
import { duplicatesOf, ownerPayload, withOverride } from './createModel.ts';

describe('owner of a new record', () => {
  const uid = '3f1c2a9e-0000-4000-8000-000000000001';
  it('asks the assignment rules or keeps it for me where the server tells them apart (leads)', () => {
    expect(ownerPayload({ assignMode: 'rules' }, { rules: true })).toEqual({ assign: 'rules' });
    expect(ownerPayload({ assignMode: 'me' }, { rules: true })).toEqual({ assign: 'me' });
    expect(ownerPayload({}, { rules: true })).toEqual({ assign: 'me' });
  });
  it('names a colleague explicitly, and says nothing for "me" where there are no rules (customers)', () => {
    expect(ownerPayload({ assignMode: 'user', ownerId: uid }, { rules: true })).toEqual({ ownerId: uid });
    expect(ownerPayload({ assignMode: 'user', ownerId: uid }, { rules: false })).toEqual({ ownerId: uid });
    expect(ownerPayload({ assignMode: 'me' }, { rules: false })).toEqual({});
    // "a colleague" chosen but nobody picked yet: the form's required rule stops it; never send a half answer
    expect(ownerPayload({ assignMode: 'user' }, { rules: false })).toEqual({});
  });
});

describe('duplicates', () => {
  const match = { recordType: 'lead', id: 'x', title: '张三', ownerName: '李四', matchedOn: ['mobile'], similarity: 1 };
  it('reads the matches of a 409 DUPLICATE and nothing else', () => {
    expect(duplicatesOf(new ApiError(409, 'DUPLICATE', 'duplicate', { duplicates: [match] }))).toEqual([match]);
    expect(duplicatesOf(new ApiError(409, 'DUPLICATE', 'duplicate'))).toEqual([]);
    expect(duplicatesOf(new ApiError(409, 'CONFLICT', 'other', { duplicates: [match] }))).toBeNull();
    expect(duplicatesOf(new Error('boom'))).toBeNull();
  });
  it('overrides with duplicatePolicy on create and confirmDuplicate on edit', () => {
    expect(withOverride({ name: 'a' }, false)).toEqual({ name: 'a', duplicatePolicy: 'create' });
    expect(withOverride({ name: 'a' }, true)).toEqual({ name: 'a', confirmDuplicate: true });
  });
});
