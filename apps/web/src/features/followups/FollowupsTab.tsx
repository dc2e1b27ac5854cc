/** A record's Follow-ups tab: newest first (a customer's include its contacts'), with edit and delete for the author. */
import { useState } from 'react';
import { App, Button, Empty, Flex, List, Pagination } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/errors.ts';
import type { RecordLike } from '../records/types.ts';
import { deleteFollowup, refreshAfterChange, useFollowups, type Followup, type FollowupRecordType } from './api.ts';
import { FollowupItem } from './FollowupItem.tsx';
import QuickFollowup from './QuickFollowup.tsx';

const PAGE_SIZE = 20;

export default function FollowupsTab({ recordType, record, title, canWrite }: { recordType: FollowupRecordType; record: RecordLike; title: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Followup | null | 'new'>(null);
  const list = useFollowups({ recordType, recordId: record.id, page, pageSize: PAGE_SIZE });
  const remove = async (f: Followup) => {
    try {
      await deleteFollowup(f.id);
      message.success(t('followups.deleted'));
      refreshAfterChange(queryClient, recordType, record.id, f.customerId);
    } catch (err) {
      message.error(errorMessage(err));
    }
  };
  const items = list.data?.items ?? [];
  return (
    <Flex vertical gap={8} data-testid="followups-tab">
      {canWrite && (
        <Flex justify="flex-end">
          <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing('new')} data-testid="followups-tab-write">{t('followups.write')}</Button>
        </Flex>
      )}
      <List loading={list.isPending} dataSource={items}
        locale={{ emptyText: <Empty description={<>{t('followups.empty')}<br />{canWrite && t('followups.emptyHint')}</>} /> }}
        renderItem={(f) => <FollowupItem key={f.id} item={f} hereId={record.id} onEdit={(x) => setEditing(x)} onDelete={remove} />} />
      {(list.data?.total ?? 0) > PAGE_SIZE && (
        <Pagination size="small" align="end" current={page} pageSize={PAGE_SIZE} total={list.data?.total ?? 0} onChange={setPage} showSizeChanger={false} />
      )}
      <QuickFollowup open={editing !== null} onClose={() => setEditing(null)} recordType={recordType} record={record} title={title}
        followup={editing === 'new' ? null : editing} />
    </Flex>
  );
}
