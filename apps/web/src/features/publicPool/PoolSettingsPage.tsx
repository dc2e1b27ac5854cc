import { useState } from 'react';
import { Alert, App, Button, Card, Col, Empty, Flex, List, Popconfirm, Row, Space, Tag, Typography } from 'antd';
import { PlayCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { api } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { poolKeys, usePools, useRecycleRuns, type Pool, type RunResult } from './api.ts';
import { CapsCard } from './CapsCard.tsx';
import { poolErrorMessage } from './feedback.tsx';
import { PoolFormModal, type PoolTarget } from './PoolFormModal.tsx';
import { PoolLogDrawer } from './PoolLogDrawer.tsx';
import { RulesDrawer } from './RulesDrawer.tsx';

/** /settings/pools: pools with members, admins and options; recycle rules; caps; run recycling now. */
export default function PoolSettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const pools = usePools();
  const runs = useRecycleRuns();
  const [editing, setEditing] = useState<PoolTarget | null>(null);
  const [rulesOf, setRulesOf] = useState<Pool | null>(null);
  const [logOf, setLogOf] = useState<Pool | null>(null);
  const [lastRun, setLastRun] = useState<RunResult | null>(null);
  // keys built at run time: i18next's typed keys cannot check them
  const s = (k: string, o?: Record<string, unknown>) => (t as unknown as (key: string, options?: object) => string)(`publicPool.settings.${k}`, o);

  const run = useMutation({
    mutationFn: () => api.post<RunResult>('/pools/recycle-run'),
    onSuccess: (r) => {
      setLastRun(r);
      return queryClient.invalidateQueries({ queryKey: poolKeys.all });
    },
    onError: (err) => message.error(poolErrorMessage(err, t)),
  });
  const remove = useMutation({
    mutationFn: (p: Pool) => api.delete(`/pools/${p.id}`),
    onSuccess: () => {
      message.success(s('deleted'));
      return queryClient.invalidateQueries({ queryKey: poolKeys.all });
    },
    onError: (err) => message.error(poolErrorMessage(err, t)),
  });

  if (pools.isPending) return <Loading />;
  const options = (p: Pool) => [
    p.hideContacts && s('hideContacts'),
    p.dailyClaimLimit !== null && `${s('dailyClaimLimit')} ${p.dailyClaimLimit}`,
    p.reclaimCooldownDays ? `${s('reclaimCooldownDays')} ${p.reclaimCooldownDays}` : null,
    p.recycleEnabled && p.warnDaysBefore > 0 ? `${s('warnDaysBefore')} ${p.warnDaysBefore}` : null,
  ].filter(Boolean) as string[];

  return (
    <>
      <PageHeader title={s('title')} description={s('description')}
        extra={<>
          <Button icon={<PlayCircleOutlined />} loading={run.isPending} onClick={() => run.mutate()} data-testid="recycle-run">{run.isPending ? s('running') : s('runNow')}</Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ mode: 'create' })}>{s('create')}</Button>
        </>} />
      {lastRun && <Alert type="success" showIcon closable style={{ marginBottom: 16 }} data-testid="recycle-result" onClose={() => setLastRun(null)}
        message={s('runResult', { returned: lastRun.returned, warned: lastRun.warned })} />}
      <Row gutter={[16, 16]}>
        {(pools.data ?? []).map((p) => (
          <Col key={p.id} xs={24} lg={12}>
            <Card title={<Flex gap={8} align="center" wrap>{p.name}{p.recordTypes.map((rt) => <Tag key={rt}>{t(`publicPool.types.${rt}`)}</Tag>)}</Flex>} data-testid="pool-card"
              extra={<Space size={0} wrap>
                <Button type="link" size="small" onClick={() => setEditing({ mode: 'edit', pool: p })}>{s('edit')}</Button>
                <Button type="link" size="small" onClick={() => setRulesOf(p)}>{s('rules')}</Button>
                <Button type="link" size="small" onClick={() => setLogOf(p)}>{s('log')}</Button>
                <Popconfirm title={s('deleteConfirm', { name: p.name })} onConfirm={() => remove.mutateAsync(p).catch(() => undefined)}>
                  <Button type="link" size="small" danger>{s('delete')}</Button>
                </Popconfirm>
              </Space>}>
              <Flex vertical gap={6}>
                <Typography.Text>{s('counts', { customer: p.counts.customer ?? 0, lead: p.counts.lead ?? 0 })}</Typography.Text>
                <Typography.Text type="secondary" className="ll-break">{s('members')}: {p.members.map((m) => m.name).join('、') || '—'}</Typography.Text>
                <Typography.Text type="secondary" className="ll-break">{s('admins')}: {p.admins.map((a) => a.name).join('、') || '—'}</Typography.Text>
                <Flex gap={4} wrap>{options(p).map((o) => <Tag key={o}>{o}</Tag>)}{!p.recycleEnabled && <Tag color="default">{s('recycleEnabled')} ✕</Tag>}</Flex>
              </Flex>
            </Card>
          </Col>
        ))}
        {(pools.data ?? []).length === 0 && <Col span={24}><Card><Empty description={t('publicPool.noPoolsHint')} /></Card></Col>}
        <Col xs={24} lg={16}><CapsCard /></Col>
        <Col xs={24} lg={8}>
          <Card title={s('lastRuns')} loading={runs.isPending}>
            <List size="small" dataSource={runs.data ?? []} locale={{ emptyText: s('logEmpty') }}
              renderItem={(r) => (
                <List.Item>
                  <Flex justify="space-between" gap={8} style={{ width: '100%' }} wrap>
                    <span>{formatDateTime(r.startedAt)} <Tag>{s(`trigger.${r.trigger}`)}</Tag></span>
                    <Typography.Text type="secondary">↩ {r.returned} · ⚠ {r.warned}</Typography.Text>
                  </Flex>
                </List.Item>
              )} />
          </Card>
        </Col>
      </Row>
      <PoolFormModal target={editing} onClose={() => setEditing(null)} />
      <RulesDrawer pool={rulesOf} onClose={() => setRulesOf(null)} />
      <PoolLogDrawer pool={logOf} onClose={() => setLogOf(null)} />
    </>
  );
}
