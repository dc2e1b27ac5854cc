/**
 * The quote's status actions in the detail header: 标记已发送, 邮件发送 (the PDF attached), 客户接受
 * (optionally creating the contract), 客户拒绝 (with a reason), and the PDF download / preview.
 */

import './messages.ts';
import { useState } from 'react';
import { App, Button, Checkbox, Form, Input, Modal, Popconfirm, Space, type ButtonProps } from 'antd';
import { CheckOutlined, CloseOutlined, EyeOutlined, FilePdfOutlined, MailOutlined, SendOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api, API_BASE } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { useRecordPermissions } from '../records/permissions.ts';
import type { Quote } from './config.tsx';
import { quoteActions } from './quoteModel.ts';

type Dialog = 'email' | 'accept' | 'reject' | 'preview' | null;

export default function QuoteActions({ quote, canEdit, onChanged }: { quote: Quote; canEdit: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const canContract = useRecordPermissions('contract')('create');
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState(false);
  const [emailForm] = Form.useForm<{ to: string; subject?: string; message?: string }>();
  const [rejectForm] = Form.useForm<{ reason: string }>();
  const [createContract, setCreateContract] = useState(true);
  const actions = quoteActions(quote, canEdit);
  const pdfUrl = `${API_BASE}/quotes/${quote.id}/pdf`;
  const fileName = `报价单-${quote.number ?? quote.id.slice(0, 8)}.pdf`;

  const run = async <T,>(fn: () => Promise<T>, done: (r: T) => void) => {
    setBusy(true);
    try {
      const r = await fn();
      done(r);
      setDialog(null);
      onChanged();
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const send = () => run(() => api.post(`/quotes/${quote.id}/send`, {}), () => message.success(t('quotes.sent')));
  const email = (v: { to: string; subject?: string; message?: string }) => run(
    () => api.post<{ email: { to: string; status: string } }>(`/quotes/${quote.id}/email`, { to: v.to, subject: v.subject || undefined, message: v.message || undefined }),
    (r) => {
      if (r.email.status === 'sent') message.success(t('quotes.emailDialog.sent', { to: r.email.to }));
      else if (r.email.status === 'kept') message.info(t('quotes.emailDialog.kept'));
      else message.warning(t('quotes.emailDialog.failed', { error: r.email.status }));
    },
  );
  const accept = () => run(
    () => api.post<{ contractId: string | null }>(`/quotes/${quote.id}/accept`, { createContract: canContract && createContract }),
    (r) => {
      message.success(r.contractId ? t('quotes.acceptDialog.contract') : t('quotes.acceptDialog.done'));
      if (r.contractId) navigate(`/contracts/${r.contractId}`);
    },
  );
  const reject = (v: { reason: string }) => run(() => api.post(`/quotes/${quote.id}/reject`, v), () => message.success(t('quotes.rejectDialog.done')));

  return (
    <Space wrap>
      {actions.includes('send') && (
        <Popconfirm title={t('quotes.sendConfirm')} onConfirm={send}>
          <Button type="primary" icon={<SendOutlined />} loading={busy} data-testid="quote-send">{t('quotes.actions.send')}</Button>
        </Popconfirm>
      )}
      {actions.includes('email') && <Button icon={<MailOutlined />} onClick={() => setDialog('email')} data-testid="quote-email">{t('quotes.actions.email')}</Button>}
      {actions.includes('accept') && <Button type="primary" icon={<CheckOutlined />} onClick={() => setDialog('accept')} data-testid="quote-accept">{t('quotes.actions.accept')}</Button>}
      {actions.includes('reject') && <Button danger icon={<CloseOutlined />} onClick={() => setDialog('reject')} data-testid="quote-reject">{t('quotes.actions.reject')}</Button>}
      <Button icon={<FilePdfOutlined />} href={pdfUrl} download={fileName} data-testid="quote-pdf">{t('quotes.actions.pdf')}</Button>
      {isMobile
        ? <Button icon={<EyeOutlined />} href={`${pdfUrl}?inline=1`} target="_blank" rel="noreferrer">{t('quotes.actions.preview')}</Button>
        : <Button icon={<EyeOutlined />} onClick={() => setDialog('preview')} data-testid="quote-preview">{t('quotes.actions.preview')}</Button>}

      <Modal open={dialog === 'email'} title={t('quotes.emailDialog.title')} onCancel={() => setDialog(null)} okText={t('quotes.emailDialog.send')}
        confirmLoading={busy} onOk={() => emailForm.submit()} destroyOnHidden okButtonProps={{ 'data-testid': 'quote-email-send' } as ButtonProps}>
        <Form form={emailForm} layout="vertical" onFinish={email} preserve={false}>
          <Form.Item name="to" label={t('quotes.emailDialog.to')} rules={[{ required: true, type: 'email' }]}>
            <Input type="email" autoComplete="email" data-testid="quote-email-to" />
          </Form.Item>
          <Form.Item name="subject" label={t('quotes.emailDialog.subject')} rules={[{ max: 200 }]}>
            <Input placeholder={`报价单 ${quote.number ?? ''}：${quote.title ?? ''}`} />
          </Form.Item>
          <Form.Item name="message" label={t('quotes.emailDialog.message')} rules={[{ max: 5000 }]}>
            <Input.TextArea rows={4} />
          </Form.Item>
          <span>{t('quotes.emailDialog.attachment', { file: fileName })}</span>
        </Form>
      </Modal>

      <Modal open={dialog === 'accept'} title={t('quotes.acceptDialog.title')} onCancel={() => setDialog(null)} okText={t('quotes.acceptDialog.ok')}
        confirmLoading={busy} onOk={accept} okButtonProps={{ 'data-testid': 'quote-accept-ok' } as ButtonProps}>
        {canContract && <Checkbox checked={createContract} onChange={(e) => setCreateContract(e.target.checked)} data-testid="quote-create-contract">{t('quotes.acceptDialog.createContract')}</Checkbox>}
      </Modal>

      <Modal open={dialog === 'reject'} title={t('quotes.rejectDialog.title')} onCancel={() => setDialog(null)} okText={t('quotes.rejectDialog.ok')}
        confirmLoading={busy} onOk={() => rejectForm.submit()} destroyOnHidden okButtonProps={{ danger: true, 'data-testid': 'quote-reject-ok' } as ButtonProps}>
        <Form form={rejectForm} layout="vertical" onFinish={reject} preserve={false}>
          <Form.Item name="reason" label={t('quotes.rejectDialog.reason')} rules={[{ required: true, whitespace: true }, { max: 500 }]}>
            <Input.TextArea rows={3} data-testid="quote-reject-reason" />
          </Form.Item>
        </Form>
      </Modal>

      <Modal open={dialog === 'preview'} title={fileName} onCancel={() => setDialog(null)} footer={null} width="min(960px, 96vw)" destroyOnHidden>
        <iframe title={fileName} src={`${pdfUrl}?inline=1`} style={{ width: '100%', height: '75vh', border: 0 }} />
      </Modal>
    </Space>
  );
}
