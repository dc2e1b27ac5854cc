/** Read-only line items (明细) of a saved document with its totals; a list of cards on a phone. */

import './messages.ts';
import { Card, Empty, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { displayMoney, parseMoney } from '@loopline/shared';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { totalsOfLines, type LineItemDto } from './lineItemModel.ts';

export interface LineItemsTableProps {
  lines: LineItemDto[];
  loading?: boolean;
  /** orders: show the delivered quantity */
  showDelivered?: boolean;
}

const money = (v: string) => displayMoney(parseMoney(v));

export function LineItemsTable({ lines, loading, showDelivered }: LineItemsTableProps) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const totals = totalsOfLines(lines);
  const discountText = (l: LineItemDto) => {
    const own = l.discountKind === 'percent' ? (l.discountValue === '0' ? '' : `${l.discountValue}%`) : money(l.discountValue);
    const all = parseMoney(l.discountAmount) + parseMoney(l.allocatedDiscount);
    return all ? `${displayMoney(all)}${own && l.discountKind === 'percent' ? ` (${own})` : ''}` : '—';
  };
  const footer = (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16, justifyContent: 'flex-end', marginTop: 8 }} data-testid="line-totals">
      <span>{t('products.lines.gross')}: <b data-testid="total-gross">{money(totals.grossAmount)}</b></span>
      <span>{t('products.lines.totalDiscount')}: <b data-testid="total-discount">{money(totals.discountAmount)}</b></span>
      <span>{t('products.lines.totalTax')}: <b data-testid="total-tax">{money(totals.taxAmount)}</b></span>
      <span>{t('products.lines.total')}: <b style={{ fontSize: 16 }} data-testid="total-amount">{money(totals.totalAmount)}</b></span>
    </div>
  );
  if (!lines.length && !loading) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('products.lines.empty')} />;
  if (isMobile) {
    return (
      <div data-testid="line-items-table">
        <Space direction="vertical" style={{ width: '100%' }}>
          {lines.map((l, i) => (
            <Card key={l.id} size="small" data-testid={`line-${i}`} title={<span>{l.productName}{l.productCode && <Tag style={{ marginLeft: 8 }}>{l.productCode}</Tag>}</span>}>
              <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 4 }}>
                <span>{t('products.lines.salePrice')}: {money(l.salePrice)}</span>
                <span>{t('products.lines.quantity')}: {l.quantity}{l.unit ?? ''}</span>
                <span>{t('products.lines.discount')}: {discountText(l)}</span>
                <span>{t('products.lines.taxRate')}: {l.taxRate}</span>
                {showDelivered && <span>{t('products.lines.delivered')}: {l.deliveredQuantity}</span>}
                <span>{t('products.lines.subtotal')}: <b>{money(l.totalAmount)}</b></span>
              </div>
            </Card>
          ))}
        </Space>
        {footer}
      </div>
    );
  }
  return (
    <div data-testid="line-items-table">
      <Table<LineItemDto> rowKey="id" size="small" pagination={false} loading={loading} dataSource={lines} scroll={{ x: 'max-content' }}
        onRow={(_, i) => ({ 'data-testid': `line-${i}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'product', title: t('products.lines.product'), render: (_, l) => <span>{l.productName}{l.productCode && <Tag style={{ marginLeft: 8 }}>{l.productCode}</Tag>}</span> },
          { key: 'spec', title: t('products.lines.specification'), dataIndex: 'specification', render: (v: string | null) => v ?? '—' },
          { key: 'unit', title: t('products.lines.unit'), dataIndex: 'unit', render: (v: string | null) => v ?? '—' },
          { key: 'list', title: t('products.lines.listPrice'), align: 'right', render: (_, l) => money(l.listPrice) },
          { key: 'sale', title: t('products.lines.salePrice'), align: 'right', render: (_, l) => money(l.salePrice) },
          { key: 'qty', title: t('products.lines.quantity'), align: 'right', dataIndex: 'quantity' },
          ...(showDelivered ? [{ key: 'delivered', title: t('products.lines.delivered'), align: 'right' as const, dataIndex: 'deliveredQuantity' }] : []),
          { key: 'discount', title: t('products.lines.discount'), align: 'right', render: (_, l) => discountText(l) },
          { key: 'tax', title: t('products.lines.taxRate'), align: 'right', dataIndex: 'taxRate' },
          { key: 'taxAmount', title: t('products.lines.tax'), align: 'right', render: (_, l) => money(l.taxAmount) },
          { key: 'total', title: t('products.lines.subtotal'), align: 'right', render: (_, l) => <b>{money(l.totalAmount)}</b> },
        ]} />
      {footer}
    </div>
  );
}

export default LineItemsTable;
