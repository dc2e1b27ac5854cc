/** Request shapes of the task and calendar API (zod; unknown fields are a 400 naming the field). */
import { z } from 'zod';
import { TASK_BUCKETS, TASK_PRIORITIES, TASK_STATUSES } from '@loopline/shared';

/** Records a task can be about from the API (flows may link any record type through createTasks). */
export const TASK_RECORD_TYPES = ['lead', 'customer', 'contact'] as const;
export type TaskRecordType = (typeof TASK_RECORD_TYPES)[number];

const uuid = z.string().uuid();
/** An instant with its offset (2026-01-15T09:30:00+08:00 or …Z); null clears it. */
const instant = z.string().datetime({ offset: true }).transform((s) => new Date(s)).nullable();
const checklist = z
  .array(z.object({ text: z.string().trim().min(1).max(200), done: z.boolean().default(false) }).strict())
  .max(50);

const taskFields = {
  title: z.string().trim().min(1).max(200),
  description: z.string().max(5000).nullable(),
  recordType: z.enum(TASK_RECORD_TYPES).nullable(),
  recordId: uuid.nullable(),
  assigneeId: uuid,
  dueAt: instant,
  remindAt: instant,
  priority: z.enum(TASK_PRIORITIES),
  checklist,
};

export const createTaskInput = z
  .object({
    ...taskFields,
    description: taskFields.description.optional(),
    recordType: taskFields.recordType.optional(),
    recordId: taskFields.recordId.optional(),
    assigneeId: taskFields.assigneeId.optional(),
    dueAt: taskFields.dueAt.optional(),
    remindAt: taskFields.remindAt.optional(),
    priority: taskFields.priority.default('normal'),
    checklist: checklist.default([]),
  })
  .strict();
export type CreateTaskInput = z.infer<typeof createTaskInput>;

export const updateTaskInput = z.object({ ...taskFields, status: z.enum(TASK_STATUSES) }).partial().strict();
export type UpdateTaskInput = z.infer<typeof updateTaskInput>;

export const listTasksQuery = z
  .object({
    scope: z.enum(['mine', 'team']).default('mine'),
    bucket: z.enum(TASK_BUCKETS).optional(),
    recordType: z.enum(TASK_RECORD_TYPES).optional(),
    recordId: uuid.optional(),
    /** team scope: one member's tasks */
    assigneeId: uuid.optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type ListTasksQuery = z.infer<typeof listTasksQuery>;

export const idParams = z.object({ id: uuid }).strict();

/** Calendar range [from, to): ISO instants or dates (a date is midnight in the tenant's zone). */
const rangeEnd = z.string().trim().min(10).max(40);
export const calendarQuery = z
  .object({ from: rangeEnd, to: rangeEnd, userId: uuid.optional() })
  .strict();
export type CalendarQuery = z.infer<typeof calendarQuery>;

export const feedParams = z.object({ file: z.string().max(200) }).strict();
