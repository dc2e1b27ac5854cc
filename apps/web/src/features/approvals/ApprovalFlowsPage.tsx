/** /settings/approval-flows — approval flows (flows of kind 'approval'): the flow list for that kind, with a form that starts a flow for a record type. */
import { Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FlowDefinition, FlowTrigger } from '@loopline/shared';
import { FormModalActions } from '../../components/FormModal.tsx';
import { FormError, useServerForm } from '../../lib/forms.tsx';
import { createFlow } from '../flows/api.ts';
import { FlowList, type FlowListKind } from '../flows/FlowListPage.tsx';
import { APPROVAL_RECORD_TYPES, blankApprovalDefinition } from './model.ts';
import { recordTypeLabel } from './Summary.tsx';
import './messages.ts';

export default function ApprovalFlowsPage() {
  const { t } = useTranslation();
  const spec: FlowListKind = {
    kind: 'approval', testId: 'approval-flow', templateTestId: 'approval-template', showTrigger: false,
    texts: {
      title: t('approvals.flows.title'), hint: t('approvals.flows.hint'), empty: t('approvals.flows.empty'), newBlank: t('approvals.flows.newBlank'),
      fromTemplate: t('approvals.flows.fromTemplate'), templatesTitle: t('approvals.flows.templatesTitle'), noTemplates: t('approvals.flows.noTemplates'),
      createTitle: t('approvals.flows.createTitle'), created: t('approvals.flows.created'),
    },
    createForm: (props) => <CreateForm {...props} />,
  };
  return <FlowList spec={spec} />;
}

function CreateForm({ onClose, created }: { onClose: () => void; created: (id: string) => Promise<void> }) {
  const { t } = useTranslation();
  const { form, onFinish, submitting, error } = useServerForm<{ name: string; recordType: NonNullable<FlowTrigger['recordType']> }, { id: string }>(
    (v) => createFlow({ name: v.name.trim(), draft: blankApprovalDefinition(v.recordType) as FlowDefinition }),
    { onSuccess: async (f) => { onClose(); await created(f.id); } },
  );
  return (
    <>
      <FormError error={error} />
      <Form form={form} name="approvalFlowCreate" layout="vertical" onFinish={onFinish} initialValues={{ recordType: 'contract' }}>
        <Form.Item name="name" label={t('approvals.flows.name')} rules={[{ required: true, whitespace: true, message: t('approvals.flows.name') }, { max: 100 }]}>
          <Input autoFocus data-testid="approval-flow-name" />
        </Form.Item>
        <Form.Item name="recordType" label={t('approvals.flows.recordType')} rules={[{ required: true }]}>
          <Select data-testid="approval-flow-record-type" options={APPROVAL_RECORD_TYPES.map((k) => ({ value: k, label: recordTypeLabel(k) }))} />
        </Form.Item>
        <FormModalActions submitting={submitting} okText={t('common.create')} onCancel={onClose} />
      </Form>
    </>
  );
}
