import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from '../lib/api.ts';
import { meQueryKey } from '../features/auth/useMe.ts';

/**
 * A 401 from any request means the session ended (expired, revoked on another device, user deactivated).
 * Marking "me" as signed-out lets the route guard send the user to the login page, keeping where they were.
 */
function onAuthLost(err: unknown) {
  if (err instanceof ApiError && err.status === 401) queryClient.setQueryData(meQueryKey, null);
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onAuthLost }),
  mutationCache: new MutationCache({ onError: onAuthLost }),
  defaultOptions: {
    queries: {
      // 4xx answers will not change by asking again; network blips and 5xx might.
      retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
      staleTime: 30_000,
    },
  },
});
