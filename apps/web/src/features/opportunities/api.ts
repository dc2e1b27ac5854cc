/** Data hooks of opportunities, pipelines, the board and the forecast. */
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import type { RecordLike } from '../records/types.ts';

export interface Stage { id: string; name: string; sort: number; probability: number; requiredFields: string[]; requiresApproval: boolean; archived: boolean }
export interface Pipeline { id: string; name: string; description: string | null; departmentIds: string[]; isDefault: boolean; active: boolean; sort: number; stages: Stage[] }

export interface Opportunity extends RecordLike {
  name?: string; number?: string | null; customerId?: string; customerName?: string | null; pipelineId?: string; pipelineName?: string | null;
  stageId?: string; stageName?: string | null; probability?: number; amount?: string; weightedAmount?: string; status?: 'open' | 'won' | 'lost' | 'invalid';
  lossReason?: string | null; forecastCategory?: string; expectedCloseDate?: string | null; ownerId?: string | null; ownerName?: string | null;
  pendingStageId?: string | null; pendingStageName?: string | null; stageEnteredAt?: string | null;
  stageHistory?: StageHistoryItem[];
}
export interface StageHistoryItem {
  id: string; fromStageName: string | null; toStageName: string | null; fromStatus: string | null; toStatus: string;
  changedByName: string | null; changedAt: string; secondsInStage: number | null;
}
export interface BoardColumn {
  stageId: string; name: string; probability: number; requiredFields: string[]; requiresApproval: boolean;
  count: number; amount: string; weightedAmount: string; cards: Opportunity[]; hasMore: boolean;
}
export interface Board { pipeline: { id: string; name: string }; columns: BoardColumn[] }

export interface ForecastFigures { count: number; amount: string; weighted: string; commit: string; bestCase: string; pipeline: string; wonCount: number; won: string }
export interface Forecast {
  groupBy: 'owner' | 'department';
  months: string[];
  groups: { key: string | null; name: string }[];
  cells: (ForecastFigures & { month: string; key: string | null })[];
  groupTotals: (ForecastFigures & { key: string | null })[];
  monthTotals: (ForecastFigures & { month: string })[];
  total: ForecastFigures;
}

export const oppKeys = {
  pipelines: (all: boolean) => ['pipelines', all] as const,
  board: (p: unknown) => ['records', 'opportunity', 'board', p] as const,
  forecast: (p: unknown) => ['records', 'opportunity', 'forecast', p] as const,
  customer: (id: string) => ['records', 'opportunity', 'customer', id] as const,
};

export function usePipelines(all = false) {
  return useQuery({ queryKey: oppKeys.pipelines(all), queryFn: () => api.get<{ items: Pipeline[] }>('/pipelines', all ? { all: '1' } : undefined).then((r) => r.items) });
}

export function useBoard(pipelineId: string | undefined, q: string) {
  return useQuery({
    queryKey: oppKeys.board({ pipelineId, q }),
    queryFn: () => api.get<Board>('/opportunities/board', { ...(pipelineId ? { pipelineId } : {}), ...(q ? { q } : {}) }),
  });
}

export interface MoveAnswer extends Opportunity { approvalRequired: boolean }
export const moveStage = (id: string, stageId: string) => api.post<MoveAnswer>(`/opportunities/${id}/stage`, { stageId });
export const submitStageApproval = (id: string) => api.post('/approvals', { recordType: 'opportunity', recordId: id });
export const winOpportunity = (id: string) => api.post<Opportunity>(`/opportunities/${id}/win`);
export const loseOpportunity = (id: string, reason: string) => api.post<Opportunity>(`/opportunities/${id}/lose`, { reason });
export const invalidateOpportunity = (id: string) => api.post<Opportunity>(`/opportunities/${id}/invalid`);
export const reopenOpportunity = (id: string) => api.post<Opportunity>(`/opportunities/${id}/reopen`);

/** "1234.5" → "¥1,234.50" without going through a float for the digits. */
export function yuan(v: string | undefined | null): string {
  const s = v ?? '0.00';
  const neg = s.startsWith('-');
  const [int = '0', frac = ''] = (neg ? s.slice(1) : s).split('.');
  return `${neg ? '-' : ''}¥${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac.padEnd(2, '0').slice(0, 2)}`;
}
