import { describe, expect, it } from 'vitest';
import { checkBody, choicesToSend, groupByType, initialChoices, mergePair, relatedSummary, shownFields, worthChecking, type MergeField, type MergePreview } from './model.ts';

const field = (key: string, over: Partial<MergeField> = {}): MergeField => ({
  key, label: key, labelEn: key, survivor: 'a', merged: 'b', same: false, choosable: true, default: 'survivor', ...over,
});
const preview = (fields: MergeField[]): MergePreview => ({
  recordType: 'customer',
  survivor: { id: 's', title: 'A', number: 'KH1', ownerName: '王五' },
  merged: { id: 'm', title: 'B', number: 'KH2', ownerName: null },
  fields, tags: [], related: {},
});

describe('查重 search values', () => {
  it('sends trimmed non-empty values only, or nothing', () => {
    expect(checkBody({ name: ' 张三 ', company: '', mobile: '  ', email: 'a@b.cn' })).toEqual({ name: '张三', email: 'a@b.cn' });
    expect(checkBody({ name: ' ', company: undefined })).toBeNull();
  });

  it('checks as you type only once a value is usable', () => {
    expect(worthChecking({ mobile: '138' })).toBe(false);
    expect(worthChecking({ mobile: '+86 138-0013' })).toBe(true);
    expect(worthChecking({ email: 'zhang@' })).toBe(false);
    expect(worthChecking({ email: 'zhang@qq.com' })).toBe(true);
    expect(worthChecking({ company: '杭' })).toBe(false);
    expect(worthChecking({ company: '杭州' })).toBe(true);
    expect(worthChecking({ name: '张三' })).toBe(false);
  });

  it('groups results by record type in page order, keeping empty groups', () => {
    const items = [
      { recordType: 'contact', id: '3', title: 'c' }, { recordType: 'lead', id: '1', title: 'a' }, { recordType: 'lead', id: '2', title: 'b' },
    ];
    const groups = groupByType(items);
    expect(groups.map((g) => [g.recordType, g.items.map((i) => i.id)])).toEqual([['lead', ['1', '2']], ['customer', []], ['contact', ['3']]]);
    expect(groupByType(items, ['contact']).map((g) => g.recordType)).toEqual(['contact']);
  });
});

describe('merge dialog', () => {
  const p = preview([
    field('name'),
    field('phone', { default: 'merged', survivor: null }),
    field('city', { same: true, survivor: '杭州', merged: '杭州' }),
    field('healthScore', { choosable: false }),
  ]);

  it('starts from the server defaults and shows differing fields unless asked for all', () => {
    expect(initialChoices(p)).toEqual({ name: 'survivor', phone: 'merged', city: 'survivor', healthScore: 'survivor' });
    expect(shownFields(p, false).map((f) => f.key)).toEqual(['name', 'phone', 'healthScore']);
    expect(shownFields(p, true)).toHaveLength(4);
  });

  it('sends an explicit choice for every differing field the user may decide', () => {
    expect(choicesToSend(p, { name: 'merged' })).toEqual({ name: 'merged', phone: 'merged' });
    expect(choicesToSend(p, { name: 'survivor', phone: 'survivor' })).toEqual({ name: 'survivor', phone: 'survivor' });
  });

  it('keeps the first selected record unless told to keep the second', () => {
    expect(mergePair(['x', 'y'], false)).toEqual({ survivorId: 'x', mergedId: 'y' });
    expect(mergePair(['x', 'y'], true)).toEqual({ survivorId: 'y', mergedId: 'x' });
  });

  it('summarises only what actually moves', () => {
    expect(relatedSummary({ contacts: 2, files: 0, history: 5 })).toEqual([{ kind: 'contacts', count: 2 }, { kind: 'history', count: 5 }]);
  });
});
