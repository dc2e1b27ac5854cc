/** The pool API (apps/server/src/modules/publicPool/routes.ts) for the pool page, settings and extras. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';

export type Grade = '*' | 'A' | 'B' | 'C';

import type { PoolRecordType, PublicPool as Pool } from '@loopline/shared';

export type { Pool, PoolRecordType };

export type PoolRecord = Record<string, unknown> & { id: string; name?: string; previousOwnerName?: string | null; poolEnteredAt?: string | null };

export interface RecordPage { items: PoolRecord[]; total?: number; hasMore: boolean; hideContacts: boolean }

export interface Rule { recordType: PoolRecordType; grade: Grade; noFollowupDays: number | null; noOpportunityDays: number | null; notClosedDays: number | null }

export interface Cap {
  subjectType: 'everyone' | 'user' | 'department';
  userId: string | null;
  departmentId: string | null;
  userName?: string | null;
  departmentName?: string | null;
  maxOwned: number | null;
  maxLocked: number | null;
  countClosed: boolean;
}

export interface MoveResult { ok: string[]; failed: { id: string; code: string; message: string }[] }

export interface RunResult { runId: string; ranAt: string; returned: number; warned: number }
export interface RecycleRun { id: string; trigger: 'schedule' | 'manual'; clock: string; returned: number; warned: number; startedAt: string }

export interface LogEntry {
  id: number; kind: 'claim' | 'assign' | 'return'; recordType: PoolRecordType; recordId: string; recordName: string | null;
  fromOwnerName: string | null; toOwnerName: string | null; actorName: string | null; reasonCode: string | null; reason: string | null; createdAt: string;
}

export const poolKeys = {
  all: ['pools'] as const,
  list: ['pools', 'list'] as const,
  records: (poolId: string, type: PoolRecordType, params: unknown) => ['pools', 'records', poolId, type, params] as const,
  rules: (poolId: string) => ['pools', 'rules', poolId] as const,
  log: (poolId: string) => ['pools', 'log', poolId] as const,
  caps: ['pools', 'caps'] as const,
  runs: ['pools', 'runs'] as const,
};

export function usePools(enabled = true) {
  return useQuery({ queryKey: poolKeys.list, queryFn: () => api.get<{ items: Pool[] }>('/pools').then((r) => r.items), enabled });
}

export function usePoolRecords(poolId: string, recordType: PoolRecordType, params: { q: string; page: number; pageSize: number }) {
  return useQuery({
    queryKey: poolKeys.records(poolId, recordType, params),
    queryFn: ({ signal }) => api.get<RecordPage>(`/pools/${poolId}/records`, { recordType, ...params }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useRules(poolId: string) {
  return useQuery({ queryKey: poolKeys.rules(poolId), queryFn: () => api.get<{ items: Rule[] }>(`/pools/${poolId}/rules`).then((r) => r.items) });
}

export function usePoolLog(poolId: string, enabled: boolean) {
  return useQuery({ queryKey: poolKeys.log(poolId), queryFn: () => api.get<{ items: LogEntry[] }>(`/pools/${poolId}/events`, { limit: 100 }).then((r) => r.items), enabled });
}

export function useCaps() {
  return useQuery({ queryKey: poolKeys.caps, queryFn: () => api.get<{ items: Cap[] }>('/ownership-caps').then((r) => r.items) });
}

export function useRecycleRuns() {
  return useQuery({ queryKey: poolKeys.runs, queryFn: () => api.get<{ items: RecycleRun[] }>('/pools/recycle-runs').then((r) => r.items) });
}

export const claimRecords = (poolId: string, recordType: PoolRecordType, ids: string[]) => api.post<MoveResult>(`/pools/${poolId}/claim`, { recordType, ids });
export const assignRecords = (poolId: string, recordType: PoolRecordType, ids: string[], ownerId: string) =>
  api.post<MoveResult>(`/pools/${poolId}/assign`, { recordType, ids, ownerId });
export const returnRecords = (recordType: PoolRecordType, ids: string[], reason: string, poolId?: string) =>
  api.post<MoveResult>('/pools/return', { recordType, ids, reason, ...(poolId ? { poolId } : {}) });
