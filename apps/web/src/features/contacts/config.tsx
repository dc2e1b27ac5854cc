import { Tag } from 'antd';
import { Link } from 'react-router-dom';
import i18n from '../../lib/i18n.ts';
import { mergeBulkExtra } from '../dedupe/extras.tsx';
import { importListExtra } from '../imports/extras.tsx';
import { automationDetailTab, manualFlowExtra } from '../flowRuns/extras.tsx';
import { followupDetailExtra, followupDetailTab } from '../followups/extras.tsx';
import type { RecordLike, RecordTypeConfig } from '../records/types.ts';
import { taskDetailTab } from '../tasks/extras.tsx';

import type { DecisionRole } from './decisionChain.ts';

export { DECISION_ROLES, type DecisionRole } from './decisionChain.ts';

/** A contact as the API returns it; every field but id may be absent when the role hides it. */
export interface Contact extends RecordLike {
  name?: string;
  number?: string | null;
  title?: string | null;
  mobile?: string | null;
  customerId?: string | null;
  customerName?: string | null;
  decisionRole?: DecisionRole | null;
  isKeyDecisionMaker?: boolean;
  isPrimary?: boolean;
  ownerId?: string | null;
  ownerName?: string | null;
}

const ROLE_COLOR: Record<DecisionRole, string> = { decisionMaker: 'red', influencer: 'orange', user: 'blue', purchaser: 'cyan', finance: 'green' };

export function DecisionRoleTag({ role }: { role?: DecisionRole | null }) {
  if (!role) return null;
  return <Tag color={ROLE_COLOR[role]} data-testid="decision-role">{i18n.t(`contacts.role.${role}`)}</Tag>;
}

/** Role, key decision maker and primary, as tags beside a contact's name. */
export function ContactTags({ contact }: { contact: Contact }) {
  return (
    <>
      <DecisionRoleTag role={contact.decisionRole} />
      {contact.isKeyDecisionMaker && <Tag color="volcano">{i18n.t('contacts.keyDecisionMaker')}</Tag>}
      {contact.isPrimary && <Tag color="gold">{i18n.t('contacts.primary')}</Tag>}
    </>
  );
}

export function CustomerLink({ contact }: { contact: Contact }) {
  if (!contact.customerId) return <>—</>;
  return <Link to={`/customers/${contact.customerId}`} data-testid="contact-customer">{contact.customerName ?? contact.customerId.slice(0, 8)}</Link>;
}

const text = (max: number, extra: object = {}) => ({ widget: 'text' as const, max, ...extra });
const system = { editable: false } as const;

/** Contacts in the record framework; rules mirror the server's contact schema (modules/contacts). */
export const contactConfig: RecordTypeConfig<Contact> = {
  recordType: 'contact',
  apiPath: '/contacts',
  routePath: '/contacts',
  title: () => i18n.t('contacts.title'),
  singular: () => i18n.t('contacts.singular'),
  standardFields: {
    number: { widget: 'text', ...system },
    name: text(100, { required: true }),
    customerId: { widget: 'customer', required: true },
    title: text(50),
    department: text(50),
    mobile: { widget: 'mobile', max: 30 },
    phone: { widget: 'phone', max: 30, strictPhone: true },
    email: { widget: 'email', max: 254 },
    wechat: text(50),
    gender: { widget: 'singleSelect' },
    birthday: { widget: 'date' },
    decisionRole: { widget: 'singleSelect' },
    isKeyDecisionMaker: { widget: 'boolean' },
    isPrimary: { widget: 'boolean' },
    address: text(200),
    tags: { widget: 'tags' },
    nextFollowupAt: { widget: 'datetime' },
    remark: { widget: 'longText', max: 2000 },
    ownerId: { widget: 'user', ...system },
    lastFollowupAt: { widget: 'datetime', ...system },
    createdAt: { widget: 'datetime', ...system },
    updatedAt: { widget: 'datetime', ...system },
  },
  defaultColumns: ['name', 'customerId', 'title', 'decisionRole', 'mobile', 'ownerId', 'createdAt'],
  keyFields: ['customerId', 'title', 'mobile', 'email', 'ownerId'],
  titleOf: (c) => c.name ?? c.number ?? '—',
  statusTags: (c) => <ContactTags contact={c} />,
  render: {
    customerId: (c) => <CustomerLink contact={c} />,
    decisionRole: (c) => <DecisionRoleTag role={c.decisionRole} />,
    ownerId: (c) => c.ownerName ?? '—',
  },
  recycleBin: true,
  listExtras: [importListExtra('contact')],
  bulkExtras: [mergeBulkExtra('contact')],
  detailExtras: [manualFlowExtra('contact'), followupDetailExtra('contact')],
  detailTabs: [followupDetailTab('contact'), taskDetailTab('contact'), automationDetailTab('contact')],
};
