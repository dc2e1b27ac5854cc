/**
 * Editable line items (明细) for opportunities, quotes, contracts and orders: product picker, list
 * and sale price, quantity, discount (% or amount), tax rate, subtotal and the document totals
 * (合计 / 折扣 / 税额 / 价税合计), priced live with the shared exact arithmetic. Lines stack as
 * cards on a phone. The server re-prices on save and is the authority.
 */

import './messages.ts';
import { useMemo, useRef } from 'react';
import { Button, Card, Empty, Input, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { displayMoney, type DiscountKind, type PricedDocument, type PricedLine, type ProductPriceQuote } from '@loopline/shared';
import { api } from '../../lib/api.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { emptyLine, priceDrafts, type DocumentDiscountDraft, type LineItemDraft } from './lineItemModel.ts';
import { ProductPicker, type Picked } from './ProductPicker.tsx';

export interface LineItemsEditorProps {
  value: LineItemDraft[];
  onChange(v: LineItemDraft[]): void;
  priceBookId?: string | null;
  readOnly?: boolean;
  discount?: DocumentDiscountDraft;
  onDiscountChange?(d: DocumentDiscountDraft): void;
  /** server field errors (ApiError.fieldErrors), keyed `lines[i].field` / `discount.value` */
  serverErrors?: Record<string, string>;
}

function Totals({ priced, discount, onDiscountChange, readOnly, error }: { priced: PricedDocument | null; discount?: DocumentDiscountDraft; onDiscountChange?(d: DocumentDiscountDraft): void; readOnly?: boolean; error?: string }) {
  const { t } = useTranslation();
  const m = (fen: number | undefined) => (fen === undefined ? '—' : displayMoney(fen));
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16, justifyContent: 'flex-end', alignItems: 'center', marginTop: 12 }} data-testid="line-totals">
      {onDiscountChange && (
        <Space.Compact>
          <Select value={discount?.kind ?? 'percent'} disabled={readOnly} style={{ width: 90 }} data-testid="doc-discount-kind"
            options={[{ value: 'percent', label: t('products.lines.discountPercent') }, { value: 'amount', label: t('products.lines.discountAmount') }]}
            onChange={(kind: DiscountKind) => onDiscountChange({ kind, value: discount?.value ?? '' })} />
          <Input value={discount?.value ?? ''} disabled={readOnly} status={error ? 'error' : undefined} style={{ width: 120 }} inputMode="decimal"
            addonBefore={t('products.lines.docDiscount')} data-testid="doc-discount-value" title={error}
            onChange={(e) => onDiscountChange({ kind: discount?.kind ?? 'percent', value: e.target.value })} />
        </Space.Compact>
      )}
      <span>{t('products.lines.gross')}: <b data-testid="total-gross">{m(priced?.grossAmount)}</b></span>
      <span>{t('products.lines.totalDiscount')}: <b data-testid="total-discount">{m(priced?.discountAmount)}</b></span>
      <span>{t('products.lines.totalTax')}: <b data-testid="total-tax">{m(priced?.taxAmount)}</b></span>
      <span>{t('products.lines.total')}: <b style={{ fontSize: 16 }} data-testid="total-amount">{m(priced?.totalAmount)}</b></span>
    </div>
  );
}

