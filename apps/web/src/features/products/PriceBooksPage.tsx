/** /settings/price-books: price books (one default), each with product prices and quantity tiers. */

import './messages.ts';
import { useEffect, useState } from 'react';
import { App, Button, Card, Empty, Flex, Form, Input, List, Modal, Popconfirm, Space, Switch, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined, StarOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { displayMoney, parseMoney } from '@loopline/shared';
import { PageHeader } from '../../components/PageHeader.tsx';
import { api, ApiError } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { productKeys, useEntries, usePriceBooks, type PriceBookEntryView, type PriceBookView } from './api.ts';
import { ProductPicker, type Picked } from './ProductPicker.tsx';

const money = (v: string) => displayMoney(parseMoney(v));

interface BookForm { name: string; description?: string; active: boolean; isDefault: boolean }

function BookModal({ book, open, onClose }: { book: PriceBookView | null; open: boolean; onClose(saved?: PriceBookView): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<BookForm>();
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (open) form.setFieldsValue(book ? { name: book.name, description: book.description ?? '', active: book.active, isDefault: book.isDefault } : { name: '', description: '', active: true, isDefault: false });
  }, [open, book, form]);
  const submit = async (v: BookForm) => {
    setSaving(true);
    try {
      const saved = book ? await api.patch<PriceBookView>(`/price-books/${book.id}`, v) : await api.post<PriceBookView>('/price-books', v);
      onClose(saved);
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fieldErrors).length) form.setFields(Object.entries(err.fieldErrors).map(([name, e]) => ({ name: name as keyof BookForm, errors: [e] })));
      else message.error(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open={open} title={book ? t('products.priceBooks.edit') : t('products.priceBooks.create')} onCancel={() => onClose()} onOk={() => form.submit()}
      confirmLoading={saving} okButtonProps={{ 'data-testid': 'book-save' } as never} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="name" label={t('products.priceBooks.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input data-testid="book-name" maxLength={100} />
        </Form.Item>
        <Form.Item name="description" label={t('products.priceBooks.description')} rules={[{ max: 500 }]}>
          <Input.TextArea autoSize={{ minRows: 2 }} />
        </Form.Item>
        <Space size={24}>
          <Form.Item name="active" label={t('products.priceBooks.active')} valuePropName="checked"><Switch /></Form.Item>
          <Form.Item name="isDefault" label={t('products.priceBooks.isDefault')} valuePropName="checked"><Switch data-testid="book-default" /></Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

interface EntryForm { price: string; tiers: { minQuantity: string; price: string }[] }

/** Price and tiers of one product in a book; the server's 400 names `price` or `tiers[i].field`, shown on that input. */
function EntryModal({ bookId, entry, open, onClose }: { bookId: string; entry: PriceBookEntryView | null; open: boolean; onClose(saved?: boolean): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<EntryForm>();
  const [product, setProduct] = useState<Picked | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (!open) return;
    setProduct(null);
    form.setFieldsValue(entry ? { price: entry.price, tiers: entry.tiers } : { price: '', tiers: [] });
  }, [open, entry, form]);
  const productId = entry?.productId ?? product?.id;
  const submit = async (v: EntryForm) => {
    if (!productId) return;
    setSaving(true);
    try {
      await api.put(`/price-books/${bookId}/entries/${productId}`, { price: v.price, tiers: v.tiers ?? [] });
      onClose(true);
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fieldErrors).length) {
        form.setFields(Object.entries(err.fieldErrors).map(([name, e]) => {
          const m = /^tiers\[(\d+)\]\.(\w+)$/.exec(name);
          return { name: (m ? ['tiers', Number(m[1]), m[2]] : [name]) as never, errors: [e] };
        }));
      } else message.error(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open={open} title={entry ? `${t('products.priceBooks.editEntry')} · ${entry.productName}` : t('products.priceBooks.addEntry')} onCancel={() => onClose()}
      onOk={() => form.submit()} confirmLoading={saving} okButtonProps={{ disabled: !productId, 'data-testid': 'entry-save' } as never} destroyOnHidden>
      {!entry && (
        <Form.Item label={t('products.priceBooks.product')} required>
          <ProductPicker value={product?.id} label={product ? `${product.code} · ${product.name}` : undefined} listedOnly={false} testId="entry-product"
            onPick={(p) => { setProduct(p); if (p && !form.getFieldValue('price')) form.setFieldValue('price', p.listPrice); }} />
        </Form.Item>
      )}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="price" label={t('products.priceBooks.price')} rules={[{ required: true, whitespace: true }]}>
          <Input inputMode="decimal" prefix="¥" data-testid="entry-price" />
        </Form.Item>
        <Typography.Text strong>{t('products.priceBooks.tiers')}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>{t('products.priceBooks.tierHint')}</Typography.Paragraph>
        <Form.List name="tiers">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Flex key={f.key} gap={8} align="flex-start" data-testid={`tier-${i}`}>
                  <Form.Item name={[f.name, 'minQuantity']} rules={[{ required: true, whitespace: true }]} style={{ flex: 1, marginBottom: 8 }}>
                    <Input inputMode="decimal" addonBefore="≥" placeholder={t('products.priceBooks.minQuantity')} data-testid={`tier-${i}-min`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'price']} rules={[{ required: true, whitespace: true }]} style={{ flex: 1, marginBottom: 8 }}>
                    <Input inputMode="decimal" prefix="¥" placeholder={t('products.priceBooks.tierPrice')} data-testid={`tier-${i}-price`} />
                  </Form.Item>
                  <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('products.lines.remove')} />
                </Flex>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} block onClick={() => add({ minQuantity: '', price: '' })} data-testid="tier-add">
                {t('products.priceBooks.addTier')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

export default function PriceBooksPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const queryClient = useQueryClient();
  const books = usePriceBooks();
  const [selected, setSelected] = useState<string | null>(null);
  const [bookDialog, setBookDialog] = useState<{ book: PriceBookView | null } | null>(null);
  const [entryDialog, setEntryDialog] = useState<{ entry: PriceBookEntryView | null } | null>(null);
  const current = books.data?.find((b) => b.id === selected) ?? books.data?.[0] ?? null;
  const entries = useEntries(current?.id ?? null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: productKeys.books });
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      message.success(t('products.saved'));
      await refresh();
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  const bookList = (
    <div data-testid="price-book-list"><List loading={books.isPending} dataSource={books.data ?? []} locale={{ emptyText: t('products.priceBooks.none') }}
      renderItem={(b) => (
        <List.Item onClick={() => setSelected(b.id)} style={{ cursor: 'pointer', paddingInline: 8, background: current?.id === b.id ? 'rgba(22,119,255,0.08)' : undefined, borderRadius: 6 }}
          data-testid={`book-${b.name}`}
          actions={[
            <Button key="e" size="small" type="text" icon={<EditOutlined />} aria-label={t('products.priceBooks.edit')} onClick={(e) => { e.stopPropagation(); setBookDialog({ book: b }); }} />,
            ...(!b.isDefault && b.active ? [<Button key="d" size="small" type="text" icon={<StarOutlined />} aria-label={t('products.priceBooks.setDefault')} title={t('products.priceBooks.setDefault')}
              onClick={(e) => { e.stopPropagation(); void act(() => api.patch(`/price-books/${b.id}`, { isDefault: true })); }} />] : []),
            <Popconfirm key="x" title={t('products.priceBooks.deleteConfirm', { name: b.name })} onConfirm={() => void act(() => api.delete(`/price-books/${b.id}`))}>
              <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('products.priceBooks.delete')} onClick={(e) => e.stopPropagation()} />
            </Popconfirm>,
          ]}>
          <List.Item.Meta
            title={<Space size={4} wrap>{b.name}{b.isDefault && <Tag color="gold">{t('products.priceBooks.default')}</Tag>}{!b.active && <Tag>{t('products.priceBooks.inactive')}</Tag>}</Space>}
            description={t('products.priceBooks.entryCount', { count: b.entryCount })} />
        </List.Item>
      )} /></div>
  );

  const entryTable = !current ? <Empty description={t('products.priceBooks.pick')} /> : (
    <Card size="small" title={`${current.name} · ${t('products.priceBooks.entries')}`}
      extra={<Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setEntryDialog({ entry: null })} data-testid="entry-add">{isMobile ? null : t('products.priceBooks.addEntry')}</Button>}>
      <div data-testid="entry-table"><Table rowKey="id" size="small" loading={entries.isFetching} dataSource={entries.data ?? []} pagination={{ pageSize: 50, hideOnSinglePage: true }} scroll={{ x: 'max-content' }}
        columns={[
          { key: 'product', title: t('products.priceBooks.product'), render: (_, e) => <span>{e.productName} <Typography.Text type="secondary">{e.productCode}</Typography.Text></span> },
          ...(isMobile ? [] : [{ key: 'list', title: t('products.priceBooks.listPrice'), align: 'right' as const, render: (_: unknown, e: PriceBookEntryView) => money(e.listPrice) }]),
          { key: 'price', title: t('products.priceBooks.price'), align: 'right', render: (_, e) => <b>{money(e.price)}</b> },
          { key: 'tiers', title: t('products.priceBooks.tiers'), render: (_, e) => (e.tiers.length
            ? <Space wrap size={4}>{e.tiers.map((x) => <Tag key={x.minQuantity}>≥{x.minQuantity}{e.unit ?? ''}: {money(x.price)}</Tag>)}</Space>
            : <Typography.Text type="secondary">—</Typography.Text>) },
          { key: 'actions', title: '', render: (_, e) => (
            <Space size={0}>
              <Button size="small" type="text" icon={<EditOutlined />} aria-label={t('products.priceBooks.editEntry')} onClick={() => setEntryDialog({ entry: e })} data-testid={`entry-edit-${e.productCode}`} />
              <Popconfirm title={t('products.priceBooks.removeEntry')} onConfirm={() => void act(async () => {
                await api.delete(`/price-books/${current.id}/entries/${e.productId}`);
                await queryClient.invalidateQueries({ queryKey: productKeys.entries(current.id) });
              })}>
                <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('products.priceBooks.removeEntry')} />
              </Popconfirm>
            </Space>
          ) },
        ]} /></div>
    </Card>
  );

  return (
    <div>
      <PageHeader title={t('products.priceBooks.title')}
        extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setBookDialog({ book: null })} data-testid="book-create">{t('products.priceBooks.create')}</Button>} />
      <div style={{ display: 'flex', gap: 16, flexDirection: isMobile ? 'column' : 'row', alignItems: 'flex-start' }}>
        <div style={{ width: isMobile ? '100%' : 280, flex: isMobile ? undefined : '0 0 280px' }}>{bookList}</div>
        <div style={{ flex: 1, minWidth: 0, width: '100%' }}>{entryTable}</div>
      </div>
      <BookModal open={bookDialog !== null} book={bookDialog?.book ?? null} onClose={(saved) => {
        setBookDialog(null);
        if (saved) { setSelected(saved.id); void refresh(); }
      }} />
      {current && (
        <EntryModal open={entryDialog !== null} bookId={current.id} entry={entryDialog?.entry ?? null} onClose={(saved) => {
          setEntryDialog(null);
          if (saved) {
            message.success(t('products.saved'));
            void queryClient.invalidateQueries({ queryKey: ['products'] });
          }
        }} />
      )}
    </div>
  );
}
