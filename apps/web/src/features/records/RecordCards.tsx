import { Card, Checkbox, Empty, Flex, Pagination, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { renderField } from './FieldValue.tsx';
import { fieldLabel, type FormatContext } from './format.ts';
import type { FieldMeta, RecordLike, RecordTypeConfig } from './types.ts';

interface Props {
  config: RecordTypeConfig<any>;
  fields: FieldMeta[];
  rows: RecordLike[];
  loading: boolean;
  selected: string[];
  onSelect: (ids: string[]) => void;
  ctx: FormatContext;
  page: number;
  pageSize: number;
  total: number;
  onPage: ((page: number) => void) | null;
}

/** The list on a phone: one card per record with its key fields; nothing wider than the screen. */
export function RecordCards({ config, fields, rows, loading, selected, onSelect, ctx, page, pageSize, total, onPage }: Props) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const keyFields = config.keyFields.map((k) => fields.find((f) => f.key === k)).filter((f): f is FieldMeta => Boolean(f));
  const toggle = (id: string, on: boolean) => onSelect(on ? [...selected, id] : selected.filter((x) => x !== id));

  return (
    <Spin spinning={loading}>
      <Flex vertical gap={8} data-testid="record-cards">
        {rows.length === 0 && !loading && <Empty description={t('records.emptyFiltered')} />}
        {rows.map((r) => (
          <Card key={r.id} size="small" styles={{ body: { padding: 12 } }}>
            <Flex gap={8} align="flex-start">
              <Checkbox checked={selected.includes(r.id)} onChange={(e) => toggle(r.id, e.target.checked)} aria-label={config.titleOf(r)} />
              <Flex vertical gap={4} style={{ minWidth: 0, flex: 1 }}>
                <Flex gap={6} align="center" wrap>
                  <Link to={`${config.routePath}/${r.id}`} style={{ fontWeight: 600 }} className="ll-break">{config.titleOf(r) || '—'}</Link>
                  {config.statusTags?.(r)}
                </Flex>
                {keyFields.map((f) => (
                  <Flex key={f.key} gap={8} style={{ fontSize: 13, minWidth: 0 }}>
                    <Typography.Text type="secondary" style={{ flex: '0 0 auto' }}>{fieldLabel(f, locale)}</Typography.Text>
                    <span style={{ minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{renderField(config, f, r, ctx)}</span>
                  </Flex>
                ))}
              </Flex>
            </Flex>
          </Card>
        ))}
        {onPage && total > pageSize && (
          <Pagination simple current={page} pageSize={pageSize} total={total} onChange={onPage} style={{ alignSelf: 'center' }} />
        )}
      </Flex>
    </Spin>
  );
}