export function LineItemsEditor({ value, onChange, priceBookId, readOnly, discount, onDiscountChange, serverErrors }: LineItemsEditorProps) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const latest = useRef(value);
  latest.current = value;
  const live = useMemo(() => priceDrafts(value, discount), [value, discount]);
  const errors = { ...serverErrors, ...live.errors };
  const err = (i: number, f: string) => errors[`lines[${i}].${f}`];

  const patch = (i: number, p: Partial<LineItemDraft>) => onChange(latest.current.map((l, j) => (j === i ? { ...l, ...p } : l)));
  const remove = (i: number) => onChange(latest.current.filter((_, j) => j !== i));
  const add = () => onChange([...latest.current, emptyLine()]);

  const priceFor = (productId: string, quantity: string) =>
    api.get<ProductPriceQuote>(`/products/${productId}/price`, { priceBookId: priceBookId ?? undefined, quantity: /^\d+(\.\d+)?$/.test(quantity.trim()) ? quantity.trim() : '1' }).catch(() => null);

  const pick = async (i: number, p: Picked | null) => {
    if (!p) return patch(i, { productId: null, productCode: null });
    const line = latest.current[i];
    patch(i, { productId: p.id, productCode: p.code, productName: p.name, unit: p.unit, specification: p.specification, listPrice: p.listPrice, salePrice: p.listPrice, taxRate: p.taxRate });
    const quote = await priceFor(p.id, line?.quantity ?? '1');
    if (quote && latest.current[i]?.productId === p.id) patch(i, { listPrice: quote.price, salePrice: quote.price, taxRate: quote.taxRate });
  };

  /** A product line's quantity may reach another tier: the sale price follows while it still equals the list price. */
  const changeQuantity = async (i: number, quantity: string) => {
    patch(i, { quantity });
    const line = latest.current[i];
    if (!line?.productId) return;
    const quote = await priceFor(line.productId, quantity);
    const now = latest.current[i];
    if (!quote || !now || now.productId !== line.productId || now.quantity !== quantity || quote.price === now.listPrice) return;
    patch(i, { listPrice: quote.price, ...(now.salePrice === now.listPrice || !now.salePrice ? { salePrice: quote.price } : {}) });
  };

  const pricedLine = (i: number): PricedLine | undefined => live.priced?.lines[i];
  const field = (i: number, key: keyof LineItemDraft, width?: number) => (
    <Input value={(value[i]?.[key] as string | undefined) ?? ''} disabled={readOnly} inputMode="decimal" style={width ? { width } : undefined}
      status={err(i, key) ? 'error' : undefined} title={err(i, key)} data-testid={`line-${i}-${key}`}
      onChange={(e) => (key === 'quantity' ? void changeQuantity(i, e.target.value) : patch(i, { [key]: e.target.value }))} />
  );
  const discountField = (i: number) => (
    <Space.Compact style={{ width: '100%' }}>
      <Select value={value[i]?.discountKind ?? 'percent'} disabled={readOnly} style={{ width: 72 }} data-testid={`line-${i}-discountKind`}
        options={[{ value: 'percent', label: '%' }, { value: 'amount', label: '¥' }]} onChange={(k: DiscountKind) => patch(i, { discountKind: k })} />
      {field(i, 'discountValue')}
    </Space.Compact>
  );
  const productCell = (i: number) => {
    const l = value[i]!;
    return (
      <Space direction="vertical" size={4} style={{ width: '100%' }}>
        <ProductPicker value={l.productId} label={l.productCode ? `${l.productCode} · ${l.productName}` : l.productName} disabled={readOnly}
          onPick={(p) => void pick(i, p)} testId={`line-${i}-product`} />
        {!l.productId && (
          <Input value={l.productName ?? ''} disabled={readOnly} placeholder={t('products.lines.customName')} status={err(i, 'productName') ? 'error' : undefined}
            onChange={(e) => patch(i, { productName: e.target.value })} data-testid={`line-${i}-productName`} />
        )}
        {err(i, 'productId') && <Typography.Text type="danger">{err(i, 'productId')}</Typography.Text>}
      </Space>
    );
  };
  const subtotal = (i: number) => <span data-testid={`line-${i}-subtotal`}>{pricedLine(i) ? displayMoney(pricedLine(i)!.totalAmount) : '—'}</span>;
  const removeBtn = (i: number) =>
    readOnly ? null : <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('products.lines.remove')} onClick={() => remove(i)} data-testid={`line-${i}-remove`} />;

  const body = !value.length ? (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('products.lines.empty')} />
  ) : isMobile ? (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="line-cards">
      {value.map((l, i) => (
        <Card key={l.id ?? i} size="small" title={t('products.lines.line', { n: i + 1 })} extra={removeBtn(i)} data-testid={`line-${i}`}>
          <Space direction="vertical" style={{ width: '100%' }}>
            {productCell(i)}
            <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 8 }}>
              <label>{t('products.lines.listPrice')}{field(i, 'listPrice')}</label>
              <label>{t('products.lines.salePrice')}{field(i, 'salePrice')}</label>
              <label>{t('products.lines.quantity')}{field(i, 'quantity')}</label>
              <label>{t('products.lines.taxRate')}{field(i, 'taxRate')}</label>
            </div>
            <label>{t('products.lines.discount')}{discountField(i)}</label>
            <div style={{ textAlign: 'right' }}>{t('products.lines.subtotal')}: <b>{subtotal(i)}</b></div>
          </Space>
        </Card>
      ))}
    </Space>
  ) : (
    <div style={{ overflowX: 'auto' }}>
      <table className="ll-line-items" style={{ width: '100%', borderCollapse: 'collapse' }} data-testid="line-table">
        <thead>
          <tr style={{ textAlign: 'left' }}>
            <th style={{ minWidth: 200 }}>{t('products.lines.product')}</th>
            <th>{t('products.lines.listPrice')}</th>
            <th>{t('products.lines.salePrice')}</th>
            <th style={{ width: 90 }}>{t('products.lines.quantity')}</th>
            <th style={{ width: 170 }}>{t('products.lines.discount')}</th>
            <th style={{ width: 80 }}>{t('products.lines.taxRate')}</th>
            <th style={{ textAlign: 'right' }}>{t('products.lines.subtotal')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {value.map((l, i) => (
            <tr key={l.id ?? i} data-testid={`line-${i}`} style={{ verticalAlign: 'top' }}>
              <td style={{ padding: 4 }}>{productCell(i)}</td>
              <td style={{ padding: 4 }}>{field(i, 'listPrice', 110)}</td>
              <td style={{ padding: 4 }}>{field(i, 'salePrice', 110)}</td>
              <td style={{ padding: 4 }}>{field(i, 'quantity')}</td>
              <td style={{ padding: 4 }}>{discountField(i)}</td>
              <td style={{ padding: 4 }}>{field(i, 'taxRate')}</td>
              <td style={{ padding: 4, textAlign: 'right', whiteSpace: 'nowrap' }}>{subtotal(i)}</td>
              <td style={{ padding: 4 }}>{removeBtn(i)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );

  return (
    <div data-testid="line-items-editor">
      {body}
      {!readOnly && (
        <Button type="dashed" icon={<PlusOutlined />} onClick={add} block style={{ marginTop: 8 }} data-testid="line-add">
          {t('products.lines.add')}
        </Button>
      )}
      <Totals priced={live.priced} discount={discount} onDiscountChange={onDiscountChange} readOnly={readOnly} error={errors['discount.value']} />
      {Object.keys(live.errors).length > 0 && value.length > 0 && <Typography.Text type="danger">{t('products.lines.invalid')}</Typography.Text>}
    </div>
  );
}

export default LineItemsEditor;
