import { describe, expect, it } from 'vitest';
import { linkedRefs } from './linked.ts';
import type { HistoryEntry } from './types.ts';

const entry = (id: number, from?: HistoryEntry['from']): HistoryEntry => ({
  id, action: 'update', actorId: null, actorName: null, actorType: 'user', createdAt: '2026-01-01T00:00:00Z', changes: {}, data: {}, ...(from ? { from } : {}),
});

describe('linked records of a history', () => {
  it('lists each linked record once, in first-seen order, and ignores the record\'s own entries', () => {
    const lead = { recordType: 'lead', recordId: 'l1' };
    const merged = { recordType: 'customer', recordId: 'c9' };
    expect(linkedRefs([entry(1), entry(2, lead), entry(3, merged), entry(4, { ...lead })])).toEqual([lead, merged]);
    expect(linkedRefs([entry(1)])).toEqual([]);
  });
});
