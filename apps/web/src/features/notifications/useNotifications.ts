/**
 * Unread notifications: one query for the list + count, kept live by the server's event stream.
 * EventSource reconnects by itself after network drops; a slow poll covers proxies that buffer SSE.
 */
import { useEffect, useRef } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { API_BASE, api } from '../../lib/api.ts';
import { meQueryKey } from '../auth/useMe.ts';

export interface NotificationItem {
  id: string;
  title: string;
  body: string | null;
  link: string | null;
  readAt: string | null;
  createdAt: string;
}

interface UnreadAnswer {
  items: NotificationItem[];
  unreadCount: number;
}

export const unreadKey = ['notifications', 'unread'] as const;

export function useUnreadNotifications(enabled: boolean) {
  return useQuery({
    queryKey: unreadKey,
    queryFn: () => api.get<UnreadAnswer>('/notifications', { unread: 1 }),
    enabled,
    refetchInterval: 5 * 60_000,
  });
}

export function useNotificationStream(enabled: boolean) {
  const queryClient = useQueryClient();
  const { notification } = App.useApp();
  // Read through a ref so a new toast API object never tears down and reopens the stream.
  const toast = useRef(notification);
  toast.current = notification;

  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource(`${API_BASE}/notifications/stream`);

    source.addEventListener('notification', (event) => {
      const item = parse<NotificationItem>(event);
      if (!item) return;
      queryClient.setQueryData<UnreadAnswer>(unreadKey, (old) => ({
        items: [item, ...(old?.items ?? []).filter((i) => i.id !== item.id)],
        unreadCount: (old?.unreadCount ?? 0) + 1, // the `unread` event that follows has the exact number
      }));
      toast.current.info({ title: item.title, description: item.body ?? undefined, placement: 'topRight' });
    });

    source.addEventListener('unread', (event) => {
      const data = parse<{ count: number }>(event);
      if (!data) return;
      queryClient.setQueryData<UnreadAnswer>(unreadKey, (old) => ({ items: old?.items ?? [], unreadCount: data.count }));
    });

    source.onerror = () => {
      // CLOSED means the server refused the stream (e.g. 401): the session may be gone, so re-check who we are.
      if (source.readyState === EventSource.CLOSED) void queryClient.invalidateQueries({ queryKey: meQueryKey });
    };

    return () => source.close();
  }, [enabled, queryClient]);
}

function parse<T>(event: Event): T | undefined {
  try {
    return JSON.parse((event as MessageEvent<string>).data) as T;
  } catch {
    return undefined;
  }
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['notifications'] });
  const one = useMutation({ mutationFn: (id: string) => api.post(`/notifications/${id}/read`), onSettled: refresh });
  const all = useMutation({ mutationFn: () => api.post('/notifications/read-all'), onSettled: refresh });
  return { markRead: one.mutate, markAllRead: all.mutate, markingAll: all.isPending };
}
