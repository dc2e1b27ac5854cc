import './messages.ts';
import { useState } from 'react';
import { App, Button, Flex, Popconfirm, Segmented, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { PRINT_RECORD_TYPES, type PrintRecordType } from '@loopline/shared';
import { PageHeader } from '../../components/PageHeader.tsx';
import { api, isApiError } from '../../lib/api.ts';
import { printKeys, usePrintTemplates, type PrintTemplate } from './api.ts';
import { BRACE_VALUES, braces } from './braces.ts';

/** /settings/print-templates: the templates of each printable record type, the default marked. */
export default function PrintTemplatesPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const recordType = (PRINT_RECORD_TYPES as readonly string[]).includes(params.get('type') ?? '') ? (params.get('type') as PrintRecordType) : 'quote';
  const list = usePrintTemplates(recordType);
  const [busy, setBusy] = useState<string | null>(null);

  const act = async (id: string, work: () => Promise<unknown>, done: string) => {
    setBusy(id);
    try {
      await work();
      message.success(done);
      await queryClient.invalidateQueries({ queryKey: printKeys.all });
    } catch (err) {
      message.error(isApiError(err) ? err.message : String(err));
    } finally {
      setBusy(null);
    }
  };

  const columns: TableColumnsType<PrintTemplate> = [
    {
      title: t('printTemplates.columns.name'), dataIndex: 'name',
      render: (name: string, r) => (
        <Flex gap={6} wrap>
          <Typography.Link onClick={() => navigate(`/settings/print-templates/${r.id}`)} data-testid="print-template-name">{name}</Typography.Link>
          {r.isDefault && <Tag color="blue">{t('printTemplates.defaultTag')}</Tag>}
        </Flex>
      ),
    },
    { title: t('printTemplates.columns.pageSize'), key: 'page', render: (_, r) => `${r.pageSize} · ${t(`printTemplates.orientation.${r.orientation}`)}` },
    { title: t('printTemplates.columns.updatedAt'), dataIndex: 'updatedAt', responsive: ['sm'], render: (v: string) => new Date(v).toLocaleString(i18n.language) },
    {
      title: t('printTemplates.columns.actions'), key: 'a', width: 1,
      render: (_, r) => (
        <Flex gap={4}>
          <Button type="link" size="small" onClick={() => navigate(`/settings/print-templates/${r.id}`)}>{t('printTemplates.edit')}</Button>
          {!r.isDefault && (
            <Button type="link" size="small" loading={busy === r.id} data-testid="print-template-make-default"
              onClick={() => void act(r.id, () => api.post(`/print-templates/${r.id}/default`), t('printTemplates.madeDefault'))}>
              {t('printTemplates.setDefault')}
            </Button>
          )}
          <Popconfirm title={t('printTemplates.deleteConfirm', { name: r.name })} onConfirm={() => act(r.id, () => api.delete(`/print-templates/${r.id}`), t('printTemplates.deleted'))}>
            <Button type="link" size="small" danger>{t('printTemplates.delete')}</Button>
          </Popconfirm>
        </Flex>
      ),
    },
  ];

  const builtIn = list.data?.builtIn.find((b) => b.recordType === recordType);
  const hasDefault = list.data?.items.some((x) => x.isDefault);
  return (
    <>
      <PageHeader title={t('printTemplates.title')} description={braces(t('printTemplates.hint', BRACE_VALUES))}
        extra={<Button type="primary" icon={<PlusOutlined />} data-testid="print-template-new" onClick={() => navigate(`/settings/print-templates/new?type=${recordType}`)}>{t('printTemplates.newTemplate')}</Button>} />
      <div style={{ overflowX: 'auto', marginBottom: 12 }}>
        <Segmented<PrintRecordType> value={recordType} data-testid="print-template-types"
          options={PRINT_RECORD_TYPES.map((type) => ({ value: type, label: t(`printTemplates.types.${type}`) }))}
          onChange={(type) => setParams({ type }, { replace: true })} />
      </div>
      {!hasDefault && builtIn && (
        <Typography.Paragraph type="secondary" data-testid="print-template-builtin-hint">{t('printTemplates.builtInHint', { name: builtIn.name })}</Typography.Paragraph>
      )}
      <Table<PrintTemplate> rowKey="id" columns={columns} dataSource={list.data?.items} loading={list.isFetching} pagination={false}
        locale={{ emptyText: t('printTemplates.empty') }} scroll={{ x: 'max-content' }} data-testid="print-template-table" />
    </>
  );
}
