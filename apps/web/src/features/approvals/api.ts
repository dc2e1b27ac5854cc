/** Data of the approval pages (Approvals REST contract); every request goes through lib/api.ts. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApprovalInboxItem, ApprovalInstanceView, RecordApprovalState } from '@loopline/shared';
import { api } from '../../lib/api.ts';
import { pendingRefetch, type InboxBox } from './model.ts';
import { COUNTS_KEY } from './counts.ts';

export const approvalKeys = {
  all: ['approvals'] as const,
  record: (recordType: string, recordId: string) => ['approvals', 'record', recordType, recordId] as const,
  history: (recordType: string, recordId: string) => ['approvals', 'record', recordType, recordId, 'history'] as const,
  one: (id: string) => ['approvals', 'one', id] as const,
  inbox: (box: InboxBox, offset: number, limit: number) => ['approvals', 'inbox', box, offset, limit] as const,
  counts: COUNTS_KEY,
};

export { useInboxCounts, type InboxCounts } from './counts.ts';

export const useRecordApproval = (recordType: string, recordId: string, enabled = true) =>
  useQuery({
    queryKey: approvalKeys.record(recordType, recordId),
    queryFn: () => api.get<RecordApprovalState>(`/approvals/records/${recordType}/${recordId}`),
    enabled: enabled && Boolean(recordId),
    refetchInterval: (q) => pendingRefetch(q.state.data?.latest),
  });

export const useApprovalHistory = (recordType: string, recordId: string) =>
  useQuery({
    queryKey: approvalKeys.history(recordType, recordId),
    queryFn: () => api.get<{ items: ApprovalInstanceView[] }>(`/approvals/records/${recordType}/${recordId}/history`).then((r) => r.items),
  });

export const useApproval = (id: string) =>
  useQuery({
    queryKey: approvalKeys.one(id),
    queryFn: () => api.get<ApprovalInstanceView>(`/approvals/${id}`),
    enabled: Boolean(id),
    refetchInterval: (q) => pendingRefetch(q.state.data),
  });

export const useInbox = (box: InboxBox, offset = 0, limit = 20) =>
  useQuery({
    queryKey: approvalKeys.inbox(box, offset, limit),
    queryFn: () => api.get<{ items: ApprovalInboxItem[]; total: number }>('/approvals/inbox', { box, limit, offset }),
    placeholderData: keepPreviousData,
  });

// ------------------------------------------------------------------ actions

export interface DecideBody { comment?: string; attachmentIds?: string[]; fields?: Record<string, unknown> }

export const approvalApi = {
  submit: (body: { recordType: string; recordId: string; comment?: string; chosenApprovers?: Record<string, string[]> }) => api.post<ApprovalInstanceView>('/approvals', body),
  approve: (taskId: string, body: DecideBody) => api.post<ApprovalInstanceView>(`/approval-tasks/${taskId}/approve`, body),
  reject: (taskId: string, body: DecideBody) => api.post<ApprovalInstanceView>(`/approval-tasks/${taskId}/reject`, body),
  return: (taskId: string, body: DecideBody & { toNodeId: string }) => api.post<ApprovalInstanceView>(`/approval-tasks/${taskId}/return`, body),
  delegate: (taskId: string, body: { toUserId: string; comment?: string }) => api.post<ApprovalInstanceView>(`/approval-tasks/${taskId}/delegate`, body),
  addApprover: (taskId: string, body: { userId: string; position: 'before' | 'after'; comment?: string }) => api.post<ApprovalInstanceView>(`/approval-tasks/${taskId}/add-approver`, body),
  withdraw: (id: string, body: { comment?: string } = {}) => api.post<ApprovalInstanceView>(`/approvals/${id}/withdraw`, body),
  comment: (id: string, body: { comment: string; attachmentIds?: string[] }) => api.post<ApprovalInstanceView>(`/approvals/${id}/comments`, body),
  ccRead: (id: string) => api.post<unknown>(`/approvals/${id}/cc-read`, {}),
};

export type ApprovalAction = 'approve' | 'reject' | 'return' | 'delegate' | 'addApprover' | 'withdraw' | 'submit' | 'comment';

/** One mutation for every action; on success the caches above are refreshed. */
export function useApprovalAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (a: { kind: ApprovalAction; id: string; body: any }): Promise<ApprovalInstanceView> => {
      switch (a.kind) {
        case 'submit': return approvalApi.submit(a.body);
        case 'withdraw': return approvalApi.withdraw(a.id, a.body);
        case 'comment': return approvalApi.comment(a.id, a.body);
        default: return approvalApi[a.kind](a.id, a.body);
      }
    },
    onSuccess: (inst) => {
      qc.setQueryData(approvalKeys.one(inst.id), inst);
      void qc.invalidateQueries({ queryKey: ['approvals', 'record'] });
      void qc.invalidateQueries({ queryKey: ['approvals', 'inbox'] });
      void qc.invalidateQueries({ queryKey: approvalKeys.counts });
      void qc.invalidateQueries({ queryKey: ['records', inst.recordType] });
    },
  });
}
