import { Tag } from 'antd';
import { Link } from 'react-router-dom';
import i18n from '../../lib/i18n.ts';
import { GradeTag } from '../customers/config.tsx';
import { mergeBulkExtra } from '../dedupe/extras.tsx';
import { importListExtra } from '../imports/extras.tsx';
import { automationDetailTab, manualFlowExtra } from '../flowRuns/extras.tsx';
import { followupDetailExtra, followupDetailTab } from '../followups/extras.tsx';
import { poolBulkExtra, poolDetailExtra } from '../publicPool/extras.tsx';
import { taskDetailTab } from '../tasks/extras.tsx';
import type { RecordLike, RecordTypeConfig } from '../records/types.ts';
import { BulkStatusButton } from './BulkStatus.tsx';
import { ConvertedSummary, LeadActions } from './LeadActions.tsx';

export type LeadStatus = 'new' | 'contacting' | 'qualified' | 'converted' | 'invalid';

/** A lead as the API returns it; every field but id may be absent when the role hides it. */
export interface Lead extends RecordLike {
  name?: string;
  number?: string | null;
  company?: string | null;
  status?: LeadStatus;
  invalidReason?: string | null;
  grade?: 'A' | 'B' | 'C' | null;
  ownerId?: string | null;
  ownerName?: string | null;
  previousOwnerName?: string | null;
  convertedAt?: string | null;
  convertedCustomerId?: string | null;
  convertedCustomerName?: string | null;
  convertedContactId?: string | null;
}

const STATUS_COLOR: Record<LeadStatus, string> = { new: 'blue', contacting: 'gold', qualified: 'green', converted: 'purple', invalid: 'default' };

export function LeadStatusTag({ status }: { status?: LeadStatus | null }) {
  if (!status) return null;
  return <Tag color={STATUS_COLOR[status]} data-testid="lead-status">{i18n.t(`leads.status.${status}`)}</Tag>;
}

const text = (max: number, extra: object = {}) => ({ widget: 'text' as const, max, ...extra });
const system = { editable: false } as const;

/**
 * Leads in the record framework. Standard-field rules mirror the server's lead schema
 * (apps/server/src/modules/leads/input.ts); status moves by the detail page's actions, the owner
 * by transfer or the assignment rules.
 */
export const leadConfig: RecordTypeConfig<Lead> = {
  recordType: 'lead',
  apiPath: '/leads',
  routePath: '/leads',
  title: () => i18n.t('leads.title'),
  singular: () => i18n.t('leads.singular'),
  standardFields: {
    number: { widget: 'text', ...system },
    name: text(100, { required: true }),
    company: text(200),
    title: text(100),
    mobile: { widget: 'mobile', max: 30 },
    phone: { widget: 'phone', max: 30, strictPhone: true },
    email: { widget: 'email', max: 254 },
    wechat: text(50),
    status: { widget: 'singleSelect', ...system },
    invalidReason: { widget: 'text', ...system },
    grade: { widget: 'singleSelect' },
    source: { widget: 'singleSelect' },
    industry: text(50),
    productInterest: text(200),
    budget: { widget: 'money', min: 0, max: 999_999_999_999 },
    province: text(50),
    city: text(50),
    district: text(50),
    address: text(200),
    tags: { widget: 'tags' },
    nextFollowupAt: { widget: 'datetime' },
    remark: { widget: 'longText', max: 2000 },
    ownerId: { widget: 'user', ...system },
    previousOwnerId: { widget: 'user', ...system },
    ownerSince: { widget: 'datetime', ...system },
    lastFollowupAt: { widget: 'datetime', ...system },
    lastFollowupContent: { widget: 'longText', ...system },
    firstContactedAt: { widget: 'datetime', ...system },
    convertedAt: { widget: 'datetime', ...system },
    convertedCustomerId: { widget: 'text', ...system },
    createdAt: { widget: 'datetime', ...system },
    updatedAt: { widget: 'datetime', ...system },
  },
  defaultColumns: ['name', 'company', 'status', 'grade', 'source', 'ownerId', 'mobile', 'createdAt'],
  // status and grade are tags beside the title
  keyFields: ['company', 'mobile', 'ownerId', 'source', 'nextFollowupAt'],
  titleOf: (l) => l.name ?? l.number ?? '—',
  statusTags: (l) => (
    <>
      <LeadStatusTag status={l.status} />
      <GradeTag grade={l.grade} />
    </>
  ),
  render: {
    status: (l) => <LeadStatusTag status={l.status} />,
    grade: (l) => <GradeTag grade={l.grade} />,
    ownerId: (l) => l.ownerName ?? '—',
    previousOwnerId: (l) => l.previousOwnerName ?? '—',
    convertedCustomerId: (l) => (l.convertedCustomerId ? <Link to={`/customers/${l.convertedCustomerId}`}>{l.convertedCustomerName ?? i18n.t('leads.converted.customer')}</Link> : '—'),
  },
  ownerChoice: { rules: true },
  recycleBin: true,
  bulkTagAction: 'tag',
  // Extension points: other features' buttons (import, merge, return to the pool) plug in here.
  listExtras: [importListExtra('lead')],
  bulkExtras: [(ctx) => <BulkStatusButton ctx={ctx} />, mergeBulkExtra('lead'), poolBulkExtra('lead')],
  detailExtras: [(lead, ctx) => <LeadActions lead={lead} ctx={ctx} />, poolDetailExtra('lead'), manualFlowExtra('lead'), followupDetailExtra('lead')],
  detailTabs: [followupDetailTab('lead'), taskDetailTab('lead'), automationDetailTab('lead')],
  detailSummary: [(lead) => <ConvertedSummary lead={lead} />],
};
