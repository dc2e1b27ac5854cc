import { DatePicker, Flex, Input, InputNumber, Select } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { RELATIVE_DATE_KINDS, type FilterOp, type FilterValue, type RelativeDateKind } from '@loopline/shared';
import { useUsers } from '../settings/api.ts';
import { isRelativeDate, LIST_OPS } from './filterModel.ts';
import { fieldLabel, optionLabel } from './format.ts';
import type { FieldMeta } from './types.ts';

interface Props {
  field: FieldMeta;
  op: FilterOp;
  value: FilterValue | undefined;
  onChange: (value: FilterValue | undefined) => void;
}

const N_DAYS = new Set<RelativeDateKind>(['lastNDays', 'nextNDays']);
const SPECIFIC = 'specific';
const ymd = (d: dayjs.Dayjs | null) => (d ? d.format('YYYY-MM-DD') : undefined);

/** The value editor for one condition, shaped by the field's kind and the operator. */
export function FilterValueInput({ field, op, value, onChange }: Props) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const users = useUsers({ status: 'active', pageSize: 500 }, field.kind === 'uuid');
  const aria = `${fieldLabel(field, locale)} ${t('records.builder.value')}`;
  const common = { 'aria-label': aria, 'data-testid': 'filter-value', style: { minWidth: 160, flex: '1 1 160px' } };
  const list = LIST_OPS.has(op) || (field.kind === 'multiselect' && (op === 'eq' || op === 'neq'));

  if (field.kind === 'date' || field.kind === 'datetime') {
    if (op === 'between') {
      const pair = Array.isArray(value) ? value : [];
      return (
        <DatePicker.RangePicker {...common} value={pair.length === 2 ? [dayjs(String(pair[0])), dayjs(String(pair[1]))] : null}
          onChange={(r) => onChange(r?.[0] && r[1] ? [ymd(r[0])!, ymd(r[1])!] : undefined)} />
      );
    }
    // A relative period ("this week", "last 7 days") or one specific day.
    const mode = isRelativeDate(value) ? value.relative : SPECIFIC;
    return (
      <Flex gap={6} style={{ flex: '1 1 220px' }} wrap>
        <Select aria-label={aria} data-testid="filter-date-mode" style={{ minWidth: 130, flex: '1 1 130px' }} value={mode} showSearch={{ optionFilterProp: 'label' }}
          options={[{ value: SPECIFIC, label: t('records.builder.specificDate') }, ...RELATIVE_DATE_KINDS.map((k) => ({ value: k, label: t(`records.relative.${k}`) }))]}
          onChange={(m: string) => onChange(m === SPECIFIC ? undefined : N_DAYS.has(m as RelativeDateKind) ? { relative: m as RelativeDateKind, n: 7 } : { relative: m as RelativeDateKind })} />
        {mode === SPECIFIC && (
          <DatePicker aria-label={aria} style={{ flex: '1 1 130px' }} value={typeof value === 'string' ? dayjs(value) : null} onChange={(d) => onChange(ymd(d))} />
        )}
        {isRelativeDate(value) && N_DAYS.has(value.relative) && (
          <InputNumber aria-label={t('records.builder.nDays')} data-testid="filter-ndays" min={1} max={10000} precision={0} style={{ width: 90 }}
            value={value.n} suffix={locale === 'en' ? 'd' : '天'} onChange={(n) => onChange({ relative: value.relative, n: n ?? undefined })} />
        )}
      </Flex>
    );
  }

  if (field.kind === 'number') {
    if (op === 'between') {
      const pair = Array.isArray(value) ? value : [undefined, undefined];
      const set = (i: 0 | 1, n: number | null) => {
        const next = [pair[0], pair[1]];
        next[i] = n ?? undefined;
        onChange(next.every((x) => x !== undefined) ? (next as number[]) : (next as never));
      };
      return (
        <Flex gap={6} style={{ flex: '1 1 200px' }}>
          <InputNumber aria-label={`${aria} ${t('records.builder.from')}`} value={pair[0] as number} onChange={(n) => set(0, n)} style={{ flex: 1 }} />
          <InputNumber aria-label={`${aria} ${t('records.builder.to')}`} value={pair[1] as number} onChange={(n) => set(1, n)} style={{ flex: 1 }} />
        </Flex>
      );
    }
    if (!list) return <InputNumber {...common} value={typeof value === 'number' ? value : undefined} onChange={(n) => onChange(n ?? undefined)} />;
  }

  if (field.kind === 'boolean') {
    return <Select {...common} value={value as boolean | undefined} options={[{ value: true, label: t('common.yes') }, { value: false, label: t('common.no') }]} onChange={onChange} />;
  }

  if (field.kind === 'uuid') {
    const options = [{ value: '$me', label: t('records.builder.me') }, ...(users.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))];
    return (
      <Select {...common} mode={list ? 'multiple' : undefined} showSearch={{ optionFilterProp: 'label' }} options={options} loading={users.isPending}
        value={value as string | string[] | undefined} onChange={(v) => onChange(v as FilterValue)} />
    );
  }

  if (field.options.length && (field.kind === 'select' || field.kind === 'multiselect')) {
    const options = field.options.map((o) => ({ value: o.value, label: optionLabel(field, o.value, locale) }));
    return (
      <Select {...common} mode={list ? 'multiple' : undefined} showSearch={{ optionFilterProp: 'label' }} options={options}
        value={value as string | string[] | undefined} onChange={(v) => onChange(v as FilterValue)} />
    );
  }

  if (list) {
    // Free values (tags, numbers, text): type and press Enter for each.
    return <Select {...common} mode="tags" open={false} value={(value as string[] | undefined) ?? []} onChange={(v: string[]) => onChange(v)} />;
  }
  return <Input {...common} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value)} />;
}
