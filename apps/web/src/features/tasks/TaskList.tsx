/** A list of tasks with a quick "complete" tick; the /tasks tabs and a record's tasks tab use it. */
import { App, Button, Empty, Flex, List, Tag, Tooltip, Typography } from 'antd';
import { CheckCircleFilled, CheckCircleOutlined, CheckSquareOutlined, ClockCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDateTime, tenantFormat } from '../../lib/format.ts';
import { useTaskChange, type Task } from './api.ts';
import { checklistProgress, isOverdue } from './taskModel.ts';

const PRIORITY_COLOR: Record<string, string | undefined> = { urgent: 'red', high: 'orange', normal: undefined, low: 'default' };
const RECORD_PATH: Record<string, string> = { lead: '/leads', customer: '/customers', contact: '/contacts' };

function TaskRow({ task, showAssignee, onOpen }: { task: Task; showAssignee?: boolean; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const change = useTaskChange();
  const closed = task.status === 'done' || task.status === 'cancelled';
  const overdue = isOverdue(task, Date.now(), tenantFormat().timeZone);
  const progress = checklistProgress(task.checklist);
  const toggle = () => change.mutate({ id: task.id, body: { status: closed ? 'open' : 'done' } }, {
    onSuccess: () => { if (!closed) message.success(t('tasks.completed')); },
  });
  return (
    <List.Item data-testid="task-row" data-task-id={task.id} style={{ alignItems: 'flex-start', gap: 8 }}>
      <Tooltip title={closed ? t('tasks.reopen') : t('tasks.complete')}>
        <Button type="text" shape="circle" loading={change.isPending} onClick={toggle} data-testid="task-complete" aria-label={closed ? t('tasks.reopen') : t('tasks.complete')}
          icon={closed ? <CheckCircleFilled style={{ color: '#52c41a', fontSize: 18 }} /> : <CheckCircleOutlined style={{ fontSize: 18 }} />} />
      </Tooltip>
      <Flex vertical gap={4} style={{ flex: 1, minWidth: 0 }}>
        <Typography.Link onClick={() => onOpen(task.id)} data-testid="task-open"
          style={{ textDecoration: closed ? 'line-through' : undefined, color: closed ? '#8c8c8c' : undefined, wordBreak: 'break-word' }}>
          {task.title}
        </Typography.Link>
        <Flex gap={6} wrap align="center" style={{ fontSize: 12 }}>
          {task.dueAt ? (
            <Typography.Text type={overdue ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
              <ClockCircleOutlined /> {t('tasks.due', { time: formatDateTime(task.dueAt) })}
            </Typography.Text>
          ) : <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('tasks.noDue')}</Typography.Text>}
          {overdue && <Tag color="red" style={{ marginInlineEnd: 0 }}>{t('tasks.overdueTag')}</Tag>}
          {task.priority !== 'normal' && <Tag color={PRIORITY_COLOR[task.priority]} style={{ marginInlineEnd: 0 }}>{t(`tasks.priorities.${task.priority}`)}</Tag>}
          {task.status === 'inProgress' && <Tag color="blue" style={{ marginInlineEnd: 0 }}>{t('tasks.statuses.inProgress')}</Tag>}
          {progress.total > 0 && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="task-progress"><CheckSquareOutlined /> {progress.done}/{progress.total}</Typography.Text>
          )}
          {task.recordType && task.recordId && RECORD_PATH[task.recordType] && (
            <Link to={`${RECORD_PATH[task.recordType]}/${task.recordId}`}>{t(`tasks.recordTypes.${task.recordType}` as 'tasks.recordTypes.lead')} · {task.recordName ?? '—'}</Link>
          )}
          {showAssignee && <Tag style={{ marginInlineEnd: 0 }}>{task.assigneeName ?? '—'}</Tag>}
        </Flex>
      </Flex>
    </List.Item>
  );
}

export function TaskList({ tasks, loading, empty, showAssignee, onOpen, total, page, pageSize, onPage }: {
  tasks: Task[]; loading?: boolean; empty: string; showAssignee?: boolean; onOpen: (id: string) => void;
  total?: number; page?: number; pageSize?: number; onPage?: (page: number) => void;
}) {
  return (
    <List
      data-testid="task-list"
      loading={loading}
      dataSource={tasks}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} /> }}
      pagination={total && pageSize && total > pageSize ? { current: page, pageSize, total, onChange: onPage, size: 'small', showSizeChanger: false } : false}
      renderItem={(task) => <TaskRow task={task} showAssignee={showAssignee} onOpen={onOpen} />}
    />
  );
}
