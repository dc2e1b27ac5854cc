/**
 * Flow runs for the web: executions of a flow and of a record, one execution with its steps, retry and
 * cancel (server: modules/flows/runtime/routes.ts), manual runs and the "why did nothing happen" log
 * (modules/flows/triggers/routes.ts). Types come from @loopline/shared as types only, so zod stays out
 * of the record pages' bundle.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { FlowDefinition, FlowExecutionStatus, FlowExecutionView, FlowSummary, FlowTriggerCheckView } from '@loopline/shared';
import { api } from '../../lib/api.ts';

export type { FlowExecutionStatus, FlowExecutionView, FlowTriggerCheckView };
export type ExecutionDetail = FlowExecutionView & { definition: FlowDefinition };
export interface ManualFlow { id: string; name: string; buttonLabel: string | null }

export const EXECUTION_STATUSES: FlowExecutionStatus[] = ['running', 'waiting', 'completed', 'failed', 'cancelled'];
export const EXECUTION_COLOR: Record<FlowExecutionStatus, string> = { running: 'processing', waiting: 'gold', completed: 'success', failed: 'error', cancelled: 'default' };

/** Still moving: worth refreshing while someone looks at it. */
export const isLive = (status: FlowExecutionStatus | undefined) => status === 'running' || status === 'waiting';

export const flowRunKeys = {
  all: ['flowRuns'] as const,
  flow: (flowId: string) => ['flowRuns', 'flow', flowId] as const,
  list: (flowId: string, params: unknown) => ['flowRuns', 'list', flowId, params] as const,
  execution: (id: string) => ['flowRuns', 'execution', id] as const,
  record: (recordType: string, recordId: string) => ['flowRuns', 'record', recordType, recordId] as const,
  checks: (recordType: string, recordId: string) => ['flowRuns', 'checks', recordType, recordId] as const,
  manual: (recordType: string) => ['flowRuns', 'manual', recordType] as const,
};

/** The flow's name and status for the page titles (admin API). */
export function useFlowSummary(flowId: string) {
  return useQuery({ queryKey: flowRunKeys.flow(flowId), queryFn: () => api.get<FlowSummary>(`/flows/${flowId}`) });
}

export function useFlowExecutions(flowId: string, params: { status?: FlowExecutionStatus; page: number; pageSize: number }) {
  return useQuery({
    queryKey: flowRunKeys.list(flowId, params),
    queryFn: ({ signal }) => api.get<{ items: FlowExecutionView[]; total: number }>(`/flows/${flowId}/executions`, params, signal),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.items.some((e) => isLive(e.status)) ? 5000 : false),
  });
}

/** One execution; refreshed every 2 s while it is running or waiting so the path grows on screen. */
export function useExecution(id: string) {
  return useQuery({
    queryKey: flowRunKeys.execution(id),
    queryFn: ({ signal }) => api.get<ExecutionDetail>(`/flow-executions/${id}`, undefined, signal),
    refetchInterval: (q) => (isLive(q.state.data?.status) ? 2000 : false),
  });
}

export function useRecordExecutions(recordType: string, recordId: string, fast = false) {
  return useQuery({
    queryKey: flowRunKeys.record(recordType, recordId),
    queryFn: ({ signal }) => api.get<{ items: FlowExecutionView[] }>('/flow-executions', { recordType, recordId }, signal).then((r) => r.items),
    refetchInterval: (q) => (fast ? 1000 : q.state.data?.some((e) => isLive(e.status)) ? 5000 : false),
  });
}

export function useTriggerChecks(recordType: string, recordId: string) {
  return useQuery({
    queryKey: flowRunKeys.checks(recordType, recordId),
    queryFn: ({ signal }) => api.get<{ items: FlowTriggerCheckView[] }>('/flow-checks', { recordType, recordId }, signal).then((r) => r.items),
  });
}

export function useManualFlows(recordType: string) {
  return useQuery({
    queryKey: flowRunKeys.manual(recordType),
    queryFn: () => api.get<{ items: ManualFlow[] }>('/flows/manual', { recordType }).then((r) => r.items),
    staleTime: 60_000,
  });
}

export const runFlow = (flowId: string, recordType: string, recordId: string) => api.post<{ executionId: string }>(`/flows/${flowId}/run`, { recordType, recordId });
export const retryExecution = (id: string) => api.post<FlowExecutionView>(`/flow-executions/${id}/retry`);
export const cancelExecution = (id: string, reason?: string) => api.post<FlowExecutionView>(`/flow-executions/${id}/cancel`, reason ? { reason } : {});

/** Where a record opens in the app; null for types without a page yet. */
export function recordPath(recordType: string | null, recordId: string | null): string | null {
  if (!recordType || !recordId) return null;
  const base: Record<string, string> = { lead: '/leads', customer: '/customers', contact: '/contacts' };
  return base[recordType] ? `${base[recordType]}/${recordId}` : null;
}
