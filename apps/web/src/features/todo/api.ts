/** The to-do centre's data (GET /todo): one group per kind of work, each with its most pressing items. */
import { useQuery } from '@tanstack/react-query';
import type { TodoGroup, TodoItem } from '@loopline/shared';
import { api } from '../../lib/api.ts';

export type { TodoGroup, TodoItem } from '@loopline/shared';

export function useTodo(limit: number) {
  return useQuery({
    queryKey: ['todo', limit],
    queryFn: () => api.get<{ groups: TodoGroup[] }>('/todo', { limit }).then((r) => r.groups),
    // work arrives all day (assignments, pool warnings): keep it fresh without a reload
    refetchInterval: 60_000,
  });
}

/** The group title in the UI language. */
export const groupTitle = (g: TodoGroup, locale: string) => (locale === 'en' ? g.titleEn || g.title : g.title);

/** Urgent first, then by due time (soonest first; no due time last), keeping the server's order otherwise. Pure. */
export function byUrgency(items: TodoItem[]): TodoItem[] {
  const due = (i: TodoItem) => (i.dueAt ? Date.parse(i.dueAt) : Number.POSITIVE_INFINITY);
  return items.map((item, index) => ({ item, index }))
    .sort((a, b) => Number(Boolean(b.item.urgent)) - Number(Boolean(a.item.urgent)) || due(a.item) - due(b.item) || a.index - b.index)
    .map((x) => x.item);
}
