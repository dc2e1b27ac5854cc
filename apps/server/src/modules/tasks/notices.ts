/** In-app notices about tasks, sent after the change has committed. */
import type { AppContext } from '../../platform/context.ts';

export interface AssignedTask { id: string; title: string; assigneeId: string }

export const taskLink = (id: string) => `/tasks?task=${id}`;

/**
 * Tells each assignee about tasks someone else gave them (a task you give yourself needs no notice).
 * Failures are logged, never thrown: the tasks exist either way.
 */
export async function announceTasks(ctx: Pick<AppContext, 'notifier' | 'log'>, tenantId: string, tasks: AssignedTask[], by: { userId: string | null; name: string | null }): Promise<void> {
  for (const t of tasks) {
    if (t.assigneeId === by.userId) continue;
    await ctx.notifier
      .notify({ tenantId, userId: t.assigneeId, kind: 'task', title: `新任务：${t.title}`, body: by.name ? `${by.name} 给您分配了任务` : '您有一个新任务', link: taskLink(t.id) })
      .catch((err) => ctx.log.warn({ err, taskId: t.id }, 'task notice failed'));
  }
}
