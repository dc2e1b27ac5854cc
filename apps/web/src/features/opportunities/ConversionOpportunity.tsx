import './messages.ts';
import { Divider, Flex, Input, Select, Space, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePipelines } from './api.ts';

export interface ConversionOpportunity { enabled: boolean; name: string; amount: string; pipelineId: string | null }

export const initialConversionOpportunity = (name: string): ConversionOpportunity => ({ enabled: false, name, amount: '', pipelineId: null });

/** The request part for POST /leads/:id/convert: nothing unless switched on. */
export function conversionOpportunityBody(o: ConversionOpportunity): { opportunity?: { name: string; amount?: string; pipelineId?: string } } {
  if (!o.enabled) return {};
  return { opportunity: { name: o.name.trim(), ...(o.amount.trim() ? { amount: o.amount.trim() } : {}), ...(o.pipelineId ? { pipelineId: o.pipelineId } : {}) } };
}

/** "同时创建商机" in the lead conversion dialog: name, amount and pipeline of the new opportunity. */
export function ConversionOpportunityFields({ value, onChange }: { value: ConversionOpportunity; onChange: (v: ConversionOpportunity) => void }) {
  const { t } = useTranslation();
  const pipelines = usePipelines();
  return (
    <>
      <Divider titlePlacement="start">
        <Flex gap={8} align="center">
          {t('opportunities.singular')}
          <Switch size="small" checked={value.enabled} onChange={(enabled) => onChange({ ...value, enabled })} data-testid="convert-opportunity-switch" aria-label={t('opportunities.convert.create')} />
          <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 'normal' }}>{t('opportunities.convert.create')}</Typography.Text>
        </Flex>
      </Divider>
      {value.enabled && (
        <Space wrap style={{ marginBottom: 12 }}>
          <Input data-testid="convert-opportunity-name" style={{ width: 240 }} maxLength={200} placeholder={t('opportunities.convert.name')} value={value.name} onChange={(e) => onChange({ ...value, name: e.target.value })} />
          <Input data-testid="convert-opportunity-amount" style={{ width: 160 }} prefix="¥" inputMode="decimal" placeholder={t('opportunities.amount')} value={value.amount} onChange={(e) => onChange({ ...value, amount: e.target.value })} />
          <Select style={{ width: 180 }} placeholder={t('opportunities.pipeline')} allowClear value={value.pipelineId ?? undefined}
            options={(pipelines.data ?? []).map((p) => ({ value: p.id, label: p.name }))} onChange={(v) => onChange({ ...value, pipelineId: v ?? null })} />
        </Space>
      )}
    </>
  );
}
