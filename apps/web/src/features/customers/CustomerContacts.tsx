import { useState } from 'react';
import { Button, Empty, Flex, List, Spin, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { contactConfig, ContactTags } from '../contacts/config.tsx';
import { byDecisionChain } from '../contacts/decisionChain.ts';
import { recordKeys } from '../records/api.ts';
import { useRecordPermissions } from '../records/permissions.ts';
import { RecordFormDrawer } from '../records/RecordForm.tsx';
import { useCustomerContacts } from './api.ts';

/** The customer's contacts along the decision chain, with "add contact" (the customer preset). */
export function CustomerContacts({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const can = useRecordPermissions('contact');
  const contacts = useCustomerContacts(customerId);
  const [adding, setAdding] = useState(false);
  const rows = [...(contacts.data ?? [])].sort(byDecisionChain);
  return (
    <Flex vertical gap={12} data-testid="customer-contacts">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Text type="secondary">{t('contacts.ofCustomer.chain')}</Typography.Text>
        {can('create') && (
          <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="customer-add-contact">{t('contacts.ofCustomer.add')}</Button>
        )}
      </Flex>
      {contacts.isPending ? <Spin /> : rows.length === 0 ? <Empty description={t('contacts.ofCustomer.empty')} /> : (
        <List size="small" dataSource={rows} renderItem={(c) => (
          <List.Item>
            <Flex vertical gap={2} style={{ minWidth: 0 }}>
              <Flex gap={6} wrap align="center">
                <Link to={`/contacts/${c.id}`} style={{ fontWeight: 600 }} className="ll-break">{c.name ?? '—'}</Link>
                <ContactTags contact={c} />
              </Flex>
              <Typography.Text type="secondary" style={{ fontSize: 13 }} className="ll-break">
                {[c.title, c.mobile].filter(Boolean).join(' · ') || '—'}
              </Typography.Text>
            </Flex>
          </List.Item>
        )} />
      )}
      <RecordFormDrawer config={contactConfig} open={adding} defaults={{ customerId }} onClose={() => setAdding(false)}
        onSaved={() => { setAdding(false); void queryClient.invalidateQueries({ queryKey: recordKeys.all('contact') }); void queryClient.invalidateQueries({ queryKey: recordKeys.one('customer', customerId) }); }} />
    </Flex>
  );
}
