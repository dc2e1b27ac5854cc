/** /followups — 我的跟进记录: my follow-ups (or all I may see), filtered by type, outcome, record type and date. */
import { useState } from 'react';
import { App, Card, DatePicker, Flex, List, Pagination, Segmented, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/errors.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { deleteFollowup, refreshAfterChange, useFollowups, type Followup, type FollowupRecordType } from './api.ts';
import { FollowupItem } from './FollowupItem.tsx';
import QuickFollowup from './QuickFollowup.tsx';

const TYPES = ['call', 'wechat', 'visit', 'meeting', 'email', 'sms', 'checkIn'] as const;
const OUTCOMES = ['highIntent', 'nurture', 'noIntent', 'noAnswer', 'other'] as const;
const RECORD_TYPES: FollowupRecordType[] = ['lead', 'customer', 'contact'];
const PAGE_SIZE = 20;

export default function FollowupsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const mobile = useIsMobile();
  const [scope, setScope] = useState<'mine' | 'all'>('mine');
  const [type, setType] = useState<string | undefined>();
  const [outcome, setOutcome] = useState<string | undefined>();
  const [recordType, setRecordType] = useState<FollowupRecordType | undefined>();
  const [dates, setDates] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Followup | null>(null);
  const reset = <T,>(set: (v: T) => void) => (v: T) => { set(v); setPage(1); };
  const list = useFollowups({
    mine: scope === 'mine', type, outcome, recordType, page, pageSize: PAGE_SIZE,
    from: dates?.[0]?.startOf('day').toISOString(), to: dates?.[1]?.endOf('day').toISOString(),
  });
  const remove = async (f: Followup) => {
    try {
      await deleteFollowup(f.id);
      message.success(t('followups.deleted'));
      refreshAfterChange(queryClient, f.recordType, f.recordId, f.customerId);
    } catch (err) {
      message.error(errorMessage(err));
    }
  };
  const selectWidth = mobile ? '100%' : 140;
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={3} style={{ margin: 0 }}>{t('followups.myTitle')}</Typography.Title>
      <Card size="small">
        <Flex gap={8} wrap align="center" data-testid="followups-filters">
          <Segmented value={scope} onChange={(v) => reset(setScope)(v as 'mine' | 'all')} options={[{ value: 'mine', label: t('followups.filters.mine') }, { value: 'all', label: t('followups.filters.all') }]} />
          <Select allowClear style={{ width: selectWidth }} placeholder={t('followups.filters.type')} value={type} onChange={reset(setType)}
            options={TYPES.map((x) => ({ value: x, label: t(`followups.types.${x}`) }))} data-testid="followups-filter-type" />
          <Select allowClear style={{ width: selectWidth }} placeholder={t('followups.filters.outcome')} value={outcome} onChange={reset(setOutcome)}
            options={OUTCOMES.map((x) => ({ value: x, label: t(`followups.outcomes.${x}`) }))} data-testid="followups-filter-outcome" />
          <Select allowClear style={{ width: selectWidth }} placeholder={t('followups.filters.recordType')} value={recordType} onChange={reset(setRecordType)}
            options={RECORD_TYPES.map((x) => ({ value: x, label: t(`followups.recordTypes.${x}`) }))} />
          <DatePicker.RangePicker value={dates} onChange={(v) => reset(setDates)(v as [Dayjs | null, Dayjs | null] | null)} style={{ width: mobile ? '100%' : undefined }} inputReadOnly={mobile} />
        </Flex>
      </Card>
      <Card size="small">
        <Typography.Text type="secondary" data-testid="followups-total">{t('followups.total', { count: list.data?.total ?? 0 })}</Typography.Text>
        <List loading={list.isPending} dataSource={list.data?.items ?? []} locale={{ emptyText: t('followups.empty') }}
          renderItem={(f) => <FollowupItem key={f.id} item={f} showRecord onEdit={setEditing} onDelete={remove} />} />
        {(list.data?.total ?? 0) > PAGE_SIZE && (
          <Pagination size="small" align="end" current={page} pageSize={PAGE_SIZE} total={list.data?.total ?? 0} onChange={setPage} showSizeChanger={false} />
        )}
      </Card>
      {editing && (
        <QuickFollowup open onClose={() => setEditing(null)} recordType={editing.recordType} followup={editing} title={editing.recordName ?? ''}
          record={{ id: editing.recordId, customerId: editing.customerId, name: editing.recordName }} />
      )}
    </Flex>
  );
}
