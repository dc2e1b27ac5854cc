/** The one way tasks are created: by people (routes) and by flows (runtime/effects.ts). */
import type { TaskKind, TaskPriority } from '@loopline/shared';
import type { AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';

export interface NewTask {
  title: string;
  description?: string | null;
  assigneeId: string;
  recordType?: string | null;
  recordId?: string | null;
  dueAt?: Date | null;
  remindAt?: Date | null;
  priority?: TaskPriority;
  kind?: TaskKind;
  checklist?: { text: string; done?: boolean }[];
  /** flows: the step that created it (unique: a step re-run never creates a second task) */
  sourceStepId?: string | null;
  createdBy?: string | null;
}

/**
 * Inserts the tasks (audited, assignee notified in-app after commit is the caller's business) and
 * answers their ids in input order. PLACEHOLDER: tasks owner implements.
 */
export async function createTasks(_tx: Db, _src: AuditSource, _tasks: NewTask[]): Promise<string[]> {
  throw new Error('createTasks: not implemented');
}
