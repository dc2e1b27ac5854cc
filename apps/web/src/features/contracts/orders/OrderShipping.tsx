/**
 * An order's lines with what has been delivered, the 发货 dialog (a quantity per line, partial
 * deliveries allowed, never more than what is left) and the shipments so far.
 */

import '../messages.ts';
import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Empty, Flex, Form, Input, List, Modal, Table, Tag, Typography } from 'antd';
import { EditOutlined, FilePdfOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { api, API_BASE, ApiError } from '../../../lib/api.ts';
import { errorMessage } from '../../../lib/errors.ts';
import { useIsMobile } from '../../../lib/useIsMobile.ts';
import { LineItemsEditor } from '../../products/LineItemsEditor.tsx';
import { LineItemsTable } from '../../products/LineItemsTable.tsx';
import { fromDto, toInputs, type LineItemDraft, type LineItemDto } from '../../products/lineItemModel.ts';
import { useRecordPermissions } from '../../records/permissions.ts';
import { checkShipment, fromUnits, remainingOf, toUnits, type Order } from '../model.ts';

const trim = (q: string) => fromUnits(toUnits(q) ?? 0);

export function OrderPdfButton({ orderId }: { orderId: string }) {
  const { t } = useTranslation();
  return <Button icon={<FilePdfOutlined />} href={`${API_BASE}/orders/${orderId}/pdf`} target="_blank">{t('contracts.print')}</Button>;
}

function ShipDialog({ order, lines, open, onClose }: { order: Order; lines: LineItemDto[]; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<{ shippedOn: Dayjs; carrier?: string; trackingNumber?: string; remark?: string }>();
  const [qty, setQty] = useState<Record<string, string>>({});
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const checked = checkShipment(lines, qty);
  const ship = useMutation({
    mutationFn: (v: { shippedOn: Dayjs; carrier?: string; trackingNumber?: string; remark?: string }) => api.post(`/orders/${order.id}/shipments`, {
      shippedOn: v.shippedOn.format('YYYY-MM-DD'), carrier: v.carrier || undefined, trackingNumber: v.trackingNumber || undefined, remark: v.remark || undefined,
      lines: checked.lines,
    }),
    onSuccess: async () => {
      message.success(t('contracts.orders.shipped'));
      setQty({});
      onClose();
      await queryClient.invalidateQueries({ queryKey: ['records', 'order'] });
    },
    onError: (err) => {
      if (err instanceof ApiError) setServerErrors(err.fieldErrors);
      message.error(errorMessage(err));
    },
  });
  const submit = () => {
    if (Object.keys(checked.errors).length) return; // shown under the lines
    if (!checked.lines.length) {
      message.warning(t('contracts.orders.nothingToShip'));
      return;
    }
    form.submit();
  };
  // server errors name lines by their position in what was sent; map back to line ids
  const serverErrorOf = (id: string) => {
    const i = checked.lines.findIndex((l) => l.lineItemId === id);
    return i >= 0 ? serverErrors[`lines[${i}].quantity`] : undefined;
  };
  return (
    <Modal open={open} title={t('contracts.orders.shipTitle')} onCancel={onClose} onOk={submit} width={isMobile ? '100%' : 760}
      okButtonProps={{ loading: ship.isPending, 'data-testid': 'ship-ok' } as never} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ shippedOn: dayjs() }} onFinish={(v) => ship.mutate(v)}>
        <Flex gap={12} wrap>
          <Form.Item name="shippedOn" label={t('contracts.orders.shippedOn')} rules={[{ required: true }]} style={{ flex: '1 1 150px' }}><DatePicker style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="carrier" label={t('contracts.orders.carrier')} style={{ flex: '1 1 150px' }}><Input maxLength={100} data-testid="ship-carrier" /></Form.Item>
          <Form.Item name="trackingNumber" label={t('contracts.orders.trackingNumber')} style={{ flex: '1 1 150px' }}><Input maxLength={100} /></Form.Item>
        </Flex>
      </Form>
      <List dataSource={lines} data-testid="ship-lines" renderItem={(l, i) => {
        const left = remainingOf(l);
        const err = checked.errors[l.id];
        const serverErr = serverErrorOf(l.id);
        return (
          <List.Item>
            <Flex justify="space-between" align="center" wrap gap={8} style={{ width: '100%' }}>
              <Flex vertical style={{ minWidth: 0 }}>
                <Typography.Text strong className="ll-break">{l.productName}</Typography.Text>
                <Typography.Text type="secondary">
                  {t('contracts.orders.ordered')} {trim(l.quantity)}{l.unit ?? ''} · {t('contracts.orders.delivered')} {trim(l.deliveredQuantity)} · {t('contracts.orders.remaining', { n: left })}
                </Typography.Text>
              </Flex>
              <Flex vertical align="end">
                <Input style={{ width: 120 }} inputMode="decimal" disabled={toUnits(left) === 0} placeholder={left} value={qty[l.id] ?? ''}
                  status={err || serverErr ? 'error' : undefined} data-testid={`ship-qty-${i}`}
                  onChange={(e) => { setServerErrors({}); setQty({ ...qty, [l.id]: e.target.value }); }} />
                {(err || serverErr) && <Typography.Text type="danger" style={{ fontSize: 12 }} data-testid={`ship-error-${i}`}>{serverErr ?? (err === 'tooMany' ? t('contracts.orders.remaining', { n: left }) : '0.0001 ~')}</Typography.Text>}
              </Flex>
            </Flex>
          </List.Item>
        );
      }} />
    </Modal>
  );
}

