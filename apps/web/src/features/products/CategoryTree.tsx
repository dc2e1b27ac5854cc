/** The product category tree (产品分类): pick a category to scope the list; editors add, rename and delete. */

import './messages.ts';
import { useState } from 'react';
import { App, Button, Dropdown, Input, Modal, Tree, Typography } from 'antd';
import { MoreOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { buildCategoryTree, productKeys, useCategories, type CategoryNode } from './api.ts';

const ALL = '__all__';

interface Props {
  value: string | null;
  onChange(id: string | null): void;
  canEdit: boolean;
}

export function CategoryTree({ value, onChange, canEdit }: Props) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const cats = useCategories();
  const [editing, setEditing] = useState<{ mode: 'add' | 'rename'; parentId: string | null; node?: CategoryNode } | null>(null);
  const [name, setName] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: productKeys.categories });
  const tree = buildCategoryTree(cats.data ?? []);

  const save = async () => {
    try {
      if (editing?.mode === 'rename') await api.patch(`/product-categories/${editing.node!.id}`, { name: name.trim() });
      else await api.post('/product-categories', { name: name.trim(), parentId: editing?.parentId ?? null });
      setEditing(null);
      await refresh();
    } catch (err) {
      message.error(errorMessage(err));
    }
  };
  const remove = (node: CategoryNode) =>
    modal.confirm({
      title: t('products.categories.deleteConfirm', { name: node.name }),
      okButtonProps: { danger: true, 'data-testid': 'category-delete-ok' } as never,
      onOk: async () => {
        try {
          await api.delete(`/product-categories/${node.id}`);
          if (value === node.id) onChange(null);
          await refresh();
        } catch (err) {
          message.error(errorMessage(err));
        }
      },
    });

  const toData = (nodes: CategoryNode[]): { key: string; title: React.ReactNode; children: unknown[] }[] =>
    nodes.map((n) => ({
      key: n.id,
      title: (
        <span style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }} data-testid={`category-${n.name}`}>
          {n.name} <Typography.Text type="secondary">({n.total})</Typography.Text>
          {canEdit && (
            <Dropdown trigger={['click']} menu={{
              items: [
                { key: 'add', label: t('products.categories.addChild') },
                { key: 'rename', label: t('products.categories.rename') },
                { key: 'delete', danger: true, label: t('products.categories.delete') },
              ],
              onClick: ({ key, domEvent }) => {
                domEvent.stopPropagation();
                if (key === 'delete') remove(n);
                else {
                  setName(key === 'rename' ? n.name : '');
                  setEditing({ mode: key as 'add' | 'rename', parentId: key === 'add' ? n.id : n.parentId, node: n });
                }
              },
            }}>
              <Button size="small" type="text" icon={<MoreOutlined />} onClick={(e) => e.stopPropagation()} aria-label={t('common.more', { defaultValue: '…' })} />
            </Dropdown>
          )}
        </span>
      ),
      children: toData(n.children),
    }));

  return (
    <div data-testid="category-tree">
      <Tree blockNode defaultExpandAll={false} selectedKeys={[value ?? ALL]} key={cats.data ? 'loaded' : 'loading'} defaultExpandedKeys={tree.map((n) => n.id)}
        treeData={[{ key: ALL, title: <span data-testid="category-all">{t('products.categories.all')}</span>, children: [] }, ...toData(tree)] as never}
        onSelect={(keys) => { const k = keys[0] as string | undefined; if (k) onChange(k === ALL ? null : k); }} />
      {canEdit && (
        <Button size="small" type="dashed" icon={<PlusOutlined />} style={{ marginTop: 8 }} block data-testid="category-add"
          onClick={() => { setName(''); setEditing({ mode: 'add', parentId: null }); }}>
          {t('products.categories.add')}
        </Button>
      )}
      <Modal open={editing !== null} title={editing?.mode === 'rename' ? t('products.categories.rename') : editing?.parentId ? t('products.categories.addChild') : t('products.categories.add')}
        onCancel={() => setEditing(null)} onOk={() => void save()} okButtonProps={{ disabled: !name.trim(), 'data-testid': 'category-save' } as never} destroyOnHidden>
        <Input autoFocus value={name} maxLength={50} placeholder={t('products.categories.name')} onChange={(e) => setName(e.target.value)} data-testid="category-name" onPressEnter={() => name.trim() && void save()} />
      </Modal>
    </div>
  );
}
