/** Picks a product by code or name (GET /products?q=); the line-item picker offers listed products only. */

import './messages.ts';
import { useState } from 'react';
import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ProductView } from '@loopline/shared';
import { api } from '../../lib/api.ts';

export type Picked = Pick<ProductView, 'id' | 'code' | 'name' | 'unit' | 'specification' | 'listPrice' | 'taxRate'>;

const LISTED = JSON.stringify({ field: 'listed', op: 'eq', value: true });

/** Searches listed products by code or name (GET /products?q=); unlisted ones are not offered. */
export function ProductPicker({ value, label, onPick, disabled, testId, listedOnly = true }: { value?: string | null; label?: string; onPick(p: Picked | null): void; disabled?: boolean; testId?: string; listedOnly?: boolean }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const found = useQuery({
    queryKey: ['products', 'picker', q, listedOnly],
    queryFn: ({ signal }) => api.get<{ items: Picked[] }>('/products', { q: q || undefined, pageSize: 20, filter: listedOnly ? LISTED : undefined, count: 'hasMore' }, signal),
    staleTime: 15_000,
  });
  const items = found.data?.items ?? [];
  const options = items.map((p) => ({ value: p.id, label: `${p.code} · ${p.name}` }));
  if (value && !items.some((p) => p.id === value)) options.unshift({ value, label: label ?? '…' });
  return (
    <Select value={value ?? undefined} disabled={disabled} allowClear showSearch={{ filterOption: false, onSearch: setQ }} style={{ width: '100%', minWidth: 160 }}
      placeholder={t('products.lines.pickProduct')} loading={found.isFetching} options={options} data-testid={testId} popupMatchSelectWidth={false}
      onChange={(id: string | undefined) => onPick(id ? items.find((p) => p.id === id) ?? null : null)} />
  );
}

