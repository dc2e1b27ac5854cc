import { z } from 'zod';
import { FilterError, parseFilter, sortSpecSchema, type FilterNode, type SortSpec } from '@loopline/shared';
import { parseSortParam } from './catalog.ts';
import { MAX_PAGE_SIZE, type ListParams } from './listQuery.ts';

/** Query string of GET list endpoints: filter is a JSON string, sort like `-createdAt,name`. */
export const listQuerystring = z
  .object({
    filter: z.string().max(50_000).optional(),
    sort: z.string().max(1000).optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
    count: z.enum(['exact', 'hasMore']).default('exact'),
    q: z.string().trim().max(100).optional(),
    viewId: z.string().uuid().optional(),
  })
  .strict();

/** JSON body of POST …/query, for filters too long for a URL. */
export const listBody = z
  .object({
    filter: z.unknown().optional(),
    sort: z.union([z.string().max(1000), sortSpecSchema]).optional(),
    page: z.number().int().min(1).max(100_000).default(1),
    pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
    count: z.enum(['exact', 'hasMore']).default('exact'),
    q: z.string().trim().max(100).optional(),
    viewId: z.string().uuid().optional(),
  })
  .strict();

/** Export takes the list's filter/sort/search plus an optional column list. */
export const exportQuerystring = listQuerystring
  .omit({ page: true, pageSize: true, count: true })
  .extend({ columns: z.string().max(5000).optional() })
  .strict();

/** What list endpoints accept, from a query string or a body (page/size/count default). */
export interface ListInput {
  filter?: unknown;
  sort?: string | SortSpec[];
  page?: number;
  pageSize?: number;
  count?: 'exact' | 'hasMore';
  q?: string;
  viewId?: string;
}

/** A filter from a query string or body; malformed JSON is the user's mistake → 400 INVALID_FILTER. */
export function readFilter(raw: unknown): FilterNode | null {
  if (raw === undefined || raw === null || raw === '') return null;
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new FilterError('invalid_filter', 'filter is not valid JSON');
    }
  }
  return parseFilter(value);
}

export function readSort(raw: string | SortSpec[] | undefined): SortSpec[] | undefined {
  if (raw === undefined || raw === '') return undefined;
  return typeof raw === 'string' ? parseSortParam(raw) : raw;
}

/** Both filters must hold: a saved view's and the one sent with the request. */
export function andFilters(...filters: (FilterNode | null | undefined)[]): FilterNode | null {
  const present = filters.filter((f): f is FilterNode => Boolean(f));
  if (present.length === 0) return null;
  return present.length === 1 ? present[0]! : { and: present };
}

export function toListParams(input: ListInput): ListParams {
  return {
    filter: readFilter(input.filter),
    sort: readSort(input.sort),
    page: input.page ?? 1,
    pageSize: input.pageSize ?? 20,
    count: input.count ?? 'exact',
    q: input.q || undefined,
  };
}
