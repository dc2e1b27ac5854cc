import { useMemo, useState } from 'react';
import { App, Badge, Button, Empty, Flex, Input, Select } from 'antd';
import { DownloadOutlined, FilterOutlined, PlusOutlined, RestOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader.tsx';
import { buildUrl } from '../../lib/api.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { LOAD_ALL_MAX, recordKeys, useFieldMeta, useFormatContext, useLoadAll, useRecordPage } from './api.ts';
import { BulkBar } from './BulkBar.tsx';
import { ColumnPicker } from './ColumnPicker.tsx';
import { countConditions } from './filterModel.ts';
import { FilterDrawer } from './FilterDrawer.tsx';
import { RecordCards } from './RecordCards.tsx';
import { RecordFormDrawer } from './RecordForm.tsx';
import { RecordTable } from './RecordTable.tsx';
import { useRecordPermissions } from './permissions.ts';
import { PAGE_SIZES, sortParam, useListState, type PageSize } from './useListState.ts';
import { ViewMenu } from './ViewMenu.tsx';
import type { RecordLike, RecordTypeConfig } from './types.ts';

const EXPORT_MAX = 50_000; // the server's cap (platform/records/export.ts); checked here to fail before downloading

/**
 * The list page every module uses: quick search, filter builder, saved views, chosen columns,
 * server-side sort and paging (or "load all" up to 10,000 rows, virtualised), bulk actions,
 * export of exactly what is filtered, and cards instead of a table on phones.
 */
export function RecordListPage<T extends RecordLike>({ config }: { config: RecordTypeConfig<T> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const fields = useFieldMeta(config);
  const state = useListState(config, fields.data);
  const ctx = useFormatContext();
  const can = useRecordPermissions(config.recordType);
  const [loaded, setLoaded] = useState(0);
  const [selected, setSelected] = useState<string[]>([]);
  const [filterOpen, setFilterOpen] = useState(false);
  const [creating, setCreating] = useState(false);
  const all = state.pageSize === 'all';
  const pageQuery = useRecordPage(config, state.params, state.ready && !all);
  const allQuery = useLoadAll(config, state.params, state.ready && all, setLoaded);
  const query = all ? allQuery : pageQuery;
  const rows = (query.data?.items ?? []) as T[];
  const total = query.data?.total ?? 0;
  const names = useMemo(() => new Map(rows.map((r) => [r.id, config.titleOf(r)])), [rows, config]);
  const conditions = countConditions(state.params.filter);
  const filtered = conditions > 0 || Boolean(state.params.q);

  // declared before the toolbar: list extras receive it while the toolbar is built
  const refresh = () => { void queryClient.invalidateQueries({ queryKey: recordKeys.all(config.recordType) }); };
  const exportHref = buildUrl(`${config.apiPath}/export.xlsx`, {
    filter: state.params.filter ? JSON.stringify(state.params.filter) : undefined, sort: sortParam(state.params.sort) || undefined,
    q: state.params.q || undefined, columns: state.columns.join(','),
  });
  const onExport = (e: React.MouseEvent) => {
    if (total > EXPORT_MAX) {
      e.preventDefault();
      message.error(t('records.exportTooLarge', { max: EXPORT_MAX }));
    } else message.info(t('records.exportStarted'));
  };
  const sizeOptions = [...PAGE_SIZES.map((s) => ({ value: s, label: t('records.pageSize', { size: s }) })), { value: 'all', label: t('records.loadAll', { max: LOAD_ALL_MAX }) }];

  const toolbar = (
    <Flex gap={8} wrap style={{ marginBottom: 12 }}>
      <Input.Search allowClear placeholder={t('records.searchPlaceholder')} aria-label={t('common.search')} data-testid="list-search"
        style={{ flex: '1 1 200px', maxWidth: 320 }} onSearch={(q) => state.setQ(q)} />
      <Badge count={conditions} size="small">
        <Button icon={<FilterOutlined />} onClick={() => setFilterOpen(true)} data-testid="filter-button" type={conditions ? 'primary' : 'default'} ghost={conditions > 0}>
          {t('records.filter')}
        </Button>
      </Badge>
      <ViewMenu config={config} state={state} />
      {!isMobile && fields.data && <ColumnPicker fields={fields.data} columns={state.columns} onChange={state.setColumns} />}
      <Select aria-label={t('records.pageSize', { size: '' })} data-testid="page-size" value={state.pageSize} options={sizeOptions} style={{ width: isMobile ? 130 : 190 }}
        onChange={(v: PageSize) => state.setPageSize(v)} />
      {can('export') && (
        <Button icon={<DownloadOutlined />} href={exportHref} download onClick={onExport} data-testid="export">{isMobile ? null : t('records.export')}</Button>
      )}
      {config.recycleBin && can('delete') && (
        <Button icon={<RestOutlined />} onClick={() => navigate(`${config.routePath}/recycle-bin`)} data-testid="recycle-bin-link" aria-label={t('records.recycle.title')}>
          {isMobile ? null : t('records.recycle.title')}
        </Button>
      )}
      {config.listExtras?.map((extra, i) => <span key={i}>{extra({ refresh })}</span>)}
    </Flex>
  );

  const pager = all ? null : (p: number) => { state.setPage(p); };
  return (
    <>
      <PageHeader title={config.title()}
        extra={can('create') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="record-create">{t('records.create', { type: config.singular() })}</Button>} />
      {toolbar}
      {all && allQuery.isFetching && <div role="status" style={{ marginBottom: 8 }}>{t('records.loadedOf', { loaded, total: Math.min(total || loaded, LOAD_ALL_MAX) })}</div>}
      {all && query.data?.hasMore && <div role="status" style={{ marginBottom: 8 }}>{t('records.tooMany', { total, max: LOAD_ALL_MAX })}</div>}
      {selected.length > 0 && (
        <BulkBar config={config} ids={selected} can={can} nameOf={(id) => names.get(id) ?? id}
          onDone={() => { setSelected([]); refresh(); }} refresh={refresh} />
      )}
      {!query.isPending && total === 0 && !filtered ? (
        <Empty description={t('records.empty')} style={{ padding: 48 }}>
          {can('create') && <Button type="primary" onClick={() => setCreating(true)}>{t('records.create', { type: config.singular() })}</Button>}
        </Empty>
      ) : isMobile ? (
        <RecordCards config={config} fields={fields.data ?? []} rows={rows} loading={query.isFetching} selected={selected} onSelect={setSelected} ctx={ctx}
          page={state.params.page} pageSize={state.params.pageSize} total={total} onPage={pager} />
      ) : (
        <RecordTable config={config} fields={fields.data ?? []} columns={state.columns} rows={rows} loading={query.isFetching || fields.isPending}
          sort={state.params.sort} onSort={state.setSort} selected={selected} onSelect={setSelected} ctx={ctx}
          virtual={all || state.params.pageSize >= 100}
          pagination={all ? false : {
            current: state.params.page, pageSize: state.params.pageSize, total, showSizeChanger: false,
            showTotal: (n) => t('common.total', { total: n }), onChange: (p) => state.setPage(p),
          }} />
      )}
      {fields.data && (
        <FilterDrawer open={filterOpen} fields={fields.data} value={state.params.filter} onClose={() => setFilterOpen(false)}
          onApply={(f) => { state.setFilter(f); setSelected([]); setFilterOpen(false); }} />
      )}
      <RecordFormDrawer config={config} open={creating} onClose={() => setCreating(false)}
        onSaved={() => { setCreating(false); void queryClient.invalidateQueries({ queryKey: recordKeys.all(config.recordType) }); }} />
    </>
  );
}
