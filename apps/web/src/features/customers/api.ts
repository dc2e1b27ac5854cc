/** Data of the customer 360 page beyond the record itself: summary facts and the customer's contacts. */
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { recordKeys } from '../records/api.ts';
import type { Contact } from '../contacts/config.tsx';

export interface CustomerSummary {
  contacts: number;
  openLeads?: number;
  convertedFrom: { leadId: string; number: string | null; name: string | null }[];
  lastFollowupAt?: string | null;
  [fact: string]: unknown;
}

/** Under the customer's key so every change to customers refreshes it. */
export function useCustomerSummary(id: string) {
  return useQuery({
    queryKey: [...recordKeys.one('customer', id), 'summary'],
    queryFn: () => api.get<CustomerSummary>(`/customers/${id}/summary`),
    retry: false,
  });
}

/** Under the contacts' key too, so adding or editing a contact refreshes the customer's tab. */
export function useCustomerContacts(id: string) {
  return useQuery({
    queryKey: [...recordKeys.all('contact'), 'ofCustomer', id],
    queryFn: () => api.get<{ items: Contact[] }>(`/customers/${id}/contacts`).then((r) => r.items),
  });
}
