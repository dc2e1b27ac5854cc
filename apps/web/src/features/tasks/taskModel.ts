/** Pure helpers of the task and calendar pages: buckets, reminder presets, calendar ranges and days. */
import { addDateDays as addDays, taskBucket, zonedDate, type CalendarItem, type Task, type TaskBucket, type TaskChecklistItem } from '@loopline/shared';

export { taskBucket };
export type { TaskBucket };

/** Reminder choices of the drawer, relative to the due time (custom = a time of its own). */
export const REMINDER_PRESETS = ['none', 'atDue', 'min15', 'hour1', 'day1', 'custom'] as const;
export type ReminderPreset = (typeof REMINDER_PRESETS)[number];
const BEFORE_MS: Partial<Record<ReminderPreset, number>> = { atDue: 0, min15: 15 * 60_000, hour1: 3600_000, day1: 86_400_000 };

/** The reminder instant of a preset (null: none, or no due time to count back from). */
export function reminderFor(dueAt: string | null, preset: ReminderPreset, custom?: string | null): string | null {
  if (preset === 'none') return null;
  if (preset === 'custom') return custom ?? null;
  if (!dueAt) return null;
  return new Date(new Date(dueAt).getTime() - (BEFORE_MS[preset] ?? 0)).toISOString();
}

/** Which preset a stored reminder matches (to show it back in the drawer). */
export function presetOf(dueAt: string | null, remindAt: string | null): ReminderPreset {
  if (!remindAt) return 'none';
  if (!dueAt) return 'custom';
  const before = new Date(dueAt).getTime() - new Date(remindAt).getTime();
  const found = (Object.entries(BEFORE_MS) as [ReminderPreset, number][]).find(([, ms]) => ms === before);
  return found ? found[0] : 'custom';
}

export function checklistProgress(list: TaskChecklistItem[]): { done: number; total: number } {
  return { done: list.filter((c) => c.done).length, total: list.length };
}

export function toggleItem(list: TaskChecklistItem[], index: number): TaskChecklistItem[] {
  return list.map((c, i) => (i === index ? { ...c, done: !c.done } : c));
}

/** Team tasks are for people who see more than their own records. */
export function seesTeam(perms: { admin?: boolean; dataScope: string } | undefined | null): boolean {
  return Boolean(perms && (perms.admin || perms.dataScope !== 'self'));
}

export function isOverdue(task: Pick<Task, 'status' | 'dueAt'>, now: number, timeZone: string): boolean {
  return taskBucket(task, now, timeZone) === 'overdue';
}

export type CalendarView = 'day' | 'week' | 'month';

/** Day of the week of a calendar date, Monday = 0. */
function weekdayMon0(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

/** Monday of the week of `date`. */
export function startOfWeek(date: string): string {
  return addDays(date, -weekdayMon0(date));
}

export function weekDays(date: string): string[] {
  const start = startOfWeek(date);
  return Array.from({ length: 7 }, (_, i) => addDays(start, i));
}

/**
 * The dates a view asks the server for, [from, to): one day, Monday to Sunday, or the six weeks a
 * month grid shows (from the Monday on or before the 1st).
 */
export function viewRange(view: CalendarView, date: string): { from: string; to: string } {
  if (view === 'day') return { from: date, to: addDays(date, 1) };
  if (view === 'week') {
    const from = startOfWeek(date);
    return { from, to: addDays(from, 7) };
  }
  const from = startOfWeek(`${date.slice(0, 7)}-01`);
  return { from, to: addDays(from, 42) };
}

/** Moves the anchor date one view forward (+1) or back (-1). */
export function shiftDate(view: CalendarView, date: string, step: 1 | -1): string {
  if (view === 'day') return addDays(date, step);
  if (view === 'week') return addDays(date, 7 * step);
  const [y, m] = date.split('-').map(Number) as [number, number];
  const month = new Date(Date.UTC(y, m - 1 + step, 1));
  return `${month.getUTCFullYear()}-${String(month.getUTCMonth() + 1).padStart(2, '0')}-01`;
}

/** Calendar items by their local date in the tenant's zone, each day in time order. */
export function groupByDay(items: CalendarItem[], timeZone: string): Map<string, CalendarItem[]> {
  const out = new Map<string, CalendarItem[]>();
  for (const item of [...items].sort((a, b) => a.start.localeCompare(b.start))) {
    const day = zonedDate(new Date(item.start), timeZone);
    const list = out.get(day) ?? [];
    list.push(item);
    out.set(day, list);
  }
  return out;
}

/** HH:mm of an instant in the zone. */
export function localTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));
}

export function todayIn(timeZone: string, now = Date.now()): string {
  return zonedDate(now, timeZone);
}
