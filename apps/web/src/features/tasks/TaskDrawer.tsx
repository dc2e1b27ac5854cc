/**
 * The task drawer: create or edit one task — title, description, related record, assignee, due
 * time, reminder, priority, checklist and status. On an existing task a ticked checklist item is
 * saved at once (the list shows progress); the rest is saved with "保存".
 */
import { useState } from 'react';
import { App, Button, Checkbox, DatePicker, Drawer, Flex, Form, Input, Popconfirm, Select, Skeleton, Space } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { FormError, useServerForm } from '../../lib/forms.tsx';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { useMe } from '../auth/useMe.ts';
import { RecordSelect } from '../records/RecordSelect.tsx';
import { useUsers } from '../settings/api.ts';
import { createTask, deleteTask, invalidateTasks, updateTask, useTask, type Task, type TaskChecklistItem, type TaskInput } from './api.ts';
import { presetOf, reminderFor, REMINDER_PRESETS, toggleItem, type ReminderPreset } from './taskModel.ts';

const RECORD_TYPES = ['lead', 'customer', 'contact'] as const;
const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
const STATUSES = ['open', 'inProgress', 'done', 'cancelled'] as const;
const API_PATH: Record<string, string> = { lead: '/leads', customer: '/customers', contact: '/contacts' };

interface Values {
  title: string;
  description?: string;
  recordType?: string | null;
  recordId?: string | null;
  assigneeId?: string;
  dueAt?: Dayjs | null;
  reminder: ReminderPreset;
  remindAt?: Dayjs | null;
  priority: string;
  status?: string;
  checklist: TaskChecklistItem[];
}

/** What the drawer opens on: a task to edit, or a new one (optionally about a record). */
export type DrawerTarget = { id: string } | { new: true; recordType?: string; recordId?: string; recordName?: string | null; dueAt?: string } | null;

