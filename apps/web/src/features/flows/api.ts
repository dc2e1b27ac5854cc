/** Data of the flow list and designer (Flows REST contract); every request goes through lib/api.ts. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FlowDefinition, FlowDetail, FlowDryRunResult, FlowNodeCounts, FlowProblem, FlowSummary } from '@loopline/shared';
import { api } from '../../lib/api.ts';
import type { FieldMeta } from '../records/types.ts';
import type { FlowDiff } from './model.ts';

export interface FlowTemplate { key: string; name: string; description: string; recordType: string | null; kind?: 'automation' | 'approval'; definition: FlowDefinition }
export interface FlowVersion { version: number; definition: FlowDefinition; publishedAt: string; publishedBy: string | null; publishedByName: string | null }

export const flowKeys = {
  all: ['flows'] as const,
  list: ['flows', 'list'] as const,
  templates: ['flows', 'templates'] as const,
  one: (id: string) => ['flows', 'one', id] as const,
  version: (id: string, version: number) => ['flows', 'one', id, 'version', version] as const,
  diff: (id: string, from: number, to: number | 'draft') => ['flows', 'one', id, 'diff', from, to] as const,
  counts: (id: string, version?: number) => ['flows', 'one', id, 'counts', version ?? 'published'] as const,
};

export const useFlows = () =>
  useQuery({ queryKey: flowKeys.list, queryFn: () => api.get<{ items: FlowSummary[] }>('/flows').then((r) => r.items) });

export const useFlowTemplates = (enabled = true) =>
  useQuery({ queryKey: flowKeys.templates, queryFn: () => api.get<{ items: FlowTemplate[] }>('/flows/templates').then((r) => r.items), enabled, staleTime: 5 * 60_000 });

export const useFlow = (id: string) => useQuery({ queryKey: flowKeys.one(id), queryFn: () => api.get<FlowDetail>(`/flows/${id}`) });

export const useFlowVersion = (id: string, version: number | null) =>
  useQuery({
    queryKey: flowKeys.version(id, version ?? 0),
    queryFn: () => api.get<FlowVersion>(`/flows/${id}/versions/${version}`),
    enabled: version !== null && version > 0,
    staleTime: Infinity, // published versions never change
  });

export const useFlowDiff = (id: string, from: number | null, to: number | 'draft' | null) =>
  useQuery({
    queryKey: flowKeys.diff(id, from ?? 0, to ?? 'draft'),
    queryFn: () => api.get<FlowDiff>(`/flows/${id}/diff`, { from: from!, to: to! }),
    enabled: from !== null && to !== null,
    placeholderData: keepPreviousData,
  });

export const useNodeCounts = (id: string, enabled: boolean, version?: number) =>
  useQuery({
    queryKey: flowKeys.counts(id, version),
    queryFn: () => api.get<FlowNodeCounts>(`/flows/${id}/node-counts`, { version }),
    enabled,
    refetchInterval: enabled ? 30_000 : false,
  });

/** Field catalog of a record type, shared with the record list's cache entry; types without a catalog get []. */
export const useRecordFields = (recordType: string | null | undefined, path: string | undefined) =>
  useQuery({
    queryKey: ['records', recordType ?? '-', 'fields'],
    queryFn: () => api.get<{ items: FieldMeta[] }>(`${path}/fields`).then((r) => r.items).catch(() => [] as FieldMeta[]),
    enabled: Boolean(recordType && path),
    staleTime: 60_000,
  });

/** Public pools for the return-to-pool node (an organization without pools gets an empty list). */
export const usePools = () =>
  useQuery({
    queryKey: ['assignment', 'pools'],
    queryFn: () => api.get<{ items: { id: string; name: string }[] }>('/pools').then((r) => r.items).catch(() => []),
    staleTime: 60_000,
  });

export function useFlowMutations(id: string) {
  const qc = useQueryClient();
  const refresh = (f: FlowDetail) => {
    qc.setQueryData(flowKeys.one(id), f);
    void qc.invalidateQueries({ queryKey: flowKeys.list });
    return f;
  };
  return {
    save: useMutation({
      mutationFn: (body: { name?: string; description?: string | null; draft?: FlowDefinition }) => api.put<FlowDetail>(`/flows/${id}`, body),
      onSuccess: refresh,
    }),
    validate: useMutation({ mutationFn: () => api.post<{ problems: FlowProblem[] }>(`/flows/${id}/validate`) }),
    publish: useMutation({
      mutationFn: () => api.post<FlowDetail>(`/flows/${id}/publish`),
      onSuccess: (f) => {
        refresh(f);
        void qc.invalidateQueries({ queryKey: ['flows', 'one', id] });
      },
    }),
    dryRun: useMutation({
      mutationFn: (body: { recordType?: string; recordId?: string; version?: number }) => api.post<FlowDryRunResult>(`/flows/${id}/dry-run`, body),
    }),
  };
}

/** Enable / disable / delete from the list (and the designer's header). */
export function useFlowStatus() {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: flowKeys.all });
  return {
    enable: useMutation({ mutationFn: (id: string) => api.post<FlowDetail>(`/flows/${id}/enable`), onSuccess: done }),
    disable: useMutation({ mutationFn: (id: string) => api.post<FlowDetail & { cancelled: number }>(`/flows/${id}/disable`, {}), onSuccess: done }),
    remove: useMutation({ mutationFn: (id: string) => api.delete(`/flows/${id}`), onSuccess: done }),
  };
}

export const createFlow = (body: { name: string; description?: string; draft?: FlowDefinition; templateKey?: string }) => api.post<FlowDetail>('/flows', body);
