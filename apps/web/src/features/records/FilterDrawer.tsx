import { useState } from 'react';
import { Alert, Button, Drawer, Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { filterNodeSchema, type FilterNode } from '@loopline/shared';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { emptyRow, fromFilterNode, toFilterNode, type BuilderGroup } from './filterModel.ts';
import { FilterGroupEditor } from './FilterGroupEditor.tsx';
import type { FieldMeta } from './types.ts';

interface Props {
  open: boolean;
  fields: FieldMeta[];
  value: FilterNode | null;
  onApply: (filter: FilterNode | null) => void;
  onClose: () => void;
}

/**
 * The filter builder in a drawer. It edits a copy; nothing reaches the list until Apply, and the
 * result is checked with the platform's own schema first, so the server never sees a malformed tree.
 */
export function FilterDrawer({ open, fields, value, onApply, onClose }: Props) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [root, setRoot] = useState<BuilderGroup>(() => withRow(fromFilterNode(value)));
  const [error, setError] = useState<string | null>(null);
  const [openedWith, setOpenedWith] = useState<FilterNode | null>(value);
  // Reopening after the list's filter changed elsewhere (a view was picked): start from that filter.
  if (open && openedWith !== value) {
    setOpenedWith(value);
    setRoot(withRow(fromFilterNode(value)));
  }

  const apply = () => {
    const node = toFilterNode(root);
    if (node) {
      const parsed = filterNodeSchema.safeParse(node);
      if (!parsed.success) return setError(t('records.builder.invalid', { message: parsed.error.issues[0]?.message ?? '' }));
    }
    setError(null);
    onApply(node);
  };

  return (
    <Drawer open={open} onClose={onClose} title={t('records.builder.title')} size={isMobile ? '100%' : 720} destroyOnHidden={false}
      footer={
        <Flex justify="space-between">
          <Button onClick={() => { setRoot(withRow(fromFilterNode(null))); setError(null); onApply(null); }} data-testid="filter-clear">{t('records.builder.clear')}</Button>
          <Flex gap={8}>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" onClick={apply} data-testid="filter-apply">{t('records.builder.apply')}</Button>
          </Flex>
        </Flex>
      }>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} role="alert" />}
      <form onSubmit={(e) => { e.preventDefault(); apply(); }} data-testid="filter-builder">
        <FilterGroupEditor group={root} root={root} fields={fields} onChange={setRoot} />
        {/* Enter in any text input applies, like every other form */}
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </form>
    </Drawer>
  );
}

/** An empty builder shows one blank condition, so there is something to fill in straight away. */
function withRow(g: BuilderGroup): BuilderGroup {
  return g.children.length ? g : { ...g, children: [emptyRow()] };
}
