/** A record's tasks (detail tab of leads, customers and contacts) with "新建任务" about that record. */
import { useState } from 'react';
import { Button, Flex } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useTasks } from './api.ts';
import { TaskDrawer, type DrawerTarget } from './TaskDrawer.tsx';
import { TaskList } from './TaskList.tsx';

export default function RecordTasks({ recordType, recordId, recordName }: { recordType: string; recordId: string; recordName: string | null }) {
  const { t } = useTranslation();
  const [drawer, setDrawer] = useState<DrawerTarget>(null);
  const list = useTasks({ recordType, recordId, pageSize: 100 });
  return (
    <Flex vertical gap={8} data-testid="record-tasks">
      <Flex justify="flex-end">
        <Button icon={<PlusOutlined />} onClick={() => setDrawer({ new: true, recordType, recordId, recordName })} data-testid="record-task-new">{t('tasks.new')}</Button>
      </Flex>
      <TaskList tasks={list.data?.items ?? []} loading={list.isPending} empty={t('tasks.empty.record')} showAssignee onOpen={(id) => setDrawer({ id })} />
      <TaskDrawer target={drawer} onClose={() => setDrawer(null)} />
    </Flex>
  );
}
