import { Form, Radio, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useUsers } from '../settings/api.ts';
import { useRecordPermissions } from './permissions.ts';
import type { OwnerMode } from './createModel.ts';
import type { RecordTypeConfig } from './types.ts';

/** The create form's owner question: me, by the assignment rules, or a colleague (with the transfer right). */
export function OwnerChoice({ config }: { config: RecordTypeConfig<any> }) {
  const { t } = useTranslation();
  const can = useRecordPermissions(config.recordType);
  const mode = Form.useWatch('assignMode') as OwnerMode | undefined;
  const mayPick = can('transfer');
  const users = useUsers({ status: 'active', pageSize: 500 }, mayPick && mode === 'user');
  const options = [
    { value: 'me', label: t('records.owner.me') },
    ...(config.ownerChoice?.rules ? [{ value: 'rules', label: t('records.owner.rules') }] : []),
    ...(mayPick ? [{ value: 'user', label: t('records.owner.user') }] : []),
  ];
  if (options.length < 2) return null;
  return (
    <>
      <Form.Item name="assignMode" label={t('records.owner.label')}>
        <Radio.Group options={options} optionType="button" data-testid="owner-choice" />
      </Form.Item>
      {mode === 'user' && (
        <Form.Item name="ownerId" label={t('records.bulk.newOwner')} rules={[{ required: true, message: t('records.rules.required', { field: t('records.bulk.newOwner') }) }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} loading={users.isPending}
            options={(users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.name} · ${u.email ?? u.mobile ?? ''}` }))} />
        </Form.Item>
      )}
    </>
  );
}
