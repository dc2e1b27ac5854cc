/** The inbox counts alone (GET /approvals/inbox/counts): what the navigation badge loads with the shell. */
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';

export const COUNTS_KEY = ['approvals', 'counts'] as const;
export interface InboxCounts { waiting: number; ccUnread: number }

/** The waiting count for the navigation badge and the inbox tabs; quiet when the server has no approvals. */
export const useInboxCounts = (enabled = true) =>
  useQuery({
    queryKey: COUNTS_KEY,
    queryFn: () => api.get<InboxCounts>('/approvals/inbox/counts'),
    enabled,
    staleTime: 30_000,
    refetchInterval: 120_000,
    retry: false,
  });
