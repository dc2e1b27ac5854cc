import { useState } from 'react';
import { App, Button, Card, Checkbox, Empty, Flex, Input, Pagination, Spin, Table, Typography } from 'antd';
import { ArrowLeftOutlined, UndoOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader.tsx';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { recordKeys, useFormatContext } from './api.ts';
import type { BulkResult } from './BulkBar.tsx';
import { formatDateTimeIn } from './format.ts';
import type { ListResponse, RecordLike, RecordTypeConfig } from './types.ts';

/** A deleted record as the recycle bin lists it. */
export interface DeletedRecord extends RecordLike {
  number?: string | null;
  ownerName?: string | null;
  deletedAt?: string | null;
  deletedBy?: string | null;
  deletedByName?: string | null;
}

const PAGE = 20;

/**
 * /<type>/recycle-bin: deleted records the user may see (GET …/recycle-bin), newest first, with who
 * deleted them and when; restore one (POST …/:id/restore) or the selected ones (bulk 'restore').
 */
export function RecycleBinPage({ config }: { config: RecordTypeConfig<any> }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const isMobile = useIsMobile();
  const queryClient = useQueryClient();
  const ctx = useFormatContext();
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const [selected, setSelected] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const list = useQuery({
    queryKey: [...recordKeys.all(config.recordType), 'recycle-bin', page, q],
    queryFn: ({ signal }) => api.get<ListResponse<DeletedRecord>>(`${config.apiPath}/recycle-bin`, { page, pageSize: PAGE, q: q || undefined }, signal),
    placeholderData: keepPreviousData,
  });
  const rows = list.data?.items ?? [];
  const total = list.data?.total ?? rows.length;
  const deletedBy = (r: DeletedRecord) => r.deletedByName ?? (r.deletedBy ? ctx.userName?.(r.deletedBy) : undefined) ?? '—';
  const when = (r: DeletedRecord) => (r.deletedAt ? formatDateTimeIn(r.deletedAt, ctx) : '—');

  const after = async () => {
    setSelected([]);
    await queryClient.invalidateQueries({ queryKey: recordKeys.all(config.recordType) });
  };
  const restoreOne = async (r: DeletedRecord) => {
    try {
      await api.post(`${config.apiPath}/${r.id}/restore`);
      message.success(t('records.recycle.restored', { name: config.titleOf(r) }));
      await after();
    } catch (err) {
      message.error(errorMessage(err));
    }
  };
  const restoreSelected = async () => {
    setBusy(true);
    try {
      const res = await api.post<BulkResult>(`${config.apiPath}/bulk`, { ids: selected.slice(0, 500), action: 'restore' });
      if (res.failed.length === 0) message.success(t('records.bulk.done', { ok: res.ok.length }));
      else {
        const names = new Map(rows.map((r) => [r.id, config.titleOf(r)]));
        modal.warning({
          title: t('records.bulk.partial', { ok: res.ok.length, failed: res.failed.length }),
          content: <Flex vertical gap={4}>{res.failed.map((f) => <span key={f.id}>{names.get(f.id) ?? f.id}: {f.message}</span>)}</Flex>,
        });
      }
      await after();
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const restoreButton = (r: DeletedRecord) => (
    <Button size="small" icon={<UndoOutlined />} onClick={() => restoreOne(r)} data-testid="restore">{t('records.recycle.restore')}</Button>
  );

  return (
    <>
      <Link to={config.routePath} style={{ display: 'inline-flex', gap: 6, marginBottom: 8 }}><ArrowLeftOutlined />{config.title()}</Link>
      <PageHeader title={t('records.recycle.titleOf', { type: config.title() })} description={t('records.recycle.hint')} />
      <Flex gap={8} wrap style={{ marginBottom: 12 }} align="center">
        <Input.Search allowClear placeholder={t('records.searchPlaceholder')} aria-label={t('common.search')} style={{ flex: '1 1 200px', maxWidth: 320 }}
          onSearch={(v) => { setQ(v); setPage(1); }} />
        {selected.length > 0 && (
          <Button type="primary" icon={<UndoOutlined />} loading={busy} onClick={restoreSelected} data-testid="restore-selected">
            {t('records.recycle.restoreSelected', { count: selected.length })}
          </Button>
        )}
      </Flex>
      {isMobile ? (
        <Spin spinning={list.isFetching}>
          <Flex vertical gap={8} data-testid="recycle-cards">
            {rows.length === 0 && !list.isPending && <Empty description={t('records.recycle.empty')} />}
            {rows.map((r) => (
              <Card key={r.id} size="small">
                <Flex gap={8} align="flex-start">
                  <Checkbox checked={selected.includes(r.id)} aria-label={config.titleOf(r)}
                    onChange={(e) => setSelected(e.target.checked ? [...selected, r.id] : selected.filter((x) => x !== r.id))} />
                  <Flex vertical gap={2} style={{ flex: 1, minWidth: 0 }}>
                    <Typography.Text strong className="ll-break">{config.titleOf(r)}</Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 13 }}>{t('records.recycle.deletedLine', { by: deletedBy(r), at: when(r) })}</Typography.Text>
                  </Flex>
                  {restoreButton(r)}
                </Flex>
              </Card>
            ))}
            {total > PAGE && <Pagination simple current={page} pageSize={PAGE} total={total} onChange={setPage} style={{ alignSelf: 'center' }} />}
          </Flex>
        </Spin>
      ) : (
        <Table<DeletedRecord> rowKey="id" size="middle" data-testid="recycle-table" loading={list.isFetching} dataSource={rows}
          locale={{ emptyText: <Empty description={t('records.recycle.empty')} /> }}
          rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }}
          pagination={{ current: page, pageSize: PAGE, total, showSizeChanger: false, onChange: setPage, showTotal: (n) => t('common.total', { total: n }) }}
          columns={[
            { key: 'title', title: t('records.recycle.name'), render: (_, r) => config.titleOf(r) },
            { key: 'number', title: t('records.detail.number'), render: (_, r) => r.number ?? '—' },
            { key: 'owner', title: t('records.detail.owner'), render: (_, r) => r.ownerName ?? (r.ownerId ? ctx.userName?.(r.ownerId as string) : null) ?? '—' },
            { key: 'deletedAt', title: t('records.recycle.deletedAt'), render: (_, r) => when(r) },
            { key: 'deletedBy', title: t('records.recycle.deletedBy'), render: (_, r) => deletedBy(r) },
            { key: 'actions', title: t('common.actions'), render: (_, r) => restoreButton(r) },
          ]} />
      )}
    </>
  );
}
