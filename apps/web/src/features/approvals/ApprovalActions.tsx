/**
 * What people do on an approval: 提交审批 (comment + chosen approvers), 撤回, and for the approver
 * 同意 / 驳回 / 退回 / 转交 / 加签 with a comment, attachments and the fields they may change.
 * Used by the record page's extra, the approval page and the inbox.
 */
import { useState } from 'react';
import { App, Button, type ButtonProps, Dropdown, Flex, Form, Input, Modal, Radio, Select, Tag, Typography, Upload } from 'antd';
import { CheckOutlined, CloseOutlined, DownOutlined, RollbackOutlined, SendOutlined, UndoOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ApprovalInstanceView, RecordApprovalState } from '@loopline/shared';
import { useQuery } from '@tanstack/react-query';
import { api, readCookie } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { useMe } from '../auth/useMe.ts';
import { useUsers } from '../settings/api.ts';
import type { FieldMeta, RecordLike } from '../records/types.ts';
import { useApprovalAction, type ApprovalAction } from './api.ts';
import { STATUS_COLOR, missingChoices, recordBase, returnOptions, viewerActions, type DisplayStatus, type Translate } from './model.ts';
import './messages.ts';

export function StatusTag({ status }: { status: DisplayStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOR[status]} data-testid="approval-status" data-status={status}>{t(`approvals.status.${status}`)}</Tag>;
}

function usePeopleOptions(enabled: boolean) {
  const users = useUsers({ status: 'active', pageSize: 500 }, enabled);
  return { loading: users.isPending && enabled, options: (users.data?.items ?? []).map((u) => ({ value: u.id, label: u.name })) };
}