function ChecklistEditor({ value = [], onChange, onTick }: { value?: TaskChecklistItem[]; onChange?: (v: TaskChecklistItem[]) => void; onTick?: (v: TaskChecklistItem[]) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const add = () => {
    const v = text.trim();
    if (!v) return;
    onChange?.([...value, { text: v, done: false }]);
    setText('');
  };
  return (
    <Flex vertical gap={6} data-testid="task-checklist">
      {value.map((item, i) => (
        <Flex key={i} gap={8} align="center">
          <Checkbox checked={item.done} data-testid="task-checklist-item" onChange={() => {
            const next = toggleItem(value, i);
            onChange?.(next);
            onTick?.(next);
          }}>
            <span style={{ textDecoration: item.done ? 'line-through' : undefined, wordBreak: 'break-word' }}>{item.text}</span>
          </Checkbox>
          <Button type="text" size="small" icon={<DeleteOutlined />} aria-label={t('tasks.remove')} onClick={() => onChange?.(value.filter((_, j) => j !== i))} style={{ marginLeft: 'auto' }} />
        </Flex>
      ))}
      <Space.Compact style={{ width: '100%' }}>
        <Input value={text} maxLength={200} placeholder={t('tasks.checklistPlaceholder')} onChange={(e) => setText(e.target.value)}
          onPressEnter={(e) => { e.preventDefault(); add(); }} data-testid="task-checklist-input" />
        <Button icon={<PlusOutlined />} onClick={add} data-testid="task-checklist-add">{t('tasks.checklistAdd')}</Button>
      </Space.Compact>
    </Flex>
  );
}

function TaskForm({ task, target, onDone }: { task: Task | null; target: Exclude<DrawerTarget, null>; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useMe();
  const queryClient = useQueryClient();
  const users = useUsers({ status: 'active', pageSize: 500 });
  const fresh = 'new' in target ? target : null;
  const { form, onFinish, submitting, error } = useServerForm<Values, Task>(
    (v) => {
      const dueAt = v.dueAt ? v.dueAt.toISOString() : null;
      const body: TaskInput = {
        title: v.title.trim(),
        description: v.description?.trim() || null,
        recordType: v.recordId ? (v.recordType ?? null) : null,
        recordId: v.recordId ?? null,
        assigneeId: v.assigneeId,
        dueAt,
        remindAt: reminderFor(dueAt, v.reminder, v.remindAt ? v.remindAt.toISOString() : null),
        priority: v.priority as TaskInput['priority'],
        checklist: v.checklist,
        ...(task && v.status ? { status: v.status as TaskInput['status'] } : {}),
      };
      return task ? updateTask(task.id, body) : createTask(body);
    },
    {
      onSuccess: () => {
        invalidateTasks(queryClient);
        message.success(task ? t('tasks.saved') : t('tasks.created'));
        onDone();
      },
    },
  );
  const dueAt = Form.useWatch('dueAt', form) as Dayjs | null | undefined;
  const reminder = Form.useWatch('reminder', form) as ReminderPreset | undefined;
  const recordType = Form.useWatch('recordType', form) as string | undefined;
  const initial: Values = task
    ? {
        title: task.title, description: task.description ?? undefined, recordType: task.recordType ?? 'customer', recordId: task.recordId,
        assigneeId: task.assigneeId, dueAt: task.dueAt ? dayjs(task.dueAt) : null, reminder: presetOf(task.dueAt, task.remindAt),
        remindAt: task.remindAt ? dayjs(task.remindAt) : null, priority: task.priority, status: task.status, checklist: task.checklist,
      }
    : {
        title: '', recordType: fresh?.recordType ?? 'customer', recordId: fresh?.recordId ?? null, assigneeId: me?.user.id,
        dueAt: fresh?.dueAt ? dayjs(fresh.dueAt) : null, reminder: 'none', priority: 'normal', checklist: [],
      };
  const lockedRecord = Boolean(fresh?.recordId);
  const tick = async (next: TaskChecklistItem[]) => {
    if (!task) return;
    try {
      await updateTask(task.id, { checklist: next });
      invalidateTasks(queryClient);
    } catch {
      form.setFieldValue('checklist', task.checklist);
    }
  };
  const userOptions = (users.data?.items ?? []).map((u) => ({ value: u.id, label: u.id === me?.user.id ? `${u.name} (${t('tasks.me')})` : u.name }));
  if (task && !userOptions.some((o) => o.value === task.assigneeId)) userOptions.unshift({ value: task.assigneeId, label: task.assigneeName ?? '—' });

  return (
    <>
      <FormError error={error} />
      <Form form={form} layout="vertical" name="task" initialValues={initial} onFinish={onFinish}>
        <Form.Item name="title" label={t('tasks.fields.title')} rules={[{ required: true, whitespace: true, message: t('tasks.titleRequired') }]}>
          <Input maxLength={200} autoFocus={!task} data-testid="task-title" />
        </Form.Item>
        <Form.Item name="checklist" label={t('tasks.fields.checklist')}>
          <ChecklistEditor onTick={task ? tick : undefined} />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name="dueAt" label={t('tasks.fields.dueAt')} style={{ flex: '1 1 200px' }}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} data-testid="task-due" />
          </Form.Item>
          <Form.Item name="reminder" label={t('tasks.fields.reminder')} style={{ flex: '1 1 160px' }}>
            <Select data-testid="task-reminder" options={REMINDER_PRESETS.filter((p) => dueAt || p === 'none' || p === 'custom').map((p) => ({ value: p, label: t(`tasks.reminders.${p}`) }))} />
          </Form.Item>
        </Flex>
        {reminder === 'custom' && (
          <Form.Item name="remindAt" label={t('tasks.fields.remindAt')} rules={[{ required: true, message: t('tasks.fields.remindAt') }]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
          </Form.Item>
        )}
        <Flex gap={12} wrap>
          <Form.Item name="priority" label={t('tasks.fields.priority')} style={{ flex: '1 1 120px' }}>
            <Select options={PRIORITIES.map((p) => ({ value: p, label: t(`tasks.priorities.${p}`) }))} data-testid="task-priority" />
          </Form.Item>
          {task && (
            <Form.Item name="status" label={t('tasks.fields.status')} style={{ flex: '1 1 120px' }}>
              <Select options={STATUSES.map((s) => ({ value: s, label: t(`tasks.statuses.${s}`) }))} data-testid="task-status" />
            </Form.Item>
          )}
          <Form.Item name="assigneeId" label={t('tasks.fields.assignee')} style={{ flex: '1 1 160px' }}>
            <Select showSearch={{ optionFilterProp: 'label' }} loading={users.isPending} options={userOptions} data-testid="task-assignee" />
          </Form.Item>
        </Flex>
        {lockedRecord ? (
          <Form.Item label={t('tasks.fields.record')}>
            <Input value={fresh?.recordName ?? ''} disabled />
          </Form.Item>
        ) : (
          <Flex gap={12} wrap>
            <Form.Item name="recordType" label={t('tasks.fields.recordType')} style={{ flex: '0 1 120px' }}>
              <Select options={RECORD_TYPES.map((r) => ({ value: r, label: t(`tasks.recordTypes.${r}`) }))} onChange={() => form.setFieldValue('recordId', null)} />
            </Form.Item>
            <Form.Item name="recordId" label={t('tasks.fields.record')} style={{ flex: '1 1 200px' }}>
              <RecordSelect apiPath={API_PATH[recordType ?? 'customer'] ?? '/customers'} initialLabel={task?.recordId && task.recordType === recordType ? task.recordName : null} />
            </Form.Item>
          </Flex>
        )}
        <Form.Item name="description" label={t('tasks.fields.description')}>
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
        <Flex gap={8} justify="flex-end" wrap>
          {task && (
            <Popconfirm title={t('tasks.deleteConfirm')} onConfirm={async () => {
              await deleteTask(task.id);
              invalidateTasks(queryClient);
              message.success(t('tasks.deleted'));
              onDone();
            }}>
              <Button danger icon={<DeleteOutlined />} style={{ marginRight: 'auto' }}>{t('tasks.delete')}</Button>
            </Popconfirm>
          )}
          <Button onClick={onDone}>{t('tasks.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={submitting} data-testid="task-save">{t('tasks.save')}</Button>
        </Flex>
      </Form>
    </>
  );
}

export function TaskDrawer({ target, onClose }: { target: DrawerTarget; onClose: () => void }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const id = target && 'id' in target ? target.id : null;
  const task = useTask(id);
  // a stable key per target: parents rebuild the target object on every render
  const key = !target ? 'none' : 'id' in target ? target.id : `new:${target.recordId ?? ''}`;
  return (
    <Drawer open={target !== null} onClose={onClose} width={isMobile ? '100%' : 520} destroyOnHidden title={id ? t('tasks.edit') : t('tasks.new')} data-testid="task-drawer">
      {target && (id && !task.data ? <Skeleton active /> : <TaskForm key={key} task={id ? task.data ?? null : null} target={target} onDone={onClose} />)}
    </Drawer>
  );
}
