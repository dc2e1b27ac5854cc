import { useMemo, useState } from 'react';
import { App, Button, Card, Checkbox, Empty, Flex, Input, Pagination, Spin, Table, Typography, type TableColumnsType } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { GradeTag } from './GradeTag.tsx';
import { useRecordPermissions } from '../records/permissions.ts';
import { AssignModal } from './AssignModal.tsx';
import { claimRecords, poolKeys, usePoolRecords, type Pool, type PoolRecord, type PoolRecordType } from './api.ts';
import { poolErrorMessage, reportMove } from './feedback.tsx';
import { canClaim } from './poolModel.ts';

const PAGE_SIZE = 20;
const str = (v: unknown) => (typeof v === 'string' && v ? v : '—');
const place = (r: PoolRecord) => [r.province, r.city].filter((x) => typeof x === 'string' && x).join(' ') || '—';

/** What waits in one pool for one record type: search, claim one or many, and (admins, managers) assign. */
export function PoolRecordList({ pool, recordType }: { pool: Pool; recordType: PoolRecordType }) {
  const { t } = useTranslation();
  const app = App.useApp();
  const queryClient = useQueryClient();
  const isMobile = useIsMobile();
  const can = useRecordPermissions(recordType);
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [assigning, setAssigning] = useState<string[] | null>(null);
  const records = usePoolRecords(pool.id, recordType, { q, page, pageSize: PAGE_SIZE });
  const rows = records.data?.items ?? [];
  const names = useMemo(() => new Map(rows.map((r) => [r.id, str(r.name)])), [rows]);
  const mayClaim = can('claim');
  const mayAssign = pool.me.admin || can('transfer');
  const typeName = t(`publicPool.types.${recordType}`);

  const refresh = async () => {
    setSelected([]);
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: poolKeys.all }),
      queryClient.invalidateQueries({ queryKey: ['records', recordType] }), // the claimer's own lists
    ]);
  };

  const claim = async (ids: string[]) => {
    setBusy(true);
    try {
      const r = await claimRecords(pool.id, recordType, ids);
      reportMove(app, t, r, t('publicPool.claimed', { count: r.ok.length, type: typeName }), (id) => names.get(id) ?? id);
    } catch (err) {
      app.message.error(poolErrorMessage(err, t));
    } finally {
      setBusy(false);
      await refresh();
    }
  };

  const claimButton = (r: PoolRecord) => mayClaim && (
    <Button size="small" type="primary" ghost loading={busy} disabled={!canClaim(pool, 1)} onClick={() => void claim([r.id])} data-testid="pool-claim">{t('publicPool.claim')}</Button>
  );
  const assignButton = (r: PoolRecord) => mayAssign && <Button size="small" onClick={() => setAssigning([r.id])}>{t('publicPool.assign')}</Button>;

  const contact = recordType === 'customer' ? 'phone' : 'mobile';
  const columns: TableColumnsType<PoolRecord> = [
    { key: 'name', title: t('publicPool.col.name'), width: 220, render: (_, r) => <Typography.Text strong className="ll-break">{str(r.name)}</Typography.Text> },
    ...(recordType === 'lead' ? [{ key: 'company', title: t('publicPool.col.company'), width: 200, ellipsis: true, render: (_: unknown, r: PoolRecord) => str(r.company) }] : []),
    { key: 'grade', title: t('publicPool.col.grade'), width: 120, render: (_, r) => <GradeTag grade={r.grade} /> },
    { key: 'industry', title: t('publicPool.col.industry'), width: 110, render: (_, r) => str(r.industry) },
    { key: 'city', title: t('publicPool.col.city'), width: 140, render: (_, r) => place(r) },
    { key: contact, title: t(`publicPool.col.${contact}`), width: 140, render: (_, r) => str(r[contact]) },
    { key: 'previousOwner', title: t('publicPool.col.previousOwner'), width: 110, render: (_, r) => str(r.previousOwnerName) },
    { key: 'entered', title: t('publicPool.col.entered'), width: 160, render: (_, r) => (r.poolEnteredAt ? formatDateTime(r.poolEnteredAt) : '—') },
    { key: 'actions', title: t('publicPool.col.actions'), width: 150, fixed: 'right', render: (_, r) => <Flex gap={4}>{claimButton(r)}{assignButton(r)}</Flex> },
  ];

  const bulk = selected.length > 0 && (
    <Flex gap={8} align="center" wrap data-testid="pool-bulk" style={{ padding: '8px 12px', background: '#f0f5ff', borderRadius: 8 }}>
      {mayClaim && (
        <Button size="small" type="primary" loading={busy} disabled={!canClaim(pool, selected.length)} onClick={() => void claim(selected)} data-testid="pool-claim-selected">
          {t('publicPool.claimSelected', { count: selected.length })}
        </Button>
      )}
      {mayAssign && <Button size="small" onClick={() => setAssigning(selected)}>{t('publicPool.assignSelected', { count: selected.length })}</Button>}
      <Button size="small" type="link" onClick={() => setSelected([])}>{t('records.bulk.clear')}</Button>
    </Flex>
  );

  const total = records.data?.total ?? 0;
  return (
    <Flex vertical gap={12}>
      <Input.Search allowClear placeholder={t('publicPool.search')} aria-label={t('publicPool.search')} style={{ maxWidth: 320 }}
        onSearch={(v) => { setQ(v.trim()); setPage(1); }} data-testid="pool-search" />
      {bulk}
      {!records.isPending && rows.length === 0 ? (
        <Empty description={t('publicPool.empty')} style={{ padding: 32 }} />
      ) : isMobile ? (
        <Spin spinning={records.isFetching}>
          <Flex vertical gap={8} data-testid="pool-cards">
            {rows.map((r) => (
              <Card key={r.id} size="small" styles={{ body: { padding: 12 } }}>
                <Flex gap={8} align="flex-start">
                  <Checkbox checked={selected.includes(r.id)} aria-label={str(r.name)}
                    onChange={(e) => setSelected(e.target.checked ? [...selected, r.id] : selected.filter((x) => x !== r.id))} />
                  <Flex vertical gap={4} style={{ minWidth: 0, flex: 1 }}>
                    <Flex gap={6} align="center" wrap><Typography.Text strong className="ll-break">{str(r.name)}</Typography.Text><GradeTag grade={r.grade} /></Flex>
                    <Typography.Text type="secondary" style={{ fontSize: 13 }} className="ll-break">{[recordType === 'lead' ? r.company : r.industry, place(r), r[contact]].filter((v) => typeof v === 'string' && v && v !== '—').join(' · ')}</Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('publicPool.col.previousOwner')}: {str(r.previousOwnerName)} · {r.poolEnteredAt ? formatDateTime(r.poolEnteredAt) : '—'}</Typography.Text>
                    <Flex gap={6}>{claimButton(r)}{assignButton(r)}</Flex>
                  </Flex>
                </Flex>
              </Card>
            ))}
            {total > PAGE_SIZE && <Pagination simple current={page} pageSize={PAGE_SIZE} total={total} onChange={setPage} style={{ alignSelf: 'center' }} />}
          </Flex>
        </Spin>
      ) : (
        <div data-testid="pool-table">
          <Table<PoolRecord> rowKey="id" size="middle" columns={columns} dataSource={rows} loading={records.isFetching} scroll={{ x: 1200 }}
            rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }}
            pagination={{ current: page, pageSize: PAGE_SIZE, total, showSizeChanger: false, onChange: setPage, showTotal: (n) => t('common.total', { total: n }) }} />
        </div>
      )}
      <AssignModal pool={pool} recordType={recordType} ids={assigning} nameOf={(id) => names.get(id) ?? id}
        onClose={() => setAssigning(null)} onDone={() => { setAssigning(null); void refresh(); }} />
    </Flex>
  );
}
