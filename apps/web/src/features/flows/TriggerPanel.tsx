import { Alert, Form, Input, InputNumber, Select, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { FLOW_TRIGGER_TYPES, FOLLOWUP_OUTCOMES, type FlowTrigger } from '@loopline/shared';
import type { FieldMeta } from '../records/types.ts';
import { FilterField, useFieldLabel } from './inputs.tsx';
import '../approvals/messages.ts'; // the approval node's and 提交审批 trigger's strings

/** Record types a trigger can watch today (later modules add theirs). */
export const TRIGGER_RECORD_TYPES = ['lead', 'customer', 'contact', 'task', 'activity'] as const;
/** Record types an approval flow may be drawn for (提交审批). */
export const APPROVAL_TRIGGER_RECORD_TYPES = ['contract', 'quote', 'payment', 'invoice', 'opportunity', 'order', 'paymentPlan', 'customer', 'lead', 'contact', 'product'] as const;
const NEEDS_RECORD_CONDITION = new Set<FlowTrigger['type']>(['approvalSubmitted', 'recordCreated', 'recordUpdated', 'ownerChanged', 'statusEntered', 'followupLogged', 'scheduled', 'dateRelative']);

interface Props {
  trigger: FlowTrigger;
  onChange?: (t: FlowTrigger) => void;
  fields: FieldMeta[];
  webhookUrl?: string | null;
  /** resets the filter editors when the record type changes */
  resetKey: string;
  /** an approval flow: the trigger is always 提交审批 (record type + start condition) */
  approval?: boolean;
}

/** The trigger node's settings: type, record type and what each type needs (fields, condition, status, outcomes, cron, date…). */
export function TriggerPanel({ trigger, onChange, fields, webhookUrl, resetKey, approval }: Props) {
  const { t } = useTranslation();
  const label = useFieldLabel();
  const readOnly = !onChange;
  const set = (patch: Partial<FlowTrigger>) => {
    const next = { ...trigger, ...patch } as Record<string, unknown>;
    for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
    onChange?.(next as FlowTrigger);
  };
  const setType = (type: FlowTrigger['type']) =>
    // keep only what every type shares, so a leftover cron or status never confuses the validator
    onChange?.({ type, ...(trigger.recordType ? { recordType: trigger.recordType } : { recordType: 'lead' }), ...(trigger.condition && NEEDS_RECORD_CONDITION.has(type) ? { condition: trigger.condition } : {}) });
  const fieldOptions = (pred: (f: FieldMeta) => boolean) => fields.filter(pred).map((f) => ({ value: f.key, label: label(f) }));
  const statusField = fields.find((f) => f.key === trigger.statusField);
  const typeOptions = [...new Set([...(approval ? APPROVAL_TRIGGER_RECORD_TYPES : TRIGGER_RECORD_TYPES), ...(trigger.recordType ? [trigger.recordType] : [])])];
  if (approval) return <ApprovalTrigger trigger={trigger} set={set} fields={fields} resetKey={resetKey} readOnly={readOnly} recordTypes={typeOptions} />;
  const optionalRecord = trigger.type === 'scheduled' || trigger.type === 'webhook';

  return (
    <Form layout="vertical" disabled={readOnly} component="div" data-testid="trigger-panel">
      <Form.Item label={t('flows.panel.type')}>
        <Select value={trigger.type} onChange={setType} data-testid="trigger-type"
          options={FLOW_TRIGGER_TYPES.filter((k) => k !== 'approvalSubmitted').map((k) => ({ value: k, label: t(`flows.triggerTypes.${k}`) }))} />
      </Form.Item>
      <Form.Item label={t('flows.panel.recordType')}>
        <Select value={trigger.recordType} allowClear={optionalRecord} data-testid="trigger-record-type"
          onChange={(v?: FlowTrigger['recordType']) => set({ recordType: v, fields: undefined, condition: undefined, previousCondition: undefined, statusField: undefined, statusValue: undefined, dateField: undefined })}
          options={typeOptions.map((k) => ({ value: k, label: t(`flows.recordTypes.${k}`) }))} />
      </Form.Item>

      {trigger.type === 'recordUpdated' && (
        <Form.Item label={t('flows.panel.fields')} extra={t('flows.panel.fieldsHint')}>
          <Select mode="multiple" value={trigger.fields ?? []} onChange={(v: string[]) => set({ fields: v.length ? v : undefined })} data-testid="trigger-fields"
            options={fieldOptions(() => true)} showSearch={{ optionFilterProp: 'label' }} />
        </Form.Item>
      )}
      {trigger.type === 'statusEntered' && (
        <>
          <Form.Item label={t('flows.panel.statusField')}>
            <Select value={trigger.statusField} onChange={(v: string) => set({ statusField: v, statusValue: undefined })} data-testid="trigger-status-field"
              options={fieldOptions((f) => f.kind === 'select')} />
          </Form.Item>
          <Form.Item label={t('flows.panel.statusValue')}>
            {statusField?.options.length
              ? <Select value={trigger.statusValue} onChange={(v: string) => set({ statusValue: v })} data-testid="trigger-status-value" options={statusField.options.map((o) => ({ value: o.value, label: o.label }))} />
              : <Input value={trigger.statusValue} onChange={(e) => set({ statusValue: e.target.value || undefined })} data-testid="trigger-status-value" />}
          </Form.Item>
        </>
      )}
      {trigger.type === 'followupLogged' && (
        <Form.Item label={t('flows.panel.outcomes')} extra={t('flows.panel.outcomesHint')}>
          <Select mode="multiple" value={trigger.outcomes ?? []} onChange={(v: string[]) => set({ outcomes: v.length ? v : undefined })} data-testid="trigger-outcomes"
            options={FOLLOWUP_OUTCOMES.map((o) => ({ value: o, label: t(`flows.outcomes.${o}`) }))} />
        </Form.Item>
      )}
      {trigger.type === 'scheduled' && (
        <Form.Item label={t('flows.panel.cron')} extra={t('flows.panel.cronHint')}>
          <Input value={trigger.cron} onChange={(e) => set({ cron: e.target.value || undefined })} placeholder="0 9 * * *" data-testid="trigger-cron" style={{ fontFamily: 'monospace' }} />
        </Form.Item>
      )}
      {trigger.type === 'dateRelative' && (
        <>
          <Form.Item label={t('flows.panel.dateField')}>
            <Select value={trigger.dateField} onChange={(v: string) => set({ dateField: v })} data-testid="trigger-date-field"
              options={fieldOptions((f) => f.kind === 'date' || f.kind === 'datetime')} />
          </Form.Item>
          <Form.Item label={t('flows.panel.offsetDays')} extra={t('flows.panel.offsetHint')}>
            <InputNumber value={trigger.offsetDays ?? 0} min={-3650} max={3650} precision={0} onChange={(v) => set({ offsetDays: v ?? 0 })} data-testid="trigger-offset-days" />
          </Form.Item>
          <Form.Item label={t('flows.panel.atHour')}>
            <InputNumber value={trigger.atHour ?? 9} min={0} max={23} precision={0} onChange={(v) => set({ atHour: v ?? 9 })} data-testid="trigger-at-hour" />
          </Form.Item>
          <Form.Item label={t('flows.panel.yearly')}>
            <Switch checked={Boolean(trigger.yearly)} onChange={(v) => set({ yearly: v || undefined })} data-testid="trigger-yearly" />
          </Form.Item>
        </>
      )}
      {trigger.type === 'manual' && (
        <Form.Item label={t('flows.panel.buttonLabel')}>
          <Input value={trigger.buttonLabel} maxLength={50} onChange={(e) => set({ buttonLabel: e.target.value || undefined })} data-testid="trigger-button-label" />
        </Form.Item>
      )}
      {trigger.type === 'webhook' && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }}
          title={webhookUrl ? <>{t('flows.webhookUrl')}: <Typography.Text copyable code>{webhookUrl}</Typography.Text></> : t('flows.panel.webhookHint')} />
      )}
      {trigger.recordType && trigger.type !== 'webhook' && trigger.type !== 'manual' && (
        <Form.Item label={t('flows.panel.condition')}>
          <FilterField key={`c-${resetKey}`} value={trigger.condition} fields={fields} onChange={(c) => set({ condition: c })} testId="trigger-condition" />
        </Form.Item>
      )}
      {trigger.type === 'recordUpdated' && trigger.recordType && (
        <Form.Item label={t('flows.panel.previousCondition')}>
          <FilterField key={`p-${resetKey}`} value={trigger.previousCondition} fields={fields} onChange={(c) => set({ previousCondition: c })} testId="trigger-previous-condition" />
        </Form.Item>
      )}
    </Form>
  );
}

