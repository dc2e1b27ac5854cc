import { Button, Flex, Segmented, Select, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { FilterOp } from '@loopline/shared';
import { emptyGroup, emptyRow, opsFor, updateItem, valueForOp, type BuilderGroup, type BuilderItem, type BuilderRow } from './filterModel.ts';
import { FilterValueInput } from './FilterValueInput.tsx';
import { fieldLabel } from './format.ts';
import type { FieldMeta } from './types.ts';

interface Props {
  group: BuilderGroup;
  fields: FieldMeta[];
  /** replaces the whole root after an edit anywhere below */
  onChange: (root: BuilderGroup) => void;
  root: BuilderGroup;
  depth?: number;
  onRemove?: () => void;
}

const TEMPORAL = new Set(['date', 'datetime']);

/** One AND/OR group: its logic switch, its conditions and nested groups (up to 3 levels, enough for people). */
export function FilterGroupEditor({ group, fields, onChange, root, depth = 0, onRemove }: Props) {
  const { t } = useTranslation();
  const edit = (id: string, fn: (item: BuilderItem) => BuilderItem | null) => onChange(updateItem(root, id, fn));
  const setGroup = (patch: Partial<BuilderGroup>) => onChange(group.id === root.id ? { ...root, ...patch } : updateItem(root, group.id, (g) => ({ ...(g as BuilderGroup), ...patch })));

  return (
    <div className={depth ? 'll-filter-group ll-filter-nested' : 'll-filter-group'} data-testid={`filter-group-${depth}`}
      style={depth ? { border: '1px dashed #d0d5dd', borderRadius: 8, padding: 10, background: '#fafbfc' } : undefined}>
      <Flex align="center" gap={8} wrap style={{ marginBottom: 8 }}>
        <Segmented size="small" data-testid="filter-logic" value={group.logic} onChange={(logic) => setGroup({ logic: logic as 'and' | 'or' })}
          options={[{ value: 'and', label: t('records.builder.matchAll') }, { value: 'or', label: t('records.builder.matchAny') }]} />
        {onRemove && <Button type="text" size="small" danger icon={<DeleteOutlined />} onClick={onRemove} aria-label={t('records.builder.removeGroup')} />}
      </Flex>
      <Flex vertical gap={8}>
        {group.children.map((item) =>
          item.type === 'group' ? (
            <FilterGroupEditor key={item.id} group={item} fields={fields} root={root} onChange={onChange} depth={depth + 1} onRemove={() => edit(item.id, () => null)} />
          ) : item.type === 'raw' ? (
            <Flex key={item.id} gap={8} align="center">
              <Typography.Text type="secondary" code style={{ flex: 1, overflow: 'hidden' }}>{t('records.builder.raw')}: {JSON.stringify(item.node)}</Typography.Text>
              <Button type="text" size="small" danger icon={<DeleteOutlined />} onClick={() => edit(item.id, () => null)} aria-label={t('records.builder.remove')} />
            </Flex>
          ) : (
            <ConditionRow key={item.id} row={item} fields={fields} onChange={(row) => edit(item.id, () => row)} onRemove={() => edit(item.id, () => null)} />
          ),
        )}
      </Flex>
      <Flex gap={8} style={{ marginTop: 8 }} wrap>
        <Button size="small" icon={<PlusOutlined />} onClick={() => setGroup({ children: [...group.children, emptyRow()] })} data-testid="filter-add">
          {t('records.builder.addCondition')}
        </Button>
        {depth < 2 && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setGroup({ children: [...group.children, emptyGroup(group.logic === 'and' ? 'or' : 'and')] })} data-testid="filter-add-group">
            {t('records.builder.addGroup')}
          </Button>
        )}
      </Flex>
    </div>
  );
}

function ConditionRow({ row, fields, onChange, onRemove }: { row: BuilderRow; fields: FieldMeta[]; onChange: (row: BuilderRow) => void; onRemove: () => void }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const field = fields.find((f) => f.key === row.field);
  const ops = field?.kind ? opsFor(field.kind) : [];
  const opLabel = (op: FilterOp) =>
    field && TEMPORAL.has(field.kind ?? '') && op in { eq: 1, neq: 1, gt: 1, gte: 1, lt: 1, lte: 1 } ? t(`records.dateOps.${op as 'eq'}`) : t(`records.ops.${op}`);

  return (
    <Flex gap={6} wrap align="center" data-testid="filter-row">
      <Select aria-label={t('records.builder.field')} data-testid="filter-field" placeholder={t('records.builder.field')} style={{ minWidth: 140, flex: '1 1 140px' }}
        showSearch={{ optionFilterProp: 'label' }} value={row.field}
        options={fields.filter((f) => f.filterable && f.kind).map((f) => ({ value: f.key, label: fieldLabel(f, locale) }))}
        onChange={(key: string) => {
          const next = fields.find((f) => f.key === key);
          const op = next?.kind ? opsFor(next.kind)[0] : undefined;
          onChange({ ...row, field: key, op, value: undefined });
        }} />
      <Select aria-label={t('records.builder.operator')} data-testid="filter-op" placeholder={t('records.builder.operator')} style={{ minWidth: 110, flex: '0 1 130px' }}
        value={row.op} disabled={!field} options={ops.map((op) => ({ value: op, label: opLabel(op) }))}
        onChange={(op: FilterOp) => onChange({ ...row, op, value: valueForOp(field?.kind, op, row.value) })} />
      {field && row.op && !['isEmpty', 'isNotEmpty'].includes(row.op) && (
        <FilterValueInput field={field} op={row.op} value={row.value} onChange={(value) => onChange({ ...row, value })} />
      )}
      <Button type="text" size="small" danger icon={<DeleteOutlined />} onClick={onRemove} aria-label={t('records.builder.remove')} />
    </Flex>
  );
}
