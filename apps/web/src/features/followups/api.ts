/** The follow-up API (apps/server/src/modules/followups/routes.ts) for the drawer, the tab and the list page. */
import { keepPreviousData, useQuery, type QueryClient } from '@tanstack/react-query';
import type { Followup, FollowupRecordType, NewFollowup } from '@loopline/shared';
import { api } from '../../lib/api.ts';
import { recordKeys } from '../records/api.ts';

export type { Followup, FollowupRecordType, NewFollowup };

export interface FollowupQuery {
  recordType?: FollowupRecordType;
  recordId?: string;
  mine?: boolean;
  type?: string;
  outcome?: string;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

export const followupKeys = {
  all: ['followups'] as const,
  list: (q: FollowupQuery) => ['followups', 'list', q] as const,
};

export function useFollowups(q: FollowupQuery, enabled = true) {
  return useQuery({
    queryKey: followupKeys.list(q),
    queryFn: ({ signal }) => api.get<{ items: Followup[]; total: number }>('/followups', { ...q, mine: q.mine ? 1 : undefined }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export const createFollowup = (body: NewFollowup) => api.post<Followup>('/followups', body);
export const updateFollowup = (id: string, body: Partial<Omit<NewFollowup, 'recordType' | 'recordId'>>) => api.patch<Followup>(`/followups/${id}`, body);
export const deleteFollowup = (id: string) => api.delete<void>(`/followups/${id}`);

/** After a change: the follow-up lists, and the record (its last/next follow-up fields and timeline). */
export function refreshAfterChange(queryClient: QueryClient, recordType: string, recordId: string, customerId?: string | null) {
  void queryClient.invalidateQueries({ queryKey: followupKeys.all });
  void queryClient.invalidateQueries({ queryKey: recordKeys.one(recordType, recordId) });
  if (customerId && recordType !== 'customer') void queryClient.invalidateQueries({ queryKey: recordKeys.one('customer', customerId) });
  void queryClient.invalidateQueries({ queryKey: ['files', recordType, recordId] });
  void queryClient.invalidateQueries({ queryKey: ['todo'] });
}

/** The contacts a follow-up may name: the customer's (GET /contacts filtered by customer). */
export function useCustomerContacts(customerId: string | null | undefined) {
  return useQuery({
    queryKey: ['followups', 'contacts', customerId],
    enabled: Boolean(customerId),
    queryFn: () => api.get<{ items: { id: string; name?: string; title?: string | null }[] }>('/contacts', {
      filter: JSON.stringify({ field: 'customerId', op: 'eq', value: customerId }), pageSize: 100,
    }).then((r) => r.items),
  });
}
