import './messages.ts';
import { useMemo, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Collapse } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { RecordListPage } from '../records/RecordListPage.tsx';
import { useRecordPermissions } from '../records/permissions.ts';
import { useCategories } from './api.ts';
import { CategoryTree } from './CategoryTree.tsx';
import { productConfig } from './config.tsx';

/**
 * /products: the record list with the category tree on the left (a collapsible panel above the
 * list on a phone). Choosing a category lists its subtree (?category=<id> keeps it in the URL).
 */
export default function ProductListPage() {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const category = params.get('category');
  const can = useRecordPermissions('product');
  const cats = useCategories();
  const [open, setOpen] = useState<string[]>([]);
  // The framework's list cache is keyed by record type and params, not by the API path: drop cached
  // pages whenever the scope changes (and on arrival) so one category's rows never show for another.
  const queryClient = useQueryClient();
  const scope = useRef<string | null | undefined>(undefined);
  if (scope.current !== category) {
    scope.current = category;
    queryClient.removeQueries({ queryKey: ['records', 'product', 'list'] });
  }
  const config = useMemo(() => productConfig(category), [category]);
  const choose = (id: string | null) => {
    setParams(id ? { category: id } : {}, { replace: true });
    if (isMobile) setOpen([]);
  };
  const tree = <CategoryTree value={category} onChange={choose} canEdit={can('edit')} />;
  const current = cats.data?.find((c) => c.id === category)?.name;

  if (isMobile) {
    return (
      <div>
        <Collapse size="small" activeKey={open} onChange={(k) => setOpen(k as string[])} style={{ marginBottom: 12 }} data-testid="category-panel"
          items={[{ key: 'tree', label: `${t('products.categories.show')}: ${current ?? t('products.categories.all')}`, children: tree }]} />
        <RecordListPage key={category ?? 'all'} config={config} />
      </div>
    );
  }
  return (
    <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start' }}>
      <aside style={{ width: 220, flex: '0 0 220px', borderRight: '1px solid rgba(5,5,5,0.06)', paddingRight: 8 }}>
        <div style={{ fontWeight: 600, margin: '6px 0 8px' }}>{t('products.categories.title')}</div>
        {tree}
        {category && <Button type="link" size="small" onClick={() => choose(null)}>{t('products.categories.all')}</Button>}
      </aside>
      <div style={{ flex: 1, minWidth: 0 }}>
        <RecordListPage key={category ?? 'all'} config={config} />
      </div>
    </div>
  );
}
