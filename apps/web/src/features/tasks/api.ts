/** The task and calendar API (apps/server/src/modules/tasks/routes.ts) for the pages and the record tab. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CalendarItem, Task, TaskBucket, TaskChecklistItem, TaskPriority, TaskStatus } from '@loopline/shared';
import { api } from '../../lib/api.ts';

export type { CalendarItem, Task, TaskBucket, TaskChecklistItem, TaskPriority, TaskStatus };

export type TaskScope = 'mine' | 'team';
export interface TaskListParams { scope?: TaskScope; bucket?: TaskBucket; recordType?: string; recordId?: string; assigneeId?: string; page?: number; pageSize?: number }

export interface TaskInput {
  title: string;
  description?: string | null;
  recordType?: string | null;
  recordId?: string | null;
  assigneeId?: string;
  dueAt?: string | null;
  remindAt?: string | null;
  priority?: TaskPriority;
  checklist?: TaskChecklistItem[];
  status?: TaskStatus;
}

export interface FeedState { url: string | null; active: boolean; createdAt: string | null }

export const taskKeys = {
  all: ['tasks'] as const,
  list: (params: TaskListParams) => ['tasks', 'list', params] as const,
  one: (id: string) => ['tasks', 'one', id] as const,
  calendar: (from: string, to: string, userId?: string) => ['tasks', 'calendar', from, to, userId ?? 'me'] as const,
  feed: ['tasks', 'feed'] as const,
};

export function useTasks(params: TaskListParams, enabled = true) {
  return useQuery({
    queryKey: taskKeys.list(params),
    queryFn: ({ signal }) => api.get<{ items: Task[]; total: number }>('/tasks', { ...params }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useTask(id: string | null) {
  return useQuery({ queryKey: taskKeys.one(id ?? ''), queryFn: ({ signal }) => api.get<Task>(`/tasks/${id}`, undefined, signal), enabled: Boolean(id) });
}

export const createTask = (body: TaskInput) => api.post<Task>('/tasks', body);
export const updateTask = (id: string, body: Partial<TaskInput>) => api.patch<Task>(`/tasks/${id}`, body);
export const deleteTask = (id: string) => api.delete(`/tasks/${id}`);

/** A change to one task: every task list, the calendar and the to-do centre may show it. */
export function useTaskChange() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: Partial<TaskInput> }) => updateTask(id, body),
    onSuccess: () => invalidateTasks(queryClient),
  });
}

export function invalidateTasks(queryClient: ReturnType<typeof useQueryClient>) {
  void queryClient.invalidateQueries({ queryKey: taskKeys.all });
  void queryClient.invalidateQueries({ queryKey: ['todo'] });
}

export function useCalendar(from: string, to: string, userId?: string) {
  return useQuery<CalendarItem[]>({
    queryKey: taskKeys.calendar(from, to, userId),
    queryFn: ({ signal }) => api.get<{ items: CalendarItem[] }>('/calendar', { from, to, userId }, signal).then((r) => r.items),
    placeholderData: keepPreviousData,
  });
}

export function useFeed() {
  return useQuery({ queryKey: taskKeys.feed, queryFn: () => api.get<FeedState>('/calendar/feed') });
}
export const rotateFeed = () => api.post<FeedState & { url: string }>('/calendar/feed');
export const stopFeed = () => api.delete('/calendar/feed');
