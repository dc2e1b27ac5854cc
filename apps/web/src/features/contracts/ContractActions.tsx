/** Contract page buttons: 打印/PDF, 生成订单 (approved), 作废 (with a reason). */

import './messages.ts';
import { useState } from 'react';
import { App, Button, Input, Modal } from 'antd';
import { FilePdfOutlined, ShoppingCartOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api, API_BASE } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { useRecordPermissions } from '../records/permissions.ts';
import type { Contract } from './model.ts';

export default function ContractActions({ contract: c, canEdit, onChanged }: { contract: Contract; canEdit: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const canOrder = useRecordPermissions('order')('create');
  const [voiding, setVoiding] = useState(false);
  const [reason, setReason] = useState('');
  const voidIt = useMutation({
    mutationFn: () => api.post(`/contracts/${c.id}/void`, { reason: reason.trim() }),
    onSuccess: () => { message.success(t('contracts.voided')); setVoiding(false); onChanged(); },
    onError: (err) => message.error(errorMessage(err)),
  });
  const order = useMutation({
    mutationFn: () => api.post<{ id: string }>('/orders', { contractId: c.id }),
    onSuccess: (o) => { message.success(t('contracts.orderCreated')); navigate(`/orders/${o.id}`); },
    onError: (err) => message.error(errorMessage(err)),
  });
  return (
    <>
      <Button icon={<FilePdfOutlined />} href={`${API_BASE}/contracts/${c.id}/pdf`} target="_blank" data-testid="contract-pdf">{t('contracts.print')}</Button>
      {c.status === 'approved' && canOrder && (
        <Button icon={<ShoppingCartOutlined />} loading={order.isPending} onClick={() => order.mutate()} data-testid="contract-new-order" style={{ marginInlineStart: 8 }}>{t('contracts.newOrder')}</Button>
      )}
      {canEdit && c.status && c.status !== 'void' && c.status !== 'inReview' && (
        <Button danger icon={<StopOutlined />} onClick={() => setVoiding(true)} data-testid="contract-void" style={{ marginInlineStart: 8 }}>{t('contracts.void')}</Button>
      )}
      <Modal open={voiding} title={t('contracts.voidTitle')} onCancel={() => setVoiding(false)} okButtonProps={{ danger: true, disabled: !reason.trim(), loading: voidIt.isPending, 'data-testid': 'contract-void-ok' } as never}
        onOk={() => voidIt.mutate()} destroyOnHidden>
        <Input.TextArea rows={3} maxLength={500} placeholder={t('contracts.voidReason')} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="contract-void-reason" />
      </Modal>
    </>
  );
}
