/** Data hooks of the record framework; every request goes through lib/api.ts. */
import { useMemo } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { FilterNode, SortSpec } from '@loopline/shared';
import { api, request } from '../../lib/api.ts';
import { useMe } from '../auth/useMe.ts';
import { useDepartments, useUsers } from '../settings/api.ts';
import type { FormatContext } from './format.ts';
import type { CustomFieldRules, FieldMeta, HistoryEntry, ListResponse, RecordLike, RecordTypeConfig, SavedView } from './types.ts';

export const MAX_PAGE = 200;
/** "Load all" stops here: enough for any list a person scrolls, small enough for a phone's memory. */
export const LOAD_ALL_MAX = 10_000;

export interface ListParams {
  filter: FilterNode | null;
  sort: SortSpec[];
  q: string;
  page: number;
  pageSize: number;
}

export const recordKeys = {
  all: (recordType: string) => ['records', recordType] as const,
  fields: (recordType: string) => ['records', recordType, 'fields'] as const,
  list: (recordType: string, p: unknown) => ['records', recordType, 'list', p] as const,
  one: (recordType: string, id: string) => ['records', recordType, 'one', id] as const,
  views: (recordType: string) => ['records', recordType, 'views'] as const,
  pref: (key: string) => ['preferences', key] as const,
};

export function useFieldMeta(config: RecordTypeConfig<any>) {
  return useQuery({
    queryKey: recordKeys.fields(config.recordType),
    queryFn: () => api.get<{ items: FieldMeta[] }>(`${config.apiPath}/fields`).then((r) => r.items),
    staleTime: 60_000,
  });
}

export function useCustomFieldRules(recordType: string) {
  return useQuery({
    queryKey: ['records', recordType, 'customRules'],
    queryFn: () => api.get<{ items: CustomFieldRules[] }>('/custom-fields', { recordType }).then((r) => r.items),
    staleTime: 60_000,
  });
}

const body = (p: ListParams, page: number, pageSize: number, count: 'exact' | 'hasMore') => ({
  ...(p.filter ? { filter: p.filter } : {}), ...(p.sort.length ? { sort: p.sort } : {}), ...(p.q ? { q: p.q } : {}), page, pageSize, count,
});

/** One page (POST …/query: filters can be longer than a URL allows). */
export function useRecordPage(config: RecordTypeConfig<any>, p: ListParams, enabled: boolean) {
  return useQuery({
    queryKey: recordKeys.list(config.recordType, p),
    queryFn: () => api.post<ListResponse>(`${config.apiPath}/query`, body(p, p.page, p.pageSize, 'exact')),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/**
 * "Load all": pages of 200 fetched one after another (the server's largest page) until the list
 * ends or LOAD_ALL_MAX rows are in memory; the table virtualises them. Progress is reported so
 * the user sees it advance.
 */
export function useLoadAll(config: RecordTypeConfig<any>, p: ListParams, enabled: boolean, onProgress?: (loaded: number) => void) {
  return useQuery({
    queryKey: recordKeys.list(config.recordType, { ...p, page: 0, pageSize: 'all' }),
    queryFn: async ({ signal }) => {
      const items: RecordLike[] = [];
      let total: number | undefined;
      for (let page = 1; items.length < LOAD_ALL_MAX; page++) {
        if (signal.aborted) break;
        const res = await api.post<ListResponse>(`${config.apiPath}/query`, body(p, page, MAX_PAGE, page === 1 ? 'exact' : 'hasMore'));
        if (page === 1) total = res.total;
        items.push(...res.items);
        onProgress?.(items.length);
        if (!res.hasMore) break;
      }
      return { items: items.slice(0, LOAD_ALL_MAX), total: total ?? items.length, hasMore: (total ?? 0) > LOAD_ALL_MAX } satisfies ListResponse;
    },
    enabled,
    staleTime: 30_000,
  });
}

export function useViews(recordType: string) {
  return useQuery({
    queryKey: recordKeys.views(recordType),
    queryFn: () => api.get<{ items: SavedView[] }>('/views', { recordType }).then((r) => r.items),
  });
}

export function usePreference<T>(key: string) {
  return useQuery({
    queryKey: recordKeys.pref(key),
    queryFn: () => api.get<{ value: T | null }>(`/preferences/${encodeURIComponent(key)}`).then((r) => r.value),
    staleTime: Infinity,
  });
}

export const savePreference = (key: string, value: unknown) => request<void>('PUT', `/preferences/${encodeURIComponent(key)}`, { body: { value } });

export function useRecord(config: RecordTypeConfig<any>, id: string) {
  return useQuery({
    queryKey: recordKeys.one(config.recordType, id),
    queryFn: () => api.get<RecordLike>(`${config.apiPath}/${id}`),
    retry: (n, err) => (err as { status?: number }).status !== 404 && n < 2,
  });
}

export function useHistory(config: RecordTypeConfig<any>, id: string) {
  return useQuery({
    queryKey: [...recordKeys.one(config.recordType, id), 'history'],
    queryFn: () => api.get<{ items: HistoryEntry[] }>(`${config.apiPath}/${id}/history`, { limit: 200 }).then((r) => r.items),
  });
}

/**
 * Names for user and department ids, and the organization's locale settings, for formatting.
 * SMEs have tens to hundreds of people: the first 500 users cover the lookup.
 */
export function useFormatContext(): FormatContext & { ready: boolean } {
  const { t, i18n } = useTranslation();
  const { me } = useMe();
  const users = useUsers({ pageSize: 500 });
  const departments = useDepartments();
  return useMemo(() => {
    const userNames = new Map((users.data?.items ?? []).map((u) => [u.id, u.name]));
    const deptNames = new Map((departments.data ?? []).map((d) => [d.id, d.name]));
    return {
      locale: i18n.language === 'en' ? 'en' : 'zh-CN',
      timeZone: me?.tenant.timeZone || 'Asia/Shanghai',
      currency: me?.tenant.currency || 'CNY',
      userName: (id: string) => userNames.get(id),
      departmentName: (id: string) => deptNames.get(id),
      yes: t('common.yes'),
      no: t('common.no'),
      ready: !users.isPending && !departments.isPending,
    };
  }, [users.data, users.isPending, departments.data, departments.isPending, me, i18n.language, t]);
}
