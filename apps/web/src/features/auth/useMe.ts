/**
 * The signed-in user, their organization and permissions: one cached query the whole app reads.
 * `null` means "not signed in" (a 401 is an answer here, not an error).
 */
import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { api, ApiError } from '../../lib/api.ts';
import { setTenantFormat } from '../../lib/format.ts';
import { setLocale, storedLocale, currentLocale } from '../../lib/i18n.ts';
import type { Me } from './types.ts';

export const meQueryKey = ['auth', 'me'] as const;

async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api.get<Me>('/auth/me');
    // Dates and money everywhere follow the organization's zone and currency.
    setTenantFormat(me.tenant);
    return me;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export const meQuery = queryOptions({ queryKey: meQueryKey, queryFn: fetchMe, staleTime: 5 * 60_000, retry: 1 });

export function useMe() {
  const query = useQuery(meQuery);
  const me = query.data ?? null;
  return { ...query, me, isAdmin: Boolean(me && (me.user.isAdmin || me.permissions.admin)) };
}

/** Keeps a user's language across devices: without a choice on this device, adopt the one saved on the server. */
function adoptServerLocale(me: Me | null) {
  const saved = me?.user.locale;
  if (saved && !storedLocale() && saved !== currentLocale()) void setLocale(saved, false);
}

/** Sign-in/out transitions. Every cached query belongs to one user, so both ends clear the cache. */
export function useSession() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  /** Call after signup, login or accepting an invitation; the server has already set the cookie. */
  const signedIn = async (next?: string | null) => {
    queryClient.removeQueries();
    const me = await queryClient.fetchQuery({ ...meQuery, staleTime: 0 });
    adoptServerLocale(me);
    navigate(safeNext(next), { replace: true });
  };

  const logout = async () => {
    try {
      await api.post('/auth/logout');
    } finally {
      queryClient.removeQueries();
      queryClient.setQueryData(meQueryKey, null);
      navigate('/login', { replace: true });
    }
  };

  return { signedIn, logout };
}

/** Only same-site paths: a `next` of "//evil.example" or "https://…" must not become an open redirect. */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}
