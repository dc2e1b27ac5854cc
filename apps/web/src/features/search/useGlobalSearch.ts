/** Global search: the query is debounced so typing "杭州云栖" asks once, not four times. */
import { useEffect, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { RecordType } from '@loopline/shared';
import { api } from '../../lib/api.ts';

export interface SearchItem {
  id: string;
  title: string;
  subtitle: string | null;
}

export interface SearchGroup {
  recordType: RecordType;
  items: SearchItem[];
}

export function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

export function useGlobalSearch(text: string) {
  const q = useDebounced(text.trim(), 250);
  const query = useQuery<SearchGroup[]>({
    queryKey: ['search', q],
    // The abort signal cancels an answer nobody waits for any more (the user typed on).
    queryFn: ({ signal }) => api.get<{ groups: SearchGroup[] }>('/search', { q, limit: 6 }, signal).then((r) => r.groups),
    enabled: q.length > 0,
    staleTime: 10_000,
    // Keep showing the previous results while the next ones load: the list does not flicker.
    placeholderData: keepPreviousData,
  });
  const groups: SearchGroup[] = q ? (query.data ?? []) : [];
  return { q, groups, isError: query.isError, settled: q === text.trim() && !query.isFetching };
}
