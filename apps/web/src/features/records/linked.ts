/**
 * Records linked to the one on screen (the lead a customer was converted from, a record merged
 * into it): their REST and web paths, and — for the timeline — their title and field labels.
 */
import { useQueries } from '@tanstack/react-query';
import type { RecordType } from '@loopline/shared';
import { RECORD_PATHS } from '../../app/navigation.ts';
import { api } from '../../lib/api.ts';
import { recordKeys } from './api.ts';
import type { FieldMeta, HistoryEntry } from './types.ts';

/** REST bases of the record types that have record-framework routes. */
export const API_PATHS: Partial<Record<RecordType, string>> = { lead: '/leads', customer: '/customers', contact: '/contacts' };

export interface LinkedRecord {
  recordType: string;
  recordId: string;
  /** number (XS…) or name; null until loaded or when the viewer may not open it */
  title: string | null;
  /** web path of its detail page */
  path: string | undefined;
  /** its type's field metadata, for labels; undefined until loaded or when not allowed */
  fields: FieldMeta[] | undefined;
}

type Named = { id: string; number?: string | null; name?: string | null };

/** Distinct (type, id) pairs of the entries that belong to linked records. Pure. */
export function linkedRefs(entries: HistoryEntry[]): { recordType: string; recordId: string }[] {
  const seen = new Map<string, { recordType: string; recordId: string }>();
  for (const e of entries) if (e.from) seen.set(`${e.from.recordType}:${e.from.recordId}`, e.from);
  return [...seen.values()];
}

/**
 * For each linked record of a history: its title (GET …/:id, cached like a detail page) and its
 * type's field labels. A record the viewer may not open still shows "from lead" without a name.
 */
export function useLinkedRecords(entries: HistoryEntry[]): (e: HistoryEntry) => LinkedRecord | undefined {
  const refs = linkedRefs(entries);
  const types = [...new Set(refs.map((r) => r.recordType))];
  const records = useQueries({
    queries: refs.map((r) => ({
      queryKey: recordKeys.one(r.recordType, r.recordId),
      queryFn: () => api.get<Named>(`${API_PATHS[r.recordType as RecordType] ?? `/${r.recordType}s`}/${r.recordId}`),
      enabled: Boolean(API_PATHS[r.recordType as RecordType]),
      retry: false,
      staleTime: 60_000,
    })),
  });
  const metas = useQueries({
    queries: types.map((type) => ({
      queryKey: recordKeys.fields(type),
      queryFn: () => api.get<{ items: FieldMeta[] }>(`${API_PATHS[type as RecordType]}/fields`).then((x) => x.items),
      enabled: Boolean(API_PATHS[type as RecordType]),
      retry: false,
      staleTime: 60_000,
    })),
  });
  return (e) => {
    if (!e.from) return undefined;
    const i = refs.findIndex((r) => r.recordType === e.from!.recordType && r.recordId === e.from!.recordId);
    const rec = records[i]?.data;
    return {
      ...e.from,
      title: rec ? (rec.number ?? rec.name ?? null) : null,
      path: RECORD_PATHS[e.from.recordType as RecordType]?.(e.from.recordId),
      fields: metas[types.indexOf(e.from.recordType)]?.data,
    };
  };
}
