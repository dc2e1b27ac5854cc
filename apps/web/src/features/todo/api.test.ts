import { describe, expect, it } from 'vitest';
import { byUrgency, groupTitle, type TodoItem } from './api.ts';

const item = (id: string, extra: Partial<TodoItem> = {}): TodoItem => ({ id, title: id, link: `/leads/${id}`, ...extra });

describe('to-do ordering', () => {
  it('puts urgent items first, then the soonest due, then those without a due time', () => {
    const items = [
      item('later', { dueAt: '2026-03-05T00:00:00Z' }),
      item('none'),
      item('urgent-late', { urgent: true, dueAt: '2026-03-02T00:00:00Z' }),
      item('soon', { dueAt: '2026-03-03T00:00:00Z' }),
      item('urgent-early', { urgent: true, dueAt: '2026-03-01T00:00:00Z' }),
    ];
    expect(byUrgency(items).map((i) => i.id)).toEqual(['urgent-early', 'urgent-late', 'soon', 'later', 'none']);
  });

  it('keeps the server order among equals and does not touch its input', () => {
    const items = [item('a'), item('b'), item('c')];
    expect(byUrgency(items).map((i) => i.id)).toEqual(['a', 'b', 'c']);
    expect(byUrgency([item('x', { urgent: true }), ...items])[0]!.id).toBe('x');
    expect(items.map((i) => i.id)).toEqual(['a', 'b', 'c']);
  });

  it('titles a group in the UI language', () => {
    const g = { key: 'k', title: '新分配待联系的线索', titleEn: 'New leads to contact', total: 1, items: [] };
    expect(groupTitle(g, 'en')).toBe('New leads to contact');
    expect(groupTitle(g, 'zh-CN')).toBe('新分配待联系的线索');
    expect(groupTitle({ ...g, titleEn: '' }, 'en')).toBe('新分配待联系的线索');
  });
});
