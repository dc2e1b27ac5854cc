import './messages.ts';
import { lazy, Suspense } from 'react';
import { Skeleton, Tag } from 'antd';
import { Link } from 'react-router-dom';
import i18n from '../../lib/i18n.ts';
import { approvalDetailExtra, approvalDetailTab } from '../approvals/extras.tsx';
import { automationDetailTab } from '../flowRuns/extras.tsx';
import { quoteOpportunityExtra, quoteOpportunityTab } from '../quotes/extras.tsx';
import type { RecordTypeConfig } from '../records/types.ts';
import { yuan, type Opportunity } from './api.ts';
import { ViewToggle } from './ViewToggle.tsx';

const StageActions = lazy(() => import('./StageActions.tsx'));
const StageHistoryTab = lazy(() => import('./StageHistoryTab.tsx'));

const STATUS_COLOR: Record<string, string> = { open: 'processing', won: 'success', lost: 'error', invalid: 'default' };

export function StatusTag({ status }: { status?: string }) {
  if (!status) return null;
  return <Tag color={STATUS_COLOR[status]} data-testid="opportunity-status">{i18n.t(`opportunities.status.${status}` as 'opportunities.status.open')}</Tag>;
}

const text = (max: number, extra: object = {}) => ({ widget: 'text' as const, max, ...extra });
const system = { editable: false } as const;

/** Opportunities in the record framework; rules mirror the server's input schema (modules/opportunities/input.ts). */
export const opportunityConfig: RecordTypeConfig<Opportunity> = {
  recordType: 'opportunity',
  apiPath: '/opportunities',
  routePath: '/opportunities',
  title: () => i18n.t('opportunities.title'),
  singular: () => i18n.t('opportunities.singular'),
  standardFields: {
    number: { widget: 'text', ...system },
    name: text(200, { required: true }),
    customerId: { widget: 'customer', required: true },
    pipelineId: { widget: 'singleSelect', ...system },
    stageId: { widget: 'singleSelect', ...system },
    probability: { widget: 'number', min: 0, max: 100, integer: true },
    amount: { widget: 'money', min: 0 },
    expectedCloseDate: { widget: 'date' },
    competitor: text(100),
    status: { widget: 'singleSelect', ...system },
    lossReason: { widget: 'text', ...system },
    forecastCategory: { widget: 'singleSelect' },
    source: text(50),
    tags: { widget: 'tags' },
    nextFollowupAt: { widget: 'datetime' },
    remark: { widget: 'longText', max: 2000 },
    ownerId: { widget: 'user', ...system },
    stageEnteredAt: { widget: 'datetime', ...system },
    closedAt: { widget: 'datetime', ...system },
    lastFollowupAt: { widget: 'datetime', ...system },
    createdAt: { widget: 'datetime', ...system },
    updatedAt: { widget: 'datetime', ...system },
  },
  defaultColumns: ['name', 'customerId', 'stageId', 'amount', 'probability', 'expectedCloseDate', 'status', 'ownerId'],
  keyFields: ['customerId', 'pipelineId', 'stageId', 'amount', 'probability', 'expectedCloseDate', 'forecastCategory', 'ownerId'],
  titleOf: (o) => o.name ?? o.number ?? '—',
  statusTags: (o) => (
    <>
      <StatusTag status={o.status} />
      {o.pendingStageName && <Tag color="warning">{i18n.t('opportunities.pendingStage', { stage: o.pendingStageName })}</Tag>}
    </>
  ),
  render: {
    customerId: (o) => (o.customerId ? <Link to={`/customers/${o.customerId}`}>{o.customerName ?? o.customerId.slice(0, 8)}</Link> : '—'),
    stageId: (o) => o.stageName ?? '—',
    pipelineId: (o) => o.pipelineName ?? '—',
    amount: (o) => (o.amount === undefined ? '—' : yuan(o.amount)),
    probability: (o) => (o.probability === undefined ? '—' : `${o.probability}%`),
    status: (o) => <StatusTag status={o.status} />,
    ownerId: (o) => o.ownerName ?? '—',
  },
  recycleBin: true,
  listExtras: [() => <ViewToggle current="list" />],
  detailExtras: [
    (o, ctx) => (
      <Suspense fallback={null}>
        <StageActions opportunity={o} onChanged={ctx.refresh} />
      </Suspense>
    ),
    quoteOpportunityExtra,
    approvalDetailExtra('opportunity'),
  ],
  detailTabs: [
    (o) => ({
      key: 'stageHistory',
      label: i18n.t('opportunities.historyTab'),
      children: (
        <Suspense fallback={<Skeleton active />}>
          <StageHistoryTab opportunityId={o.id} />
        </Suspense>
      ),
    }),
    quoteOpportunityTab,
    approvalDetailTab('opportunity'),
    automationDetailTab('opportunity'),
  ],
};
