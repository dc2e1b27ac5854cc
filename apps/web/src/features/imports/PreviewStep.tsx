import { Alert, Button, Flex, Radio, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { DuplicatePolicy, PreviewRow, RowStatus, Validated } from './api.ts';
import { errorsByColumn } from './mappingModel.ts';

const STATUS_COLOR: Record<RowStatus, string> = { created: 'green', updated: 'blue', skipped: 'default', rejected: 'red' };
const FAULT = { background: '#fff1f0', boxShadow: 'inset 0 0 0 1px #ffa39e' };

interface Props {
  validated: Validated;
  policy: DuplicatePolicy;
  onPolicy: (p: DuplicatePolicy) => void;
  onBack: () => void;
  onStart: () => void;
  busy: boolean;
  error: string | null;
}

/** Step 3: the first 100 rows as the import would treat them, cells at fault marked; the duplicate policy. */
export function PreviewStep({ validated, policy, onPolicy, onBack, onStart, busy, error }: Props) {
  const { t } = useTranslation();
  const { rows, summary } = validated.preview;
  const mapped = validated.headers.filter((h) => validated.mapping[h]);
  const columns: ColumnsType<PreviewRow> = [
    { title: t('imports.preview.row'), dataIndex: 'rowNumber', width: 64, fixed: 'left' },
    {
      title: t('imports.preview.status'), key: 'status', width: 96,
      render: (_, r) => <Tag color={STATUS_COLOR[r.status]} data-testid={`preview-status-${r.rowNumber}`}>{t(`imports.rowStatus.${r.status}`)}</Tag>,
    },
    ...mapped.map((h) => ({
      title: h, key: h, width: 140, ellipsis: true,
      onCell: (r: PreviewRow) => (r.errors.some((e) => e.column === h) ? { style: FAULT, 'data-fault': 'true' } as object : {}),
      render: (_: unknown, r: PreviewRow) => {
        const v = r.cells[validated.headers.indexOf(h)] ?? '';
        const errs = errorsByColumn(r.errors).get(h);
        return errs ? <Tooltip title={errs.join('；')}><span>{v || '—'}</span></Tooltip> : v;
      },
    })),
    {
      title: t('imports.preview.problems'), key: 'problems', width: 260,
      render: (_, r) => (
        <Typography.Text type={r.errors.length ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
          {r.errors.map((e) => (e.column ? `${e.column}：${e.message}` : e.message)).join('；')}
          {r.duplicates > 0 && !r.errors.length ? t('imports.preview.duplicates', { n: r.duplicates }) : null}
        </Typography.Text>
      ),
    },
  ];

  return (
    <Flex vertical gap={12}>
      <div>
        <Typography.Text strong>{t('imports.preview.policy')}</Typography.Text>
        <Radio.Group value={policy} onChange={(e) => onPolicy(e.target.value as DuplicatePolicy)} disabled={busy} data-testid="import-policy"
          style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginTop: 8 }}
          options={(['skip', 'update', 'create'] as const).map((p) => ({ value: p, label: t(`imports.preview.${p}`) }))} />
      </div>
      <Flex gap={8} wrap align="center" data-testid="preview-summary">
        <Typography.Text>{t('imports.preview.summary', { n: rows.length })}</Typography.Text>
        {(Object.keys(summary) as RowStatus[]).map((s) => <Tag key={s} color={STATUS_COLOR[s]}>{t(`imports.rowStatus.${s}`)} {summary[s]}</Tag>)}
      </Flex>
      <Table<PreviewRow> rowKey="rowNumber" size="small" columns={columns} dataSource={rows} loading={busy} data-testid="import-preview"
        pagination={{ pageSize: 20, showSizeChanger: false, size: 'small' }} scroll={{ x: 'max-content' }} />
      <Alert type="info" showIcon title={t('imports.preview.note')} />
      {error && <Alert type="error" showIcon title={error} />}
      <Flex gap={8} justify="flex-end" wrap>
        <Button onClick={onBack} disabled={busy}>{t('imports.back')}</Button>
        <Button type="primary" onClick={onStart} loading={busy} data-testid="import-start">
          {t('imports.preview.start', { count: validated.rowCount })}
        </Button>
      </Flex>
    </Flex>
  );
}
