import { useState } from 'react';
import { Badge, Card, Empty, Flex, Segmented, Tabs, Tag, Typography } from 'antd';
import { EyeInvisibleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useMe } from '../auth/useMe.ts';
import { usePools, type Pool, type PoolRecordType } from './api.ts';
import { claimCounter } from './poolModel.ts';
import { PoolRecordList } from './PoolRecordList.tsx';

/** 公海: one tab per pool I belong to; inside, what waits there and how many I may still claim today. */
export default function PoolPage() {
  const { t } = useTranslation();
  const { isAdmin } = useMe();
  const pools = usePools();
  const [active, setActive] = useState<string>();

  if (pools.isPending) return <Loading />;
  const list = pools.data ?? [];
  return (
    <>
      <PageHeader title={t('publicPool.title')} description={t('publicPool.description')}
        extra={isAdmin && <Link to="/settings/pools">{t('publicPool.settings.title')}</Link>} />
      {list.length === 0 ? (
        <Card><Empty description={<Flex vertical gap={4}><span>{t('publicPool.noPools')}</span><Typography.Text type="secondary">{t('publicPool.noPoolsHint')}</Typography.Text></Flex>} /></Card>
      ) : (
        <Card styles={{ body: { paddingTop: 4 } }}>
          <Tabs data-testid="pool-tabs" activeKey={active ?? list[0]!.id} onChange={setActive} items={list.map((p) => ({
            key: p.id,
            label: <Flex gap={6} align="center">{p.name}<Badge count={Object.values(p.counts).reduce((a, b) => a + (b ?? 0), 0)} overflowCount={999} color="#8c8c8c" /></Flex>,
            children: <PoolPanel pool={p} />,
          }))} />
        </Card>
      )}
    </>
  );
}

function PoolPanel({ pool }: { pool: Pool }) {
  const { t } = useTranslation();
  const [type, setType] = useState<PoolRecordType>(pool.recordTypes.includes('customer') ? 'customer' : 'lead');
  const counter = claimCounter(pool);
  return (
    <Flex vertical gap={12}>
      <Flex gap={8} align="center" wrap>
        {pool.recordTypes.length > 1 && (
          <Segmented<PoolRecordType> value={type} onChange={setType} data-testid="pool-type"
            options={pool.recordTypes.map((rt) => ({ value: rt, label: `${t(`publicPool.types.${rt}`)} ${pool.counts[rt] ?? 0}` }))} />
        )}
        <Tag color={counter.kind === 'limited' && counter.left === 0 ? 'red' : 'blue'} data-testid="pool-claims-left">
          {counter.kind === 'limited' ? t('publicPool.claimsLeft', { left: counter.left, limit: counter.limit }) : t('publicPool.claimsUnlimited', { count: counter.count })}
        </Tag>
        {pool.hideContacts && !pool.me.admin && <Typography.Text type="secondary"><EyeInvisibleOutlined /> {t('publicPool.hiddenContacts')}</Typography.Text>}
      </Flex>
      <PoolRecordList key={`${pool.id}:${type}`} pool={pool} recordType={type} />
    </Flex>
  );
}
