/** Tasks (任务) and the calendar: the vocabulary and shapes both sides share. */
import { addDays, startOfZonedDay, zonedDate } from './filter/relativeDates.ts';

export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

export const TASK_STATUSES = ['open', 'inProgress', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** A task created to remind of a planned follow-up is kind "followup"; everything else "todo". */
export const TASK_KINDS = ['todo', 'followup'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export interface TaskChecklistItem {
  text: string;
  done: boolean;
}

/** A task as the API answers it (GET/POST/PATCH /api/v1/tasks). Times are ISO instants. */
export interface Task {
  id: string;
  title: string;
  description: string | null;
  recordType: string | null;
  recordId: string | null;
  /** the related record's display name (null when gone or not visible) */
  recordName: string | null;
  assigneeId: string;
  assigneeName: string | null;
  createdBy: string | null;
  createdByName: string | null;
  dueAt: string | null;
  remindAt: string | null;
  remindedAt: string | null;
  priority: TaskPriority;
  status: TaskStatus;
  kind: TaskKind;
  checklist: TaskChecklistItem[];
  sourceStepId: string | null;
  completedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** My tasks' tabs: due today / past due / due later (or without a due time) / done or cancelled. */
export const TASK_BUCKETS = ['today', 'overdue', 'upcoming', 'done'] as const;
export type TaskBucket = (typeof TASK_BUCKETS)[number];

/** One entry of GET /api/v1/calendar: a task by its due time, or a record's planned follow-up. */
export interface CalendarItem {
  /** 'task:<id>' or 'followup:<recordType>:<recordId>' — stable across reloads */
  key: string;
  kind: 'task' | 'followup';
  title: string;
  /** ISO instant */
  start: string;
  /** tasks: the task id; follow-ups: null */
  taskId: string | null;
  recordType: string | null;
  recordId: string | null;
  recordName: string | null;
  /** web path that opens it (the record, or /tasks?task=<id>) */
  link: string;
  status: TaskStatus | null;
  priority: TaskPriority | null;
  userId: string;
}

/** The local day around `now` in the tenant's zone: [start, end) as epoch ms. */
export function zonedDayBounds(now: Date | number, timeZone: string): { start: number; end: number } {
  const today = zonedDate(now, timeZone);
  return { start: startOfZonedDay(today, timeZone), end: startOfZonedDay(addDays(today, 1), timeZone) };
}

/**
 * Which tab an open task sits in, each in exactly one: overdue once its due time has passed, today
 * when it is due later today (tenant's zone), upcoming when due later or with no due time; done and
 * cancelled ones are "done". The server's list queries use the same bounds.
 */
export function taskBucket(task: { status: TaskStatus; dueAt: string | Date | null }, now: Date | number, timeZone: string): TaskBucket {
  if (task.status === 'done' || task.status === 'cancelled') return 'done';
  if (!task.dueAt) return 'upcoming';
  const due = new Date(task.dueAt).getTime();
  const nowMs = typeof now === 'number' ? now : now.getTime();
  if (due < nowMs) return 'overdue';
  return due < zonedDayBounds(nowMs, timeZone).end ? 'today' : 'upcoming';
}

/** 'YYYY-MM-DD' plus n calendar days (the calendar pages step through dates with it). */
export const addDateDays = (date: string, n: number): string => addDays(date, n);