export default function OrderShipping({ order }: { order: Order }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const can = useRecordPermissions('order');
  const [shipping, setShipping] = useState(false);
  const [drafts, setDrafts] = useState<LineItemDraft[] | null>(null);
  const [lineErrors, setLineErrors] = useState<Record<string, string>>({});
  const lines = order.lines ?? [];
  const shipments = order.shipments ?? [];
  const canShip = can('edit') && order.status === 'confirmed' && order.deliveryStatus !== 'delivered' && lines.length > 0;
  const saveLines = useMutation({
    mutationFn: (d: LineItemDraft[]) => api.patch(`/orders/${order.id}`, { lines: toInputs(d) }),
    onSuccess: async () => { setDrafts(null); await queryClient.invalidateQueries({ queryKey: ['records', 'order'] }); },
    onError: (err) => {
      if (err instanceof ApiError) setLineErrors(err.fieldErrors);
      message.error(errorMessage(err));
    },
  });
  return (
    <Flex vertical gap={12}>
      <Flex justify="flex-end" gap={8} wrap>
        {can('edit') && !shipments.length && (
          <Button icon={<EditOutlined />} onClick={() => { setLineErrors({}); setDrafts(lines.map(fromDto)); }}>{t('contracts.editLines')}</Button>
        )}
        {canShip && <Button type="primary" icon={<SendOutlined />} onClick={() => setShipping(true)} data-testid="order-ship">{t('contracts.orders.ship')}</Button>}
      </Flex>
      {order.deliveryStatus === 'delivered' && <Alert type="success" showIcon message={t('contracts.orders.allDelivered')} />}
      <LineItemsTable lines={lines} showDelivered />
      <Card size="small" title={t('contracts.orders.shipmentsTab')}>
        {shipments.length ? (
          <Table size="small" rowKey="id" pagination={false} dataSource={shipments} data-testid="order-shipments" scroll={{ x: true }} columns={[
            { key: 'number', title: '#', dataIndex: 'number' },
            { key: 'shippedOn', title: t('contracts.orders.shippedOn'), dataIndex: 'shippedOn' },
            { key: 'carrier', title: t('contracts.orders.carrier'), render: (_, s) => [s.carrier, s.trackingNumber].filter(Boolean).join(' · ') || '—' },
            { key: 'lines', title: t('contracts.orders.toShip'), render: (_, s) => (
              <Flex wrap gap={4}>{s.lines.map((l) => <Tag key={l.lineItemId}>{l.productName} × {l.quantity}{l.unit ?? ''}</Tag>)}</Flex>
            ) },
          ]} />
        ) : <Empty description={t('contracts.orders.noShipments')} image={Empty.PRESENTED_IMAGE_SIMPLE} />}
      </Card>
      <ShipDialog order={order} lines={lines} open={shipping} onClose={() => setShipping(false)} />
      <Modal open={drafts !== null} title={t('contracts.editLines')} width={1100} onCancel={() => setDrafts(null)} onOk={() => drafts && saveLines.mutate(drafts)}
        okButtonProps={{ loading: saveLines.isPending }} destroyOnHidden>
        {drafts && <LineItemsEditor value={drafts} onChange={setDrafts} serverErrors={lineErrors} />}
      </Modal>
    </Flex>
  );
}
