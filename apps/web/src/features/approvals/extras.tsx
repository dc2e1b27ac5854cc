/**
 * Approvals on record pages (contracts, payments, invoices, quotes …), plugged into their RecordTypeConfig:
 * approvalDetailExtra(recordType) in detailExtras — the status tag (审批中 / 已通过 / 已驳回 / 已撤回 / 已退回),
 * 提交审批, 撤回, and the approver's 同意 / 驳回 / 退回 / 转交 / 加签; approvalDetailTab(recordType) in
 * detailTabs — the approval path with each decision, and earlier approvals of the record.
 * Both load lazily, so record pages do not carry them until shown.
 */
import { lazy, Suspense } from 'react';
import i18n from '../../lib/i18n.ts';
import { Loading } from '../../components/Loading.tsx';
import type { DetailExtraContext, RecordLike } from '../records/types.ts';

const ApprovalExtra = lazy(() => import('./RecordApproval.tsx').then((m) => ({ default: m.ApprovalExtra })));
const ApprovalTab = lazy(() => import('./RecordApproval.tsx').then((m) => ({ default: m.ApprovalTab })));

/** Detail-page status tag and approval actions. */
export function approvalDetailExtra(recordType: string) {
  return (record: RecordLike, _ctx: DetailExtraContext) => (
    <Suspense fallback={null}><ApprovalExtra recordType={recordType} record={record} /></Suspense>
  );
}

/** Detail-page tab "审批": the approval path and the record's earlier approvals. */
export function approvalDetailTab(recordType: string) {
  return (record: RecordLike) => ({
    key: 'approvals',
    label: i18n.t('approvals.pathTab'),
    children: <Suspense fallback={<Loading />}><ApprovalTab recordType={recordType} record={record} /></Suspense>,
  });
}