/** Files uploaded first (POST /files); the decision carries their ids. */
function Attachments({ value, onChange }: { value: string[]; onChange: (ids: string[]) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const csrf = readCookie('ll_csrf');
  return (
    <Upload name="file" action="/api/v1/files" withCredentials headers={csrf ? { 'x-csrf-token': csrf } : {}}
      onChange={({ file, fileList }) => {
        if (file.status === 'error') message.error(file.response?.error?.message ?? t('errors.generic'));
        onChange(fileList.filter((f) => f.status === 'done').map((f) => (f.response?.id as string | undefined) ?? f.uid));
      }}>
      <Button icon={<UploadOutlined />} data-testid="approval-upload">{t('approvals.upload')}</Button>
    </Upload>
  );
}

type DecideKind = Exclude<ApprovalAction, 'submit' | 'withdraw' | 'comment'>;

/** The dialog of one decision. */
function DecideModal({ kind, inst, record, onClose, onDone }: { kind: DecideKind | null; inst: ApprovalInstanceView; record?: RecordLike; onClose: () => void; onDone?: (i: ApprovalInstanceView) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const action = useApprovalAction();
  const [form] = Form.useForm();
  const [files, setFiles] = useState<string[]>([]);
  const people = usePeopleOptions(kind === 'delegate' || kind === 'addApprover');
  const task = inst.myTask;
  const editable = (kind === 'approve' || kind === 'reject' || kind === 'return') ? task?.editableFields ?? [] : [];
  const base = recordBase(inst.recordType);
  const catalog = useQuery({
    queryKey: ['records', inst.recordType, 'fields'],
    queryFn: () => api.get<{ items: FieldMeta[] }>(`${base}/fields`).then((r) => r.items).catch(() => [] as FieldMeta[]),
    enabled: editable.length > 0 && Boolean(base),
    staleTime: 60_000,
  });
  const fieldLabel = (k: string) => catalog.data?.find((f) => f.key === k)?.label ?? k;
  if (!kind || !task) return null;

  const submit = async () => {
    const v = await form.validateFields();
    const comment = (v.comment as string | undefined)?.trim() || undefined;
    const fields: Record<string, unknown> = {};
    for (const k of editable) {
      const next = v[`field_${k}`];
      if (next !== undefined && String(next) !== String(record?.[k] ?? '')) fields[k] = next === '' ? null : next;
    }
    const decide = { comment, ...(files.length ? { attachmentIds: files } : {}), ...(Object.keys(fields).length ? { fields } : {}) };
    const body = kind === 'return' ? { ...decide, toNodeId: v.toNodeId }
      : kind === 'delegate' ? { toUserId: v.userId, comment }
      : kind === 'addApprover' ? { userId: v.userId, position: v.position, comment }
      : decide;
    try {
      const next = await action.mutateAsync({ kind, id: task.id, body });
      message.success(t(`approvals.${{ approve: 'approved', reject: 'rejected', return: 'returned', delegate: 'delegated', addApprover: 'added' }[kind]}` as 'approvals.approved'));
      form.resetFields();
      setFiles([]);
      onClose();
      onDone?.(next);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const needsReason = kind === 'return';
  return (
    <Modal open title={t(`approvals.${kind}`)} onCancel={onClose} onOk={() => void submit()} confirmLoading={action.isPending} destroyOnHidden
      okText={t(`approvals.${kind}`)} okButtonProps={{ danger: kind === 'reject', 'data-testid': 'approval-confirm' } as ButtonProps} data-testid="approval-dialog">
      <Form form={form} layout="vertical" initialValues={{ position: 'before', toNodeId: kind === 'return' ? returnOptions(inst, t as unknown as Translate)[0]?.value : undefined }}>
        {kind === 'return' && (
          <Form.Item name="toNodeId" label={t('approvals.returnTo')} rules={[{ required: true }]}>
            <Select options={returnOptions(inst, t as unknown as Translate)} data-testid="approval-return-to" />
          </Form.Item>
        )}
        {(kind === 'delegate' || kind === 'addApprover') && (
          <Form.Item name="userId" label={t(kind === 'delegate' ? 'approvals.delegateTo' : 'approvals.addWho')} rules={[{ required: true }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} loading={people.loading} data-testid="approval-user"
              options={people.options.filter((o) => o.value !== task.approverId)} />
          </Form.Item>
        )}
        {kind === 'addApprover' && (
          <Form.Item name="position" label={t('approvals.position')}>
            <Radio.Group options={[{ value: 'before', label: t('approvals.before') }, { value: 'after', label: t('approvals.after') }]} />
          </Form.Item>
        )}
        {editable.length > 0 && <Typography.Text type="secondary">{t('approvals.editableFields')}</Typography.Text>}
        {editable.map((k) => (
          <Form.Item key={k} name={`field_${k}`} label={fieldLabel(k)} initialValue={record?.[k] ?? undefined}>
            <Input data-testid={`approval-field-${k}`} />
          </Form.Item>
        ))}
        <Form.Item name="comment" label={t('approvals.comment')} rules={needsReason ? [{ required: true, whitespace: true, message: t('approvals.commentRequired') }] : [{ max: 2000 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} placeholder={needsReason ? t('approvals.commentRequired') : t('approvals.commentPlaceholder')} data-testid="approval-comment" />
        </Form.Item>
        {(kind === 'approve' || kind === 'reject' || kind === 'return') && (
          <Form.Item label={t('approvals.attachments')}><Attachments value={files} onChange={setFiles} /></Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** The approver's buttons and the submitter's 撤回 for one approval. */
export function DecisionButtons({ inst, record, onDone, size }: { inst: ApprovalInstanceView; record?: RecordLike; onDone?: (i: ApprovalInstanceView) => void; size?: 'small' | 'middle' }) {
  const { t } = useTranslation();
  const { me } = useMe();
  const { message, modal } = App.useApp();
  const action = useApprovalAction();
  const [kind, setKind] = useState<DecideKind | null>(null);
  const can = viewerActions(inst, me?.user.id);
  const withdraw = () => modal.confirm({
    title: t('approvals.withdraw'), content: t('approvals.withdrawConfirm'), okButtonProps: { danger: true, 'data-testid': 'approval-withdraw-ok' } as ButtonProps,
    onOk: () => action.mutateAsync({ kind: 'withdraw', id: inst.id, body: {} }).then((i) => { message.success(t('approvals.withdrawn')); onDone?.(i); }, (e) => void message.error(errorMessage(e))),
  });
  const more = [
    can.return && { key: 'return', label: t('approvals.return'), icon: <RollbackOutlined /> },
    can.delegate && { key: 'delegate', label: t('approvals.delegate') },
    can.addApprover && { key: 'addApprover', label: t('approvals.addApprover') },
  ].filter(Boolean) as { key: DecideKind; label: string }[];
  if (!can.approve && !can.withdraw) return null;
  return (
    <>
      <Flex gap={8} wrap>
        {can.approve && <Button type="primary" size={size} icon={<CheckOutlined />} onClick={() => setKind('approve')} data-testid="approval-approve">{t('approvals.approve')}</Button>}
        {can.reject && <Button danger size={size} icon={<CloseOutlined />} onClick={() => setKind('reject')} data-testid="approval-reject">{t('approvals.reject')}</Button>}
        {more.length > 0 && (
          <Dropdown trigger={['click']} menu={{ items: more.map((m) => ({ ...m, 'data-testid': `approval-${m.key}` })), onClick: ({ key }) => setKind(key as DecideKind) }}>
            <Button size={size} data-testid="approval-more">{t('approvals.more')} <DownOutlined /></Button>
          </Dropdown>
        )}
        {can.withdraw && <Button size={size} icon={<UndoOutlined />} onClick={withdraw} loading={action.isPending} data-testid="approval-withdraw">{t('approvals.withdraw')}</Button>}
      </Flex>
      {kind && <DecideModal key={kind} kind={kind} inst={inst} record={record} onClose={() => setKind(null)} onDone={onDone} />}
    </>
  );
}

/** 提交审批: a comment and, for nodes where the submitter chooses, the approvers. */
export function SubmitButton({ recordType, recordId, state }: { recordType: string; recordId: string; state: RecordApprovalState }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const action = useApprovalAction();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const people = usePeopleOptions(open && state.chooseApprovers.length > 0);
  const submit = async () => {
    const v = await form.validateFields();
    const chosen: Record<string, string[]> = {};
    for (const c of state.chooseApprovers) chosen[c.nodeId] = v[`choose_${c.nodeId}`] ?? [];
    if (missingChoices(state.chooseApprovers, chosen).length) return;
    try {
      const inst = await action.mutateAsync({
        kind: 'submit', id: recordId,
        body: { recordType, recordId, comment: (v.comment as string | undefined)?.trim() || undefined, ...(state.chooseApprovers.length ? { chosenApprovers: chosen } : {}) },
      });
      message.success(inst.status === 'approved' ? t('approvals.autoApproved') : t('approvals.submitted'));
      setOpen(false);
      form.resetFields();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <>
      <Button type="primary" icon={<SendOutlined />} onClick={() => setOpen(true)} data-testid="approval-submit">{t('approvals.submit')}</Button>
      <Modal open={open} title={t('approvals.submitTitle')} onCancel={() => setOpen(false)} onOk={() => void submit()} confirmLoading={action.isPending}
        okText={t('approvals.submit')} okButtonProps={{ 'data-testid': 'approval-submit-ok' } as ButtonProps} destroyOnHidden>
        <Form form={form} layout="vertical">
          {!state.hasFlow && <Form.Item><Tag color="orange">{t('approvals.noFlow')}</Tag></Form.Item>}
          {state.chooseApprovers.map((c) => (
            <Form.Item key={c.nodeId} name={`choose_${c.nodeId}`} label={t('approvals.chooseApprovers', { label: c.label, max: c.max })}
              rules={[{ required: true, message: t('approvals.chooseRequired') }, { type: 'array', max: c.max }]}>
              <Select mode="multiple" maxCount={c.max} showSearch={{ optionFilterProp: 'label' }} loading={people.loading} options={people.options} data-testid={`approval-choose-${c.nodeId}`} />
            </Form.Item>
          ))}
          <Form.Item name="comment" label={t('approvals.comment')} rules={[{ max: 2000 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} placeholder={t('approvals.commentPlaceholder')} data-testid="approval-submit-comment" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
