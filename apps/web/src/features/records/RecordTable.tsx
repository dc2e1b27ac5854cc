import { useMemo } from 'react';
import { Table, type TableColumnsType, type TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { SortSpec } from '@loopline/shared';
import { renderField } from './FieldValue.tsx';
import { fieldLabel, widgetOf, type FormatContext } from './format.ts';
import type { FieldMeta, RecordLike, RecordTypeConfig } from './types.ts';

interface Props {
  config: RecordTypeConfig<any>;
  fields: FieldMeta[];
  columns: string[];
  rows: RecordLike[];
  loading: boolean;
  sort: SortSpec[];
  onSort: (sort: SortSpec[]) => void;
  selected: string[];
  onSelect: (ids: string[]) => void;
  ctx: FormatContext;
  /** large pages and "load all": rows are virtualised inside a fixed-height scroll area */
  virtual: boolean;
  pagination: TableProps<RecordLike>['pagination'];
}

const WIDTH: Partial<Record<string, number>> = { longText: 260, address: 240, datetime: 150, date: 110, money: 130, tags: 200, multiSelect: 200, boolean: 80, number: 100, percent: 90 };

/** The desktop list. Header clicks sort on the server (one field at a time); the first column links to the record. */
export function RecordTable({ config, fields, columns, rows, loading, sort, onSort, selected, onSelect, ctx, virtual, pagination }: Props) {
  const { i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const cols = useMemo<TableColumnsType<RecordLike>>(() => {
    const byKey = new Map(fields.map((f) => [f.key, f]));
    return columns.flatMap((key, i) => {
      const f = byKey.get(key);
      if (!f) return [];
      const order = sort[0]?.field === key ? (sort[0].dir === 'asc' ? 'ascend' : 'descend') : null;
      return [{
        key, title: fieldLabel(f, locale), width: i === 0 ? 220 : WIDTH[widgetOf(f, config.standardFields)] ?? 140, ellipsis: true,
        sorter: f.sortable, sortOrder: f.sortable ? order : undefined, fixed: i === 0 && !virtual ? ('left' as const) : undefined,
        render: (_: unknown, r: RecordLike) => (i === 0 ? <Link to={`${config.routePath}/${r.id}`}>{config.titleOf(r) || '—'}</Link> : renderField(config, f, r, ctx)),
      }];
    });
  }, [fields, columns, sort, locale, config, ctx, virtual]);
  const width = cols.reduce((n, c) => n + (Number(c.width) || 140), 48);

  return (
    <div data-testid="record-table">
    <Table<RecordLike>
      rowKey="id"
      size="middle"
      columns={cols}
      dataSource={rows}
      loading={loading}
      virtual={virtual}
      scroll={virtual ? { x: width, y: 560 } : { x: width }}
      pagination={pagination}
      rowSelection={{ selectedRowKeys: selected, onChange: (keys) => onSelect(keys as string[]), preserveSelectedRowKeys: true }}
      onChange={(_p, _f, sorter, extra) => {
        if (extra.action !== 'sort') return;
        const s = Array.isArray(sorter) ? sorter[0] : sorter;
        onSort(s?.order && s.columnKey ? [{ field: String(s.columnKey), dir: s.order === 'ascend' ? 'asc' : 'desc' }] : []);
      }}
    />
    </div>
  );
}