/** 提交审批: which record type the flow approves, and the start condition (the existing filter editor). */
function ApprovalTrigger({ trigger, set, fields, resetKey, readOnly, recordTypes }: {
  trigger: FlowTrigger; set: (patch: Partial<FlowTrigger>) => void; fields: FieldMeta[]; resetKey: string; readOnly: boolean; recordTypes: string[];
}) {
  const { t } = useTranslation();
  return (
    <Form layout="vertical" disabled={readOnly} component="div" data-testid="trigger-panel">
      <Form.Item label={t('flows.panel.type')}>
        <Select value="approvalSubmitted" disabled data-testid="trigger-type" options={[{ value: 'approvalSubmitted', label: t('flows.triggerTypes.approvalSubmitted') }]} />
      </Form.Item>
      <Form.Item label={t('approvals.trigger.recordType')} required>
        <Select value={trigger.recordType} data-testid="trigger-record-type"
          onChange={(v: FlowTrigger['recordType']) => set({ recordType: v, condition: undefined })}
          options={recordTypes.map((k) => ({ value: k, label: t(`flows.recordTypes.${k}` as 'flows.recordTypes.lead') }))} />
      </Form.Item>
      {trigger.recordType && (
        <Form.Item label={t('approvals.trigger.condition')} extra={t('approvals.trigger.conditionHint')}>
          <FilterField key={`c-${resetKey}`} value={trigger.condition} fields={fields} onChange={(c) => set({ condition: c })} testId="trigger-condition" />
        </Form.Item>
      )}
    </Form>
  );
}
