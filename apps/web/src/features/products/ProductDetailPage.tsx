import './messages.ts';
import { useMemo } from 'react';
import { App, Button, Empty, Image, Popconfirm, Space, Table, Tag, TreeSelect, Typography, Upload } from 'antd';
import { DeleteOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { displayMoney, parseMoney } from '@loopline/shared';
import { API_BASE, api, readCookie } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { recordKeys } from '../records/api.ts';
import { RecordDetailPage } from '../records/RecordDetailPage.tsx';
import { useRecordPermissions } from '../records/permissions.ts';
import type { RecordTypeConfig } from '../records/types.ts';
import { buildCategoryTree, useCategories, useProductBooks, type CategoryNode } from './api.ts';
import { productConfig, type Product } from './config.tsx';

const money = (v: string) => displayMoney(parseMoney(v));

/** Images (first = cover): upload as a platform file attached to the product, then keep its id in imageIds. */
function ProductImages({ product }: { product: Product }) {
  const { t } = useTranslation();
  const canEdit = useRecordPermissions('product')('edit');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const ids = product.imageIds ?? [];
  const csrf = readCookie('ll_csrf');
  const setIds = async (next: string[]) => {
    try {
      await api.patch(`/products/${product.id}`, { imageIds: next });
      await queryClient.invalidateQueries({ queryKey: recordKeys.all('product') });
    } catch (err) {
      message.error(errorMessage(err));
    }
  };
  return (
    <div data-testid="product-images">
      <Typography.Text strong>{t('products.images.title')}</Typography.Text>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginTop: 8, alignItems: 'flex-start' }}>
        {!ids.length && <Typography.Text type="secondary">{t('products.images.empty')}</Typography.Text>}
        <Image.PreviewGroup>
          {ids.map((fileId, i) => (
            <div key={fileId} style={{ position: 'relative' }}>
              <Image width={96} height={96} style={{ objectFit: 'cover', borderRadius: 6 }} src={`${API_BASE}/products/${product.id}/images/${fileId}`} alt={product.name ?? ''} />
              {i === 0 && <Tag color="blue" style={{ position: 'absolute', left: 4, top: 4 }}>{t('products.images.cover')}</Tag>}
              {canEdit && (
                <Popconfirm title={t('products.images.remove')} onConfirm={() => void setIds(ids.filter((x) => x !== fileId))}>
                  <Button size="small" danger type="text" icon={<DeleteOutlined />} aria-label={t('products.images.remove')} style={{ position: 'absolute', right: 0, top: 0 }} />
                </Popconfirm>
              )}
            </div>
          ))}
        </Image.PreviewGroup>
        {canEdit && ids.length < 20 && (
          <Upload name="file" accept="image/png,image/jpeg,image/gif,image/webp" action={`${API_BASE}/files`} data={{ recordType: 'product', recordId: product.id }}
            withCredentials showUploadList={false} headers={csrf ? { 'x-csrf-token': csrf } : {}}
            onChange={({ file }) => {
              if (file.status === 'done') void setIds([...ids, (file.response as { id: string }).id]);
              else if (file.status === 'error') message.error(file.response?.error?.message ?? t('errors.generic'));
            }}>
            <Button icon={<UploadOutlined />} data-testid="product-image-upload">{t('products.images.upload')}</Button>
          </Upload>
        )}
      </div>
    </div>
  );
}

const treeOptions = (nodes: CategoryNode[]): { value: string; title: string; children: unknown[] }[] =>
  nodes.map((n) => ({ value: n.id, title: n.name, children: treeOptions(n.children) }));

function CategoryPicker({ product, refresh }: { product: Product; refresh(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const cats = useCategories();
  const data = useMemo(() => treeOptions(buildCategoryTree(cats.data ?? [])), [cats.data]);
  return (
    <TreeSelect style={{ minWidth: 180 }} value={product.categoryId ?? undefined} treeData={data as never} treeDefaultExpandAll allowClear
      placeholder={t('products.categories.move')} data-testid="product-category" loading={cats.isPending}
      onChange={async (v: string | undefined) => {
        try {
          await api.patch(`/products/${product.id}`, { categoryId: v ?? null });
          message.success(t('products.saved'));
          refresh();
        } catch (err) {
          message.error(errorMessage(err));
        }
      }} />
  );
}

function PriceBooksTab({ product }: { product: Product }) {
  const { t } = useTranslation();
  const books = useProductBooks(product.id);
  if (!books.isPending && !books.data?.length) return <Empty description={t('products.priceBooks.notIn')} />;
  return (
    <div data-testid="product-price-books"><Table rowKey="id" size="small" pagination={false} loading={books.isPending} dataSource={books.data ?? []} scroll={{ x: 'max-content' }}
      columns={[
        { key: 'book', title: t('products.priceBooks.book'), dataIndex: 'priceBookName' },
        { key: 'price', title: t('products.priceBooks.price'), align: 'right', render: (_, e) => money(e.price) },
        { key: 'tiers', title: t('products.priceBooks.tiers'), render: (_, e) => (e.tiers.length
          ? <Space wrap size={4}>{e.tiers.map((x) => <Tag key={x.minQuantity}>≥{x.minQuantity}: {money(x.price)}</Tag>)}</Space>
          : <Typography.Text type="secondary">{t('products.priceBooks.noTiers')}</Typography.Text>) },
      ]} /></div>
  );
}

/** /products/:id: key fields, images, category picker, the price books the product is in, timeline. */
export default function ProductDetailPage() {
  const { t } = useTranslation();
  const config = useMemo<RecordTypeConfig<Product>>(() => {
    const base = productConfig();
    return {
      ...base,
      detailSummary: [(p) => <ProductImages product={p} />],
      detailExtras: [(p, ctx) => (ctx.can('edit') ? <CategoryPicker product={p} refresh={ctx.refresh} /> : null)],
      detailTabs: [(p) => ({ key: 'priceBooks', label: t('products.priceBooks.tab'), children: <PriceBooksTab product={p} /> })],
    };
  }, [t]);
  return <RecordDetailPage config={config} />;
}

