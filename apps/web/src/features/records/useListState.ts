import { useEffect, useMemo, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { FilterNode, SortSpec } from '@loopline/shared';
import { recordKeys, savePreference, usePreference, type ListParams } from './api.ts';
import type { FieldMeta, RecordTypeConfig, SavedView } from './types.ts';

export type PageSize = 20 | 50 | 100 | 200 | 'all';
export const PAGE_SIZES: PageSize[] = [20, 50, 100, 200];

/** What a user keeps per record type across sessions and devices (PUT /preferences/list.<type>). */
interface ListPreference {
  columns?: string[];
  pageSize?: PageSize;
}

/**
 * The list's state: filter, sort, search, page, columns and the chosen view. Columns and page size
 * are saved per user on the server; picking a view copies its filter/sort/columns into the state,
 * so the user can refine it and save it again.
 */
export function useListState(config: RecordTypeConfig<any>, fields: FieldMeta[] | undefined) {
  const prefKey = `list.${config.recordType}`;
  const pref = usePreference<ListPreference>(prefKey);
  const queryClient = useQueryClient();
  const [filter, setFilterState] = useState<FilterNode | null>(null);
  const [sort, setSortState] = useState<SortSpec[]>([]);
  const [q, setQState] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSizeState] = useState<PageSize>(20);
  const [columns, setColumnsState] = useState<string[] | null>(null);
  const [viewId, setViewId] = useState<string | null>(null);
  const adopted = useRef(false);

  useEffect(() => {
    if (adopted.current || pref.isPending) return;
    adopted.current = true;
    if (pref.data?.pageSize) setPageSizeState(pref.data.pageSize);
    if (pref.data?.columns?.length) setColumnsState(pref.data.columns);
  }, [pref.isPending, pref.data]);

  // Columns that are no longer visible to the user (hidden by a role change, field deleted) drop out.
  const visibleColumns = useMemo(() => {
    const known = new Set((fields ?? []).map((f) => f.key));
    const chosen = (columns ?? config.defaultColumns).filter((k) => known.has(k));
    return chosen.length ? chosen : config.defaultColumns.filter((k) => known.has(k));
  }, [columns, fields, config.defaultColumns]);

  const persist = (patch: ListPreference) => {
    const next = { ...(pref.data ?? {}), columns: columns ?? undefined, pageSize, ...patch };
    queryClient.setQueryData(recordKeys.pref(prefKey), next);
    return savePreference(prefKey, next);
  };

  const params: ListParams = { filter, sort, q, page, pageSize: pageSize === 'all' ? 200 : pageSize };
  return {
    params,
    pageSize,
    columns: visibleColumns,
    viewId,
    ready: !pref.isPending,
    setFilter: (f: FilterNode | null) => { setFilterState(f); setPage(1); },
    setSort: (s: SortSpec[]) => { setSortState(s); setPage(1); },
    setQ: (value: string) => { setQState(value.trim()); setPage(1); },
    setPage,
    setPageSize: (size: PageSize) => { setPageSizeState(size); setPage(1); void persist({ pageSize: size }).catch(() => undefined); },
    /** saves to the server; the caller shows feedback */
    setColumns: (cols: string[] | null) => { setColumnsState(cols); return persist({ columns: cols ?? undefined }); },
    applyView: (view: SavedView | null) => {
      setViewId(view?.id ?? null);
      setFilterState(view?.filter ?? null);
      setSortState(view?.sort ?? []);
      if (view?.columns.length) setColumnsState(view.columns);
      setPage(1);
    },
  };
}

export type ListState = ReturnType<typeof useListState>;

/** `[{field:'createdAt',dir:'desc'}]` → `-createdAt` (the GET/export form). */
export function sortParam(sort: SortSpec[]): string {
  return sort.map((s) => (s.dir === 'desc' ? `-${s.field}` : s.field)).join(',');
}
