/** Tasks (任务) and the calendar: the vocabulary and shapes both sides share. */

export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

export const TASK_STATUSES = ['open', 'inProgress', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** A task created to remind of a planned follow-up is kind "followup"; everything else "todo". */
export const TASK_KINDS = ['todo', 'followup'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
