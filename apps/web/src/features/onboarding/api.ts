/** The getting-started state (GET /onboarding): steps ticked from real data, counts, dismissal. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';

export type StepKey = 'invite' | 'departments' | 'customers';

export interface OnboardingState {
  steps: { key: StepKey; done: boolean }[];
  counts: { activeUsers: number; invitedUsers: number; users: number; departments: number; customers: number };
  dismissed: boolean;
  sampleDataLoaded: boolean;
}

export const onboardingKey = ['onboarding'] as const;

export function useOnboarding() {
  // Refetched whenever the home page is opened: coming back from inviting someone shows the tick at once.
  return useQuery({ queryKey: onboardingKey, queryFn: () => api.get<OnboardingState>('/onboarding'), staleTime: 0 });
}

export function useDismissOnboarding() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (dismissed: boolean) => api.put<OnboardingState>('/onboarding/dismissed', { dismissed }),
    onSuccess: (state) => queryClient.setQueryData(onboardingKey, state),
  });
}

export function useLoadSampleData() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ customers: number }>('/onboarding/sample-data'),
    // Customer lists and search may show the new records everywhere.
    onSettled: () => queryClient.invalidateQueries({ predicate: (q) => ['onboarding', 'customers', 'search', 'records'].includes(String(q.queryKey[0])) }),
  });
}
