import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Flex, Select, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { api, ApiError } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { contactConfig } from '../contacts/config.tsx';
import { customerConfig } from '../customers/config.tsx';
import { useFieldMeta } from '../records/api.ts';
import { fieldLabel } from '../records/format.ts';
import { leadConfig } from './config.tsx';
import { hasErrors, mappableSources, mappableTargets, mappingProblems, setTarget, type ConversionMapping, type MappingField, type MappingProblem, type MappingSide } from './mappingModel.ts';

const KEY = ['leads', 'conversion-mapping'];

/** /settings/lead-conversion: which lead field fills which customer and contact field when converting (admin). */
export default function ConversionMappingPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const queryClient = useQueryClient();
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const saved = useQuery({ queryKey: KEY, queryFn: () => api.get<ConversionMapping>('/leads/conversion-mapping') });
  const lead = useFieldMeta(leadConfig);
  const customer = useFieldMeta(customerConfig);
  const contact = useFieldMeta(contactConfig);
  const [draft, setDraft] = useState<ConversionMapping | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (saved.data && !draft) setDraft({ customer: { ...saved.data.customer }, contact: { ...saved.data.contact } });
  }, [saved.data, draft]);

  const sources = useMemo(() => mappableSources(lead.data ?? []), [lead.data]);
  const targets = useMemo(() => ({ customer: (customer.data ?? []) as MappingField[], contact: (contact.data ?? []) as MappingField[] }), [customer.data, contact.data]);
  const problems = useMemo(() => (draft && lead.data ? mappingProblems(draft, lead.data, targets) : []), [draft, lead.data, targets]);
  const failed = [saved, lead, customer, contact].find((q) => q.isError);
  if (failed) return <Alert type="error" showIcon title={errorMessage(failed.error)} />;
  if (!draft || !lead.data || !customer.data || !contact.data) return <Loading />;

  const label = (f: MappingField) => fieldLabel(f, locale);
  const nameOf = (side: MappingSide, key?: string) => {
    const f = (side === 'customer' ? customer.data : contact.data)?.find((x) => x.key === key) ?? lead.data?.find((x) => x.key === key);
    return f ? label(f) : (key ?? '');
  };
  const describe = (p: MappingProblem) => t(`leads.mapping.problems.${p.code}`, {
    lead: lead.data?.find((x) => x.key === p.leadField) ? label(lead.data.find((x) => x.key === p.leadField)!) : p.leadField,
    target: nameOf(p.side, p.target),
    side: p.side === 'customer' ? t('leads.convert.customer') : t('leads.convert.contact'),
  });
  const rowProblems = (side: MappingSide, key: string) => problems.filter((p) => p.side === side && p.leadField === key);
  const save = async () => {
    setSaving(true);
    try {
      await api.put('/leads/conversion-mapping', draft);
      message.success(t('leads.mapping.saved'));
      await queryClient.invalidateQueries({ queryKey: KEY });
    } catch (err) {
      // the server names each bad row as customer.<leadField> / contact.<leadField>
      const rows = err instanceof ApiError ? Object.entries(err.fieldErrors).map(([k, v]) => `${k}: ${v}`) : [];
      message.error(rows.length ? rows.join('；') : errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  const picker = (side: MappingSide, src: MappingField) => {
    const own = rowProblems(side, src.key);
    return (
      <Flex vertical gap={2} style={{ flex: '1 1 160px', minWidth: 0 }}>
        {isMobile && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{side === 'customer' ? t('leads.mapping.customerField') : t('leads.mapping.contactField')}</Typography.Text>}
        <Select allowClear value={draft[side][src.key]} placeholder={t('leads.mapping.notMapped')} showSearch={{ optionFilterProp: 'label' }}
          status={own.some((p) => p.severity === 'error') ? 'error' : own.length ? 'warning' : undefined}
          aria-label={`${label(src)} → ${side === 'customer' ? t('leads.mapping.customerField') : t('leads.mapping.contactField')}`}
          data-testid={`mapping-${side}-${src.key}`}
          options={mappableTargets(side, targets[side]).map((f) => ({ value: f.key, label: label(f) }))}
          onChange={(v: string | undefined) => setDraft(setTarget(draft, side, src.key, v ?? null))} />
        {own.map((p, i) => <Typography.Text key={i} type={p.severity === 'error' ? 'danger' : 'warning'} style={{ fontSize: 12 }}>{describe(p)}</Typography.Text>)}
      </Flex>
    );
  };

  const general = problems.filter((p) => !p.leadField || !sources.some((s) => s.key === p.leadField));
  return (
    <>
      <PageHeader title={t('leads.mapping.title')} description={t('leads.mapping.description')}
        extra={
          <>
            <Button onClick={() => setDraft(null)} disabled={saving}>{t('leads.mapping.reset')}</Button>
            <Button type="primary" loading={saving} disabled={hasErrors(problems)} onClick={save} data-testid="mapping-save">{t('common.save')}</Button>
          </>
        } />
      {general.map((p, i) => <Alert key={i} type={p.severity === 'error' ? 'error' : 'warning'} showIcon title={describe(p)} style={{ marginBottom: 8 }} />)}
      <Card size="small">
        {!isMobile && (
          <Flex gap={12} style={{ padding: '4px 0 8px', fontWeight: 600 }}>
            <span style={{ flex: '1 1 140px' }}>{t('leads.mapping.leadField')}</span>
            <span style={{ flex: '1 1 160px' }}>{t('leads.mapping.customerField')}</span>
            <span style={{ flex: '1 1 160px' }}>{t('leads.mapping.contactField')}</span>
          </Flex>
        )}
        {sources.map((src) => (
          <Flex key={src.key} gap={12} wrap align="flex-start" style={{ padding: '8px 0', borderTop: '1px solid #f0f0f0' }} data-testid="mapping-row">
            <Typography.Text strong={isMobile} style={{ flex: isMobile ? '1 1 100%' : '1 1 140px', paddingTop: 4 }}>{label(src)}</Typography.Text>
            {picker('customer', src)}
            {picker('contact', src)}
          </Flex>
        ))}
      </Card>
    </>
  );
}
