import { Alert, Button, Flex, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import type { ImportField, Mapping, Uploaded } from './api.ts';
import { choose, hasIssues, mappingIssues, samples } from './mappingModel.ts';

interface Props {
  uploaded: Uploaded;
  mapping: Mapping;
  onChange: (m: Mapping) => void;
  onBack: () => void;
  onNext: () => void;
  busy: boolean;
  error: string | null;
}

/** Step 2: one line per column of the file — its header, a few values, and the field it goes to. */
export function MappingStep({ uploaded, mapping, onChange, onBack, onNext, busy, error }: Props) {
  const { t, i18n } = useTranslation();
  const isMobile = useIsMobile();
  const zh = i18n.language !== 'en';
  const name = (f: ImportField) => (zh ? f.label : f.labelEn);
  const issues = mappingIssues(uploaded.headers, mapping, uploaded.fields);
  const used = new Set(Object.values(mapping).filter(Boolean));
  const options = [
    { value: '', label: t('imports.map.skip') },
    ...uploaded.fields.map((f) => ({
      value: f.key,
      label: `${name(f)}${f.required ? ` (${t('imports.map.required')})` : ''}`,
    })),
  ];

  return (
    <Flex vertical gap={12}>
      <Typography.Text type="secondary">{t('imports.upload.found', { sheet: uploaded.sheetName, row: uploaded.headerRow, count: uploaded.rowCount })}</Typography.Text>
      <Typography.Text>{t('imports.map.intro')}</Typography.Text>
      <div role="table" aria-label={t('imports.steps.map')} data-testid="import-mapping">
        {uploaded.headers.map((header, i) => {
          const key = mapping[header] ?? null;
          const clash = key !== null && issues.twice.has(key);
          return (
            <Flex key={header} role="row" gap={8} align={isMobile ? 'stretch' : 'center'} vertical={isMobile} data-testid="mapping-row"
              style={{ padding: '8px 0', borderBottom: '1px solid rgba(5,5,5,0.06)' }}>
              <div role="cell" style={{ flex: '1 1 0', minWidth: 0 }}>
                <Typography.Text strong data-testid="mapping-header">{header}</Typography.Text>
                <div><Typography.Text type="secondary" ellipsis style={{ maxWidth: '100%' }}>{samples(uploaded.preview, i).join('、') || '—'}</Typography.Text></div>
              </div>
              <Select role="cell" aria-label={`${t('imports.map.field')}: ${header}`} data-testid="mapping-select" showSearch optionFilterProp="label"
                status={clash ? 'error' : undefined} value={key ?? ''} options={options.map((o) => ({ ...o, disabled: o.value !== '' && o.value !== key && used.has(o.value) }))}
                style={{ width: isMobile ? '100%' : 240 }} onChange={(v: string) => onChange(choose(mapping, header, v || null))} />
            </Flex>
          );
        })}
      </div>
      {issues.missing.length > 0 && (
        <Alert type="warning" showIcon data-testid="mapping-missing" title={t('imports.map.missing', { fields: issues.missing.map(name).join('、') })} />
      )}
      {[...issues.twice].map(([key, cols]) => {
        const f = uploaded.fields.find((x) => x.key === key);
        return <Alert key={key} type="error" showIcon title={t('imports.map.twice', { field: f ? name(f) : key, columns: cols.join('、') })} />;
      })}
      {error && <Alert type="error" showIcon title={error} />}
      <Flex gap={8} justify="flex-end" wrap>
        <Button onClick={onBack}>{t('imports.back')}</Button>
        <Button type="primary" loading={busy} disabled={hasIssues(issues)} onClick={onNext} data-testid="mapping-next">
          {t('imports.next')}
        </Button>
      </Flex>
    </Flex>
  );
}
