import { useState } from 'react';
import { Alert, App, Button, Flex, Form, Select, Tabs, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { RolePermissions } from '@loopline/shared';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { orgKeys, type Role } from '../settings/api.ts';
import { DATA_SCOPES, type DataScope } from './api.ts';
import { FieldPermissions } from './FieldPermissions.tsx';
import { PermissionMatrix } from './PermissionMatrix.tsx';
import { compactPermissions } from './permissionsDraft.ts';
import { RolePreview } from './RolePreview.tsx';

/** One role's permissions as a draft: the matrix, data scope, field rules and masking; saved together. */
export function RoleEditor({ role }: { role: Role }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<RolePermissions>(role.permissions);
  const [saving, setSaving] = useState(false);
  const [previewVersion, setPreviewVersion] = useState(0);
  const dirty = JSON.stringify(compactPermissions(draft)) !== JSON.stringify(compactPermissions(role.permissions));
  const isAdmin = Boolean(role.permissions.admin);

  const save = async () => {
    setSaving(true);
    try {
      await api.patch(`/roles/${role.id}`, { permissions: compactPermissions(draft) });
      message.success(t('admin.roles.saved'));
      await queryClient.invalidateQueries({ queryKey: orgKeys.roles });
      setPreviewVersion((v) => v + 1); // the preview reads saved permissions
    } catch (err) {
      message.error(errorMessage(err)); // the draft stays as it is
    } finally {
      setSaving(false);
    }
  };

  if (isAdmin) return <Alert type="info" showIcon title={t('admin.roles.adminRole')} />;

  return (
    <>
      <Flex justify="space-between" align="center" gap={12} wrap style={{ marginBottom: 12 }}>
        <Form.Item label={t('admin.roles.dataScope')} style={{ margin: 0, minWidth: 0 }} htmlFor="role-data-scope">
          <Select<DataScope> id="role-data-scope" value={draft.dataScope} style={{ width: 240, maxWidth: '100%' }}
            onChange={(dataScope) => setDraft((d) => ({ ...d, dataScope }))}
            options={DATA_SCOPES.map((s) => ({ value: s, label: t(`admin.scope.${s}`) }))} />
        </Form.Item>
        <Flex gap={8} align="center">
          {dirty && <Typography.Text type="warning">{t('admin.roles.unsaved')}</Typography.Text>}
          <Button onClick={() => setDraft(role.permissions)} disabled={!dirty || saving}>{t('common.reset')}</Button>
          <Button type="primary" onClick={() => void save()} loading={saving} disabled={!dirty} data-testid="role-save">{t('common.save')}</Button>
        </Flex>
      </Flex>
      <Tabs
        items={[
          { key: 'matrix', label: t('admin.roles.tabMatrix'), children: <PermissionMatrix value={draft} onChange={setDraft} /> },
          { key: 'fields', label: <span data-testid="tab-fields">{t('admin.roles.tabFields')}</span>, children: <FieldPermissions value={draft} onChange={setDraft} /> },
          {
            key: 'preview', label: <span data-testid="tab-preview">{t('admin.roles.tabPreview')}</span>,
            children: <RolePreview roleId={role.id} version={previewVersion} dirty={dirty} />,
          },
        ]}
      />
    </>
  );
}
