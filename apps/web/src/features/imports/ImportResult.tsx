import { useState, type ReactNode } from 'react';
import { Alert, Button, Col, Flex, Row, Statistic, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorFileHref, importKeys, inLanguage, listErrors, type Counts, type ImportStatus, type RowError } from './api.ts';

interface Props {
  id: string;
  status: ImportStatus;
  counts: Counts;
  failure: string | null;
  /** buttons after the download (view records, import another file) */
  actions?: ReactNode;
}

const PAGE = 20;

/** What an import did: the four counts, every rejected row with its reason, and the error file. */
export function ImportResult({ id, status, counts, failure, actions }: Props) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en';
  const [page, setPage] = useState(1);
  const errors = useQuery({ queryKey: importKeys.errors(id, page), queryFn: () => listErrors(id, page, PAGE), enabled: status === 'completed' && counts.rejected > 0 });
  const headline = status === 'completed'
    ? <Alert type={counts.rejected ? 'warning' : 'success'} showIcon title={t('imports.result.completed')} data-testid="import-result-title" />
    : <Alert type="error" showIcon title={t(status === 'cancelled' ? 'imports.result.cancelled' : 'imports.result.failed')} description={failure ? inLanguage(failure, zh) : undefined} data-testid="import-result-title" />;

  return (
    <Flex vertical gap={16} data-testid="import-result">
      {headline}
      {status === 'completed' && (
        <Row gutter={[16, 16]}>
          {(['created', 'updated', 'skipped', 'rejected'] as const).map((k) => (
            <Col xs={12} sm={6} key={k}>
              <Statistic title={t(`imports.result.${k}`)} value={counts[k]} data-testid={`import-count-${k}`}
                styles={k === 'rejected' && counts.rejected ? { content: { color: '#cf1322' } } : undefined} />
            </Col>
          ))}
        </Row>
      )}
      {status === 'completed' && counts.rejected > 0 && (
        <>
          <Flex justify="space-between" align="center" wrap gap={8}>
            <Typography.Text strong>{t('imports.result.rejectedRows')}</Typography.Text>
            <Button icon={<DownloadOutlined />} href={errorFileHref(id)} download data-testid="import-error-file">{t('imports.result.download')}</Button>
          </Flex>
          <Table<RowError> size="small" rowKey={(r) => `${r.rowNumber}:${r.column ?? ''}:${r.message}`} loading={errors.isFetching} data-testid="import-errors"
            dataSource={errors.data?.items ?? []} scroll={{ x: 'max-content' }}
            pagination={{ current: page, pageSize: PAGE, total: errors.data?.total ?? 0, showSizeChanger: false, size: 'small', onChange: setPage }}
            columns={[
              { title: t('imports.preview.row'), dataIndex: 'rowNumber', width: 64 },
              { title: t('imports.result.column'), dataIndex: 'column', width: 120, render: (c: string | null) => c ?? '—' },
              { title: t('imports.result.reason'), dataIndex: 'message', render: (m: string) => inLanguage(m, zh) },
            ]} />
        </>
      )}
      {actions && <Flex gap={8} justify="flex-end" wrap>{actions}</Flex>}
    </Flex>
  );
}
