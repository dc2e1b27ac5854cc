import { describe, expect, it } from 'vitest';
import { quoteActions } from './quoteModel.ts';

describe('quoteActions', () => {
  it('offers send only for drafts within the discount limit, accept/reject only once sent', () => {
    expect(quoteActions({ status: 'draft' }, true)).toEqual(['send', 'email', 'editLines']);
    expect(quoteActions({ status: 'draft', needsDiscountApproval: true }, true)).toEqual(['editLines']);
    expect(quoteActions({ status: 'sent' }, true)).toEqual(['accept', 'reject', 'email']);
    expect(quoteActions({ status: 'inApproval' }, true)).toEqual([]);
    expect(quoteActions({ status: 'accepted' }, true)).toEqual([]);
    expect(quoteActions({ status: 'expired' }, true)).toEqual(['editLines']);
    expect(quoteActions({ status: 'draft' }, false)).toEqual([]);
  });
});
