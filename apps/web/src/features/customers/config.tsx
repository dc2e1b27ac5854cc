import { Tag } from 'antd';
import i18n from '../../lib/i18n.ts';
import type { RecordLike, RecordTypeConfig } from '../records/types.ts';
import { CustomerContacts } from './CustomerContacts.tsx';
import { HandoverLink, LockButton, SourceLeadsTab, TeamTab } from './CustomerExtras.tsx';
import { CustomerSummary } from './CustomerSummary.tsx';
import { mergeBulkExtra } from '../dedupe/extras.tsx';
import { importListExtra } from '../imports/extras.tsx';
import { automationDetailTab, manualFlowExtra } from '../flowRuns/extras.tsx';
import { followupDetailExtra, followupDetailTab } from '../followups/extras.tsx';
import { poolBulkExtra, poolDetailExtra } from '../publicPool/extras.tsx';
import { taskDetailTab } from '../tasks/extras.tsx';
import { customerOpportunitiesTab } from '../opportunities/extras.tsx';
import { quoteCustomerTab } from '../quotes/extras.tsx';
import { contractCustomerTab, orderCustomerTab } from '../contracts/extras.tsx';
import { paymentCustomerTabs } from '../payments/extras.tsx';

/** A customer as the API returns it; every field but id may be absent when the role hides it. */
export interface Customer extends RecordLike {
  name?: string;
  number?: string | null;
  grade?: 'A' | 'B' | 'C' | null;
  ownerId?: string | null;
  ownerName?: string | null;
  previousOwnerName?: string | null;
  dealStatus?: string;
  locked?: boolean;
}

const GRADE_COLOR = { A: 'red', B: 'blue', C: 'default' } as const;

export function GradeTag({ grade }: { grade?: Customer['grade'] }) {
  if (!grade) return null;
  return <Tag color={GRADE_COLOR[grade]} data-testid="grade-tag">{grade} · {i18n.t(`customers.grade.${grade}`)}</Tag>;
}

const text = (max: number, extra: object = {}) => ({ widget: 'text' as const, max, ...extra });

/**
 * Customers in the record framework. Standard-field rules mirror the server's input schema
 * (apps/server/src/modules/customers/input.ts); custom fields come from the server as metadata.
 */
export const customerConfig: RecordTypeConfig<Customer> = {
  recordType: 'customer',
  apiPath: '/customers',
  routePath: '/customers',
  title: () => i18n.t('customers.title'),
  singular: () => i18n.t('customers.singular'),
  standardFields: {
    number: { widget: 'text', editable: false },
    name: text(200, { required: true }),
    kind: { widget: 'singleSelect' },
    industry: text(50),
    scale: { widget: 'singleSelect' },
    grade: { widget: 'singleSelect' },
    lifecycleStage: { widget: 'singleSelect' },
    dealStatus: { widget: 'singleSelect' },
    source: { widget: 'singleSelect' },
    province: text(50),
    city: text(50),
    district: text(50),
    address: text(200),
    phone: { widget: 'phone', max: 30, strictPhone: true },
    email: { widget: 'email', max: 254 },
    website: { widget: 'url', max: 2000 },
    tags: { widget: 'tags' },
    healthScore: { widget: 'number', min: 0, max: 100, integer: true },
    nextFollowupAt: { widget: 'datetime' },
    remark: { widget: 'longText', max: 2000 },
    ownerId: { widget: 'user', editable: false },
    previousOwnerId: { widget: 'user', editable: false },
    ownerSince: { widget: 'datetime', editable: false },
    locked: { widget: 'boolean', editable: false },
    lastFollowupAt: { widget: 'datetime', editable: false },
    createdAt: { widget: 'datetime', editable: false },
    updatedAt: { widget: 'datetime', editable: false },
  },
  defaultColumns: ['name', 'number', 'grade', 'ownerId', 'phone', 'city', 'lastFollowupAt', 'createdAt'],
  // grade is already a tag beside the title
  keyFields: ['ownerId', 'phone', 'city', 'nextFollowupAt', 'lastFollowupAt'],
  titleOf: (c) => c.name ?? c.number ?? '—',
  statusTags: (c) => (
    <>
      <GradeTag grade={c.grade} />
      {c.locked && <Tag color="orange">{i18n.t('customers.locked')}</Tag>}
    </>
  ),
  render: {
    grade: (c) => <GradeTag grade={c.grade} />,
    // the list answers with the owner's name alongside the id: no lookup needed
    ownerId: (c) => c.ownerName ?? '—',
    previousOwnerId: (c) => c.previousOwnerName ?? '—',
  },
  ownerChoice: { rules: false },
  recycleBin: true,
  // Extension points: other features add their entries to these arrays (keep theirs when editing).
  listExtras: [() => <HandoverLink />, importListExtra('customer')],
  bulkExtras: [mergeBulkExtra('customer'), poolBulkExtra('customer')],
  detailExtras: [(c, ctx) => <LockButton customer={c} ctx={ctx} />, poolDetailExtra('customer'), manualFlowExtra('customer'), followupDetailExtra('customer')],
  detailSummary: [(c) => <CustomerSummary customerId={c.id} />],
  // Later modules (opportunities, contracts, payments, tickets) add their tabs here.
  detailTabs: [
    followupDetailTab('customer'),
    taskDetailTab('customer'),
    (c) => ({ key: 'contacts', label: i18n.t('customers.tabs.contacts'), children: <CustomerContacts customerId={c.id} /> }),
    customerOpportunitiesTab(),
    quoteCustomerTab,
    contractCustomerTab,
    orderCustomerTab,
    ...paymentCustomerTabs,
    (c) => ({ key: 'sourceLeads', label: i18n.t('customers.tabs.sourceLeads'), children: <SourceLeadsTab customerId={c.id} /> }),
    (c) => ({ key: 'team', label: i18n.t('customers.tabs.team'), children: <TeamTab config={customerConfig} customer={c} /> }),
    automationDetailTab('customer'),
  ],
};
