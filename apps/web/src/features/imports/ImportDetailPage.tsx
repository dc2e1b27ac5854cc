import { Button, Descriptions, Flex, Progress, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { NotFound } from '../../components/status.tsx';
import { isApiError } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { getImport, importKeys, percent, STATUS_COLOR } from './api.ts';
import { ImportResult } from './ImportResult.tsx';

const LIST_PATH = { lead: '/leads', customer: '/customers', contact: '/contacts' } as const;

/** /imports/:id: one import — its file, who ran it, how it ended, the rejected rows and the error file. */
export default function ImportDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: importKeys.one(id), queryFn: () => getImport(id),
    refetchInterval: (q) => (q.state.data?.status === 'running' || q.state.data?.status === 'queued' ? 1500 : false),
  });
  if (query.isPending) return <Loading />;
  if (query.isError) return isApiError(query.error, 'NOT_FOUND') ? <NotFound /> : <Loading />;
  const imp = query.data;
  const running = imp.status === 'running' || imp.status === 'queued';
  const type = t(`imports.types.${imp.recordType}`);

  return (
    <>
      <PageHeader title={imp.fileName} extra={<Link to="/imports"><Button>{t('imports.history')}</Button></Link>} />
      <Flex vertical gap={16}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} bordered items={[
          { key: 'type', label: t('imports.list.type'), children: type },
          { key: 'status', label: t('imports.list.status'), children: <Tag color={STATUS_COLOR[imp.status]} data-testid="import-status">{t(`imports.status.${imp.status}`)}</Tag> },
          { key: 'rows', label: t('imports.list.result'), children: t('imports.list.rows', { n: imp.rowCount }) },
          { key: 'by', label: t('imports.list.by'), children: imp.createdByName ?? '—' },
          { key: 'at', label: t('imports.list.at'), children: formatDateTime(imp.createdAt) },
          { key: 'sheet', label: t('imports.list.sheet'), children: imp.sheetName },
        ]} />
        {running && <Progress percent={Math.min(99, percent(imp.progress))} status="active" />}
        {(imp.status === 'completed' || imp.status === 'failed' || imp.status === 'cancelled') && (
          <ImportResult id={imp.id} status={imp.status} counts={imp.counts} failure={imp.failure}
            actions={<Link to={LIST_PATH[imp.recordType]}><Button type="primary">{t('imports.result.view', { type })}</Button></Link>} />
        )}
      </Flex>
    </>
  );
}
