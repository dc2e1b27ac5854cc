import { App, Form, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormModal, FormModalActions } from '../../components/FormModal.tsx';
import { FormError, useServerForm } from '../../lib/forms.tsx';
import { useUsers } from '../settings/api.ts';
import { assignRecords, type MoveResult, type Pool, type PoolRecordType } from './api.ts';
import { poolErrorMessage, reportMove } from './feedback.tsx';

interface Props {
  pool: Pool;
  recordType: PoolRecordType;
  /** records to assign; null = closed */
  ids: string[] | null;
  nameOf: (id: string) => string;
  onClose: () => void;
  onDone: () => void;
}

/** A pool admin or manager hands waiting records to a colleague. */
export function AssignModal(props: Props) {
  const { t } = useTranslation();
  return (
    <FormModal target={props.ids} title={() => t('publicPool.assignTitle')} onClose={props.onClose}
      render={(ids) => <AssignForm {...props} ids={ids} />} />
  );
}

function AssignForm({ pool, recordType, ids, nameOf, onClose, onDone }: Props & { ids: string[] }) {
  const { t } = useTranslation();
  const app = App.useApp();
  const users = useUsers({ status: 'active', pageSize: 500 });
  const { form, onFinish, submitting, error } = useServerForm<{ ownerId: string }, MoveResult>(
    (v) => assignRecords(pool.id, recordType, ids, v.ownerId),
    {
      onSuccess: (r) => { reportMove(app, t, r, t('publicPool.assigned', { count: r.ok.length }), nameOf); onDone(); },
      onError: (err) => poolErrorMessage(err, t),
    },
  );
  return (
    <>
      <FormError error={error} />
      <Form form={form} layout="vertical" name="poolAssign" onFinish={onFinish}>
        <Form.Item name="ownerId" label={t('publicPool.assignTo')} rules={[{ required: true, message: t('records.rules.required', { field: t('publicPool.assignTo') }) }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} loading={users.isPending} autoFocus data-testid="pool-assign-owner"
            options={(users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.name} · ${u.email ?? u.mobile ?? ''}` }))} />
        </Form.Item>
        <FormModalActions submitting={submitting} okText={t('publicPool.assign')} onCancel={onClose} />
      </Form>
    </>
  );
}
