import { useState } from 'react';
import { App, Button, Checkbox, Flex, Form, Input, Modal, Popconfirm, Select } from 'antd';
import { DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { FormError, useServerForm } from '../../lib/forms.tsx';
import { useMe } from '../auth/useMe.ts';
import { recordKeys, useViews } from './api.ts';
import type { ListState } from './useListState.ts';
import type { RecordTypeConfig, SavedView } from './types.ts';

/** Saved views: pick one (mine / shared), save the current filter+sort+columns, delete my own. */
export function ViewMenu({ config, state }: { config: RecordTypeConfig<any>; state: ListState }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { isAdmin } = useMe();
  const queryClient = useQueryClient();
  const views = useViews(config.recordType);
  const [saving, setSaving] = useState(false);
  const current = views.data?.find((v) => v.id === state.viewId) ?? null;
  const refresh = () => queryClient.invalidateQueries({ queryKey: recordKeys.views(config.recordType) });

  const remove = async (view: SavedView) => {
    try {
      await api.delete(`/views/${view.id}`);
      message.success(t('records.views.deleted'));
      if (state.viewId === view.id) state.applyView(null);
      await refresh();
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  const group = (shared: boolean) => (views.data ?? []).filter((v) => v.shared === shared).map((v) => ({ value: v.id, label: v.name }));
  return (
    <Flex gap={4} align="center">
      <Select aria-label={t('records.views.label')} data-testid="view-select" style={{ width: 160 }} value={state.viewId ?? ''} loading={views.isPending}
        onChange={(id: string) => state.applyView(views.data?.find((v) => v.id === id) ?? null)}
        options={[
          { value: '', label: t('records.views.all') },
          { label: t('records.views.mine'), options: group(false) },
          { label: t('records.views.shared'), options: group(true) },
        ]} />
      <Button icon={<SaveOutlined />} onClick={() => setSaving(true)} aria-label={t('records.views.save')} title={t('records.views.save')} data-testid="view-save" />
      {current && (current.mine || (isAdmin && current.shared)) && (
        <Popconfirm title={t('records.views.deleteConfirm', { name: current.name })} onConfirm={() => remove(current)}>
          <Button icon={<DeleteOutlined />} danger aria-label={t('common.delete')} data-testid="view-delete" />
        </Popconfirm>
      )}
      <Modal open={saving} title={t('records.views.saveTitle')} onCancel={() => setSaving(false)} footer={null} destroyOnHidden>
        <SaveViewForm config={config} state={state} isAdmin={isAdmin} onDone={async (view) => { setSaving(false); await refresh(); state.applyView(view); }} onCancel={() => setSaving(false)} />
      </Modal>
    </Flex>
  );
}

function SaveViewForm({ config, state, isAdmin, onDone, onCancel }: { config: RecordTypeConfig<any>; state: ListState; isAdmin: boolean; onDone: (v: SavedView) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { form, onFinish, submitting, error } = useServerForm<{ name: string; shared?: boolean }, SavedView>(
    (v) => api.post<SavedView>('/views', {
      recordType: config.recordType, name: v.name.trim(), filter: state.params.filter, sort: state.params.sort, columns: state.columns, shared: Boolean(v.shared),
    }),
    { onSuccess: (view) => { message.success(t('records.views.saved')); onDone(view); } },
  );
  return (
    <>
      <FormError error={error} />
      <Form form={form} name="saveView" layout="vertical" onFinish={onFinish}>
        <Form.Item name="name" label={t('records.views.name')} rules={[{ required: true, whitespace: true, message: t('records.rules.required', { field: t('records.views.name') }) }, { max: 60 }]}>
          <Input autoFocus />
        </Form.Item>
        {isAdmin && <Form.Item name="shared" valuePropName="checked"><Checkbox>{t('records.views.share')}</Checkbox></Form.Item>}
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onCancel}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={submitting}>{t('common.save')}</Button>
        </Flex>
      </Form>
    </>
  );
}
