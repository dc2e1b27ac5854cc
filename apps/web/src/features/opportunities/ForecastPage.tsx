import './messages.ts';
import { lazy, Suspense, useMemo, useState } from 'react';
import { Alert, Card, DatePicker, Segmented, Select, Skeleton, Space, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { useDepartments } from '../settings/api.ts';
import { oppKeys, usePipelines, yuan, type Forecast, type ForecastFigures } from './api.ts';

const ForecastChart = lazy(() => import('./ForecastChart.tsx'));

type Metric = 'amount' | 'weighted' | 'commit' | 'bestCase' | 'pipeline' | 'won';
const METRICS: Metric[] = ['weighted', 'amount', 'commit', 'bestCase', 'pipeline', 'won'];

/** Chart values in yuan: a display aid only (the table shows the exact decimal strings). */
const toNumber = (s: string) => Number(s);

/** /forecast: month × owner (or department) with totals, the manager's team roll-up, and a bar chart. */
export default function ForecastPage() {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().startOf('month'), dayjs().add(5, 'month').startOf('month')]);
  const [groupBy, setGroupBy] = useState<'owner' | 'department'>('owner');
  const [pipelineId, setPipelineId] = useState<string | undefined>();
  const [departmentId, setDepartmentId] = useState<string | undefined>();
  const [metric, setMetric] = useState<Metric>('weighted');
  const pipelines = usePipelines();
  const departments = useDepartments();
  const params = { from: range[0].format('YYYY-MM'), to: range[1].format('YYYY-MM'), groupBy, ...(pipelineId ? { pipelineId } : {}), ...(departmentId ? { departmentId } : {}) };
  const fc = useQuery({ queryKey: oppKeys.forecast(params), queryFn: () => api.get<Forecast>('/opportunities/forecast', params) });
  const data = fc.data;

  const rows = useMemo(() => {
    if (!data) return [];
    const cell = (month: string, key: string | null) => data.cells.find((c) => c.month === month && c.key === key);
    const line = (key: string, name: string, get: (m: string) => ForecastFigures | undefined, total: ForecastFigures | undefined) => ({
      key, name, ...Object.fromEntries(data.months.map((m) => [m, get(m)?.[metric] ?? '0.00'])), total: total?.[metric] ?? '0.00',
    });
    return [
      ...data.groups.map((g) => line(g.key ?? 'none', g.name, (m) => cell(m, g.key), data.groupTotals.find((x) => x.key === g.key))),
      line('__total', t('opportunities.fc.total'), (m) => data.monthTotals.find((x) => x.month === m), data.total),
    ];
  }, [data, metric, t]);

  const series = useMemo(() => (data ? data.groups.map((g) => ({
    name: g.name, values: data.months.map((m) => toNumber(data.cells.find((c) => c.month === m && c.key === g.key)?.[metric] ?? '0')),
  })) : []), [data, metric]);

  const deptOptions = (departments.data ?? []).map((d: { id: string; name: string }) => ({ value: d.id, label: d.name }));
  return (
    <div style={{ padding: mobile ? 12 : 24 }}>
      <Typography.Title level={4}>{t('opportunities.fc.title')}</Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <DatePicker.RangePicker picker="month" value={range} allowClear={false} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />
        <Segmented value={groupBy} onChange={(v) => setGroupBy(v as 'owner' | 'department')}
          options={[{ value: 'owner', label: t('opportunities.fc.byOwner') }, { value: 'department', label: t('opportunities.fc.byDepartment') }]} />
        <Select allowClear style={{ minWidth: 150 }} placeholder={t('opportunities.fc.allPipelines')} value={pipelineId} onChange={setPipelineId}
          options={(pipelines.data ?? []).map((p) => ({ value: p.id, label: p.name }))} data-testid="forecast-pipeline" />
        <Select allowClear style={{ minWidth: 150 }} placeholder={t('opportunities.fc.allDepartments')} value={departmentId} onChange={setDepartmentId} options={deptOptions} />
        <Select style={{ minWidth: 120 }} value={metric} onChange={setMetric} options={METRICS.map((m) => ({ value: m, label: t(`opportunities.fc.${m}`) }))} data-testid="forecast-metric" />
      </Space>
      {fc.isError && <Alert type="error" message={errorMessage(fc.error)} />}
      {fc.isLoading && <Skeleton active />}
      {data && (
        <>
          <Card size="small" style={{ marginBottom: 12 }}>
            <Suspense fallback={<Skeleton active />}><ForecastChart months={data.months} series={series} /></Suspense>
          </Card>
          <Table
            data-testid="forecast-table"
            size="small"
            pagination={false}
            scroll={{ x: true }}
            rowKey="key"
            dataSource={rows}
            rowClassName={(r) => (r.key === '__total' ? 'ant-table-row-selected' : '')}
            columns={[
              { title: groupBy === 'owner' ? t('opportunities.fc.person') : t('opportunities.fc.department'), dataIndex: 'name', fixed: 'left' },
              ...data.months.map((m) => ({ title: m, dataIndex: m, align: 'right' as const, render: (v: string) => yuan(v) })),
              { title: t('opportunities.fc.total'), dataIndex: 'total', align: 'right' as const, render: (v: string) => <strong>{yuan(v)}</strong> },
            ]}
          />
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            {t('opportunities.fc.count')}: {data.total.count} · {t('opportunities.fc.amount')}: {yuan(data.total.amount)} · {t('opportunities.fc.weighted')}: {yuan(data.total.weighted)} · {t('opportunities.fc.commit')}: {yuan(data.total.commit)} · {t('opportunities.fc.won')}: {yuan(data.total.won)}
          </Typography.Paragraph>
        </>
      )}
    </div>
  );
}
