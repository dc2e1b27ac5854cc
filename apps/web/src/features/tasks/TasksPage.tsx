/** /tasks: my tasks by tab (today / overdue / upcoming / done) and, for managers, the team's. */
import { useState } from 'react';
import { Button, Card, Flex, Select, Tabs } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { useMe } from '../auth/useMe.ts';
import { useUsers } from '../settings/api.ts';
import { useTasks, type TaskBucket } from './api.ts';
import { TaskDrawer, type DrawerTarget } from './TaskDrawer.tsx';
import { TaskList } from './TaskList.tsx';
import { seesTeam } from './taskModel.ts';

type Tab = TaskBucket | 'team';
const PAGE_SIZE = 50;

function BucketPanel({ tab, onOpen }: { tab: Tab; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [assigneeId, setAssigneeId] = useState<string | undefined>();
  const team = tab === 'team';
  const users = useUsers({ status: 'active', pageSize: 500 }, team);
  const list = useTasks(team ? { scope: 'team', assigneeId, page, pageSize: PAGE_SIZE } : { scope: 'mine', bucket: tab, page, pageSize: PAGE_SIZE });
  return (
    <Flex vertical gap={8}>
      {team && (
        <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('tasks.allMembers')} style={{ maxWidth: 260 }} value={assigneeId}
          onChange={(v) => { setAssigneeId(v); setPage(1); }} options={(users.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))} />
      )}
      <TaskList tasks={list.data?.items ?? []} loading={list.isPending} empty={t(`tasks.empty.${tab}`)} showAssignee={team} onOpen={onOpen}
        total={list.data?.total} page={page} pageSize={PAGE_SIZE} onPage={setPage} />
    </Flex>
  );
}

export default function TasksPage() {
  const { t } = useTranslation();
  const { me } = useMe();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const tab = (params.get('tab') as Tab | null) ?? 'today';
  const openId = params.get('task');
  const [creating, setCreating] = useState(false);
  const target: DrawerTarget = openId ? { id: openId } : creating ? { new: true } : null;
  const set = (key: string, value: string | null) => setParams((p) => {
    const next = new URLSearchParams(p);
    if (value === null) next.delete(key);
    else next.set(key, value);
    return next;
  }, { replace: key === 'task' ? false : true });
  const tabs: Tab[] = ['today', 'overdue', 'upcoming', 'done', ...(seesTeam(me?.permissions) ? (['team'] as const) : [])];
  return (
    <>
      <PageHeader title={t('tasks.title')} description={t('tasks.hint')}
        extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="task-new">{t('tasks.new')}</Button>} />
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs data-testid="task-tabs" activeKey={tab} size={isMobile ? 'small' : 'middle'} tabBarGutter={isMobile ? 16 : undefined} onChange={(k) => set('tab', k)} destroyOnHidden
          items={tabs.map((k) => ({ key: k, label: <span data-testid={`task-tab-${k}`}>{t(`tasks.tabs.${k}`)}</span>, children: <BucketPanel tab={k} onOpen={(id) => set('task', id)} /> }))} />
      </Card>
      <TaskDrawer target={target} onClose={() => { setCreating(false); if (openId) set('task', null); }} />
    </>
  );
}
