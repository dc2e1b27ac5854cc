/** 查重 and merge requests; every call goes through lib/api.ts. */
import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import type { DuplicateMatch } from '../records/createModel.ts';
import { checkBody, worthChecking, type CheckValues, type Choice, type DedupeRecordType, type MergePreview } from './model.ts';

export const API_PATHS: Record<DedupeRecordType, string> = { lead: '/leads', customer: '/customers', contact: '/contacts' };

export const dedupeKeys = {
  check: (body: unknown) => ['dedupe', 'check', body] as const,
  preview: (recordType: string, survivorId: string, mergedId: string) => ['dedupe', 'merge-preview', recordType, survivorId, mergedId] as const,
};

export interface CheckRequest extends CheckValues {
  recordTypes?: DedupeRecordType[];
  excludeId?: string;
}

export const checkDuplicates = (body: CheckRequest) => api.post<{ items: DuplicateMatch[] }>('/dedupe/check', body);

/** The 查重 page's search: runs for the submitted values (null = nothing submitted yet). */
export function useDuplicateSearch(body: CheckRequest | null) {
  return useQuery({ queryKey: dedupeKeys.check(body), queryFn: () => checkDuplicates(body!), enabled: body !== null, staleTime: 10_000 });
}

/**
 * "Check as you type" for create/edit forms: asks the server 400 ms after the user stops typing,
 * once there is a usable phone, email or company. The answer lists matches the user may see
 * (owner and a link only when allowed); forms show it above the save button.
 */
export function useDuplicateCheck(values: CheckValues, opts: { recordTypes?: DedupeRecordType[]; excludeId?: string; enabled?: boolean } = {}) {
  const [debounced, setDebounced] = useState<CheckRequest | null>(null);
  const body = checkBody(values);
  const key = JSON.stringify(body);
  useEffect(() => {
    const next = body && worthChecking(body) ? { ...body, recordTypes: opts.recordTypes, excludeId: opts.excludeId } : null;
    const timer = setTimeout(() => setDebounced(next), 400);
    return () => clearTimeout(timer);
    // `key` stands for body's content (a new object every render)
  }, [key, opts.excludeId, opts.recordTypes?.join()]);
  return useQuery({
    queryKey: dedupeKeys.check(debounced),
    queryFn: () => checkDuplicates(debounced!).then((r) => r.items),
    enabled: (opts.enabled ?? true) && debounced !== null,
    staleTime: 10_000,
  });
}

export function useMergePreview(recordType: DedupeRecordType, survivorId: string, mergedId: string, enabled: boolean) {
  return useQuery({
    queryKey: dedupeKeys.preview(recordType, survivorId, mergedId),
    queryFn: () => api.get<MergePreview>('/dedupe/merge-preview', { recordType, survivorId, mergedId }),
    enabled,
    staleTime: 0,
  });
}

export interface MergeResult { survivorId: string; mergedId: string; moved: Record<string, number> }

export const mergeRecords = (body: { recordType: DedupeRecordType; survivorId: string; mergedId: string; choices: Record<string, Choice> }) =>
  api.post<MergeResult>('/dedupe/merge', body);
