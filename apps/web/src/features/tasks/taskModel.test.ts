import { describe, expect, it } from 'vitest';
import type { CalendarItem } from '@loopline/shared';
import { checklistProgress, groupByDay, localTime, presetOf, reminderFor, seesTeam, shiftDate, taskBucket, toggleItem, viewRange, weekDays } from './taskModel.ts';

describe('task buckets', () => {
  const now = Date.parse('2026-03-10T15:00:00Z'); // 23:00 in Shanghai
  it('sorts open tasks into overdue / today / upcoming by the tenant\'s day', () => {
    expect(taskBucket({ status: 'open', dueAt: '2026-03-10T14:59:00Z' }, now, 'Asia/Shanghai')).toBe('overdue');
    expect(taskBucket({ status: 'inProgress', dueAt: '2026-03-10T15:59:00Z' }, now, 'Asia/Shanghai')).toBe('today');
    expect(taskBucket({ status: 'open', dueAt: '2026-03-10T16:00:00Z' }, now, 'Asia/Shanghai')).toBe('upcoming');
    expect(taskBucket({ status: 'open', dueAt: '2026-03-10T16:00:00Z' }, now, 'America/New_York')).toBe('today');
    expect(taskBucket({ status: 'cancelled', dueAt: null }, now, 'Asia/Shanghai')).toBe('done');
  });
});

describe('reminder presets', () => {
  const due = '2026-03-10T10:00:00.000Z';
  it('count back from the due time and read back', () => {
    expect(reminderFor(due, 'hour1')).toBe('2026-03-10T09:00:00.000Z');
    expect(reminderFor(due, 'atDue')).toBe(due);
    expect(reminderFor(null, 'hour1')).toBeNull();
    expect(reminderFor(due, 'none')).toBeNull();
    expect(reminderFor(due, 'custom', '2026-03-09T08:00:00.000Z')).toBe('2026-03-09T08:00:00.000Z');
    expect(presetOf(due, '2026-03-09T10:00:00.000Z')).toBe('day1');
    expect(presetOf(due, '2026-03-09T10:01:00.000Z')).toBe('custom');
    expect(presetOf(due, null)).toBe('none');
  });
});

describe('checklists and people', () => {
  it('ticks one item and counts', () => {
    const list = toggleItem([{ text: 'a', done: false }, { text: 'b', done: false }], 1);
    expect(list).toEqual([{ text: 'a', done: false }, { text: 'b', done: true }]);
    expect(checklistProgress(list)).toEqual({ done: 1, total: 2 });
  });
  it('team tasks show for managers only', () => {
    expect(seesTeam({ dataScope: 'self' })).toBe(false);
    expect(seesTeam({ dataScope: 'departmentTree' })).toBe(true);
    expect(seesTeam({ admin: true, dataScope: 'self' })).toBe(true);
  });
});

describe('calendar ranges and days', () => {
  it('weeks start on Monday; a month grid spans six weeks from the Monday on or before the 1st', () => {
    expect(weekDays('2026-05-06')).toEqual(['2026-05-04', '2026-05-05', '2026-05-06', '2026-05-07', '2026-05-08', '2026-05-09', '2026-05-10']);
    expect(viewRange('week', '2026-05-10')).toEqual({ from: '2026-05-04', to: '2026-05-11' });
    expect(viewRange('day', '2026-05-31')).toEqual({ from: '2026-05-31', to: '2026-06-01' });
    expect(viewRange('month', '2026-05-20')).toEqual({ from: '2026-04-27', to: '2026-06-08' });
    expect(shiftDate('month', '2026-12-15', 1)).toBe('2027-01-01');
    expect(shiftDate('week', '2026-05-06', -1)).toBe('2026-04-29');
  });
  it('groups items by local date in the tenant\'s zone', () => {
    const item = (key: string, start: string) => ({ key, start }) as CalendarItem;
    const days = groupByDay([item('b', '2026-05-06T17:00:00Z'), item('a', '2026-05-06T01:00:00Z')], 'Asia/Shanghai');
    expect([...days.keys()]).toEqual(['2026-05-06', '2026-05-07']);
    expect(localTime('2026-05-06T01:00:00Z', 'Asia/Shanghai')).toBe('09:00');
  });
});
