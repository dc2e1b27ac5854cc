import './messages.ts';
import { Tag } from 'antd';
import i18n from '../../lib/i18n.ts';
import { displayMoney, parseMoney } from '@loopline/shared';
import type { RecordLike, RecordTypeConfig } from '../records/types.ts';

/** A product as the API returns it; every field but id may be absent when the role hides it. */
export interface Product extends RecordLike {
  code?: string;
  name?: string;
  categoryId?: string | null;
  categoryName?: string | null;
  unit?: string | null;
  specification?: string | null;
  listPrice?: string;
  taxRate?: string;
  listed?: boolean;
  imageIds?: string[];
  tags?: string[];
}

const text = (max: number, extra: object = {}) => ({ widget: 'text' as const, max, ...extra });
const system = { editable: false } as const;
const money = (v: unknown) => (typeof v === 'string' && v ? displayMoney(parseMoney(v)) : '—');

export function ListedTag({ product }: { product: Product }) {
  if (product.listed === undefined) return null;
  return product.listed ? <Tag color="green">{i18n.t('products.listed')}</Tag> : <Tag data-testid="product-unlisted">{i18n.t('products.unlisted')}</Tag>;
}

/**
 * Products in the record framework. `apiPath` is `/products`, or `/products/in/<categoryId>` for the
 * list of one category's subtree (the server scopes list, export and bulk; creating there files the
 * product in that category). The category itself is changed on the detail page (a tree picker).
 */
export function productConfig(categoryId?: string | null): RecordTypeConfig<Product> {
  return {
    recordType: 'product',
    apiPath: categoryId ? `/products/in/${categoryId}` : '/products',
    routePath: '/products',
    title: () => i18n.t('products.title'),
    singular: () => i18n.t('products.singular'),
    standardFields: {
      code: text(50),
      name: text(200, { required: true }),
      categoryId: { widget: 'text', ...system },
      categoryName: { widget: 'text', ...system },
      unit: text(20),
      specification: text(200),
      listPrice: { widget: 'money', min: 0, max: 99_999_999_999.99 },
      taxRate: { widget: 'percent', min: 0, max: 100 },
      listed: { widget: 'boolean' },
      tags: { widget: 'tags' },
      description: { widget: 'longText', max: 5000 },
      ownerId: { widget: 'user', ...system },
      createdAt: { widget: 'datetime', ...system },
      updatedAt: { widget: 'datetime', ...system },
    },
    defaultColumns: ['code', 'name', 'categoryId', 'unit', 'listPrice', 'taxRate', 'listed'],
    keyFields: ['code', 'categoryId', 'unit', 'specification', 'listPrice', 'taxRate'],
    titleOf: (p) => p.name ?? p.code ?? '—',
    statusTags: (p) => <ListedTag product={p} />,
    render: {
      categoryId: (p) => p.categoryName ?? '—',
      listPrice: (p) => money(p.listPrice),
      taxRate: (p) => (p.taxRate !== undefined ? `${p.taxRate}%` : '—'),
      listed: (p) => <ListedTag product={p} />,
    },
    recycleBin: true,
  };
}

export const productConfigAll = productConfig();
