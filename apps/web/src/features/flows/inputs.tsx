/** Small controlled inputs of the flow side panel: durations, people, templates, filters, field values. */
import { useCallback, useState } from 'react';
import { Button, Flex, Input, InputNumber, Select, Space } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { FilterNode, FlowDuration, FlowPerson } from '@loopline/shared';
import { PersonSelect } from '../assignment/PersonSelect.tsx';
import type { Person } from '../assignment/api.ts';
import { FilterGroupEditor } from '../records/FilterGroupEditor.tsx';
import { fromFilterNode, toFilterNode, type BuilderGroup } from '../records/filterModel.ts';
import type { FieldMeta } from '../records/types.ts';
import { durationParts, templateHints } from './model.ts';

export function useFieldLabel() {
  const { i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  return useCallback((f: FieldMeta) => (en ? f.labelEn || f.label : f.label), [en]);
}

/** Key → label over a field catalog, for summaries on the canvas. */
export function useFieldName(fields: FieldMeta[] | undefined) {
  const label = useFieldLabel();
  return useCallback((key: string) => {
    const f = fields?.find((x) => x.key === key);
    return f ? label(f) : undefined;
  }, [fields, label]);
}

export function DurationInput({ value, onChange, testId }: { value?: FlowDuration | null; onChange: (d: FlowDuration) => void; testId?: string }) {
  const { t } = useTranslation();
  const p = durationParts(value);
  const set = (k: 'days' | 'hours' | 'minutes', v: number | null) => {
    const next = { ...p, [k]: v ?? 0 };
    onChange(Object.fromEntries(Object.entries(next).filter(([, n]) => n > 0)) as FlowDuration);
  };
  return (
    <Space.Compact data-testid={testId}>
      <InputNumber min={0} max={3650} precision={0} value={p.days} onChange={(v) => set('days', v)} suffix={t('flows.durationInput.days')} style={{ width: 100 }} aria-label={t('flows.durationInput.days')} />
      <InputNumber min={0} max={10000} precision={0} value={p.hours} onChange={(v) => set('hours', v)} suffix={t('flows.durationInput.hours')} style={{ width: 110 }} aria-label={t('flows.durationInput.hours')} />
      <InputNumber min={0} max={100000} precision={0} value={p.minutes} onChange={(v) => set('minutes', v)} suffix={t('flows.durationInput.minutes')} style={{ width: 110 }} aria-label={t('flows.durationInput.minutes')} />
    </Space.Compact>
  );
}

type Recipient = FlowPerson | { kind: 'address'; email: string } | { kind: 'recordEmail' };
const PERSON_KINDS = ['owner', 'ownerManager', 'triggerUser', 'user'] as const;

/** One person: a role (owner, owner's manager, trigger user) or a named member; email recipients also by address. */
export function PersonPicker({ value, onChange, people, email, testId }: {
  value?: Recipient; onChange: (p: Recipient) => void; people: Person[]; email?: boolean; testId?: string;
}) {
  const { t } = useTranslation();
  const kinds = email ? [...PERSON_KINDS, 'recordEmail', 'address'] as const : PERSON_KINDS;
  const kind = value?.kind ?? 'owner';
  const choose = (k: string) => {
    if (k === 'user') onChange({ kind: 'user', userId: people[0]?.userId ?? '' });
    else if (k === 'address') onChange({ kind: 'address', email: '' });
    else onChange({ kind: k } as Recipient);
  };
  return (
    <Flex gap={8} wrap style={{ flex: 1, minWidth: 0 }}>
      <Select value={kind} onChange={choose} style={{ width: 150 }} data-testid={testId}
        options={kinds.map((k) => ({ value: k, label: t(`flows.person.${k}`) }))} />
      {value?.kind === 'user' && (
        <PersonSelect people={people} value={value.userId || undefined} onChange={(id: string) => onChange({ kind: 'user', userId: id })} style={{ flex: '1 1 140px', minWidth: 140 }} />
      )}
      {value?.kind === 'address' && (
        <Input value={value.email} onChange={(e) => onChange({ kind: 'address', email: e.target.value })} placeholder="name@example.com" style={{ flex: '1 1 160px' }} aria-label={t('flows.panel.email')} />
      )}
    </Flex>
  );
}

/** A list of recipients (notification / email), at least one. */
export function PeopleList({ value, onChange, people, email, testId }: {
  value: Recipient[]; onChange: (v: Recipient[]) => void; people: Person[]; email?: boolean; testId?: string;
}) {
  const { t } = useTranslation();
  const list = value.length ? value : [{ kind: 'owner' } as Recipient];
  return (
    <Flex vertical gap={8} data-testid={testId}>
      {list.map((p, i) => (
        <Flex key={i} gap={4} align="flex-start">
          <PersonPicker value={p} people={people} email={email} onChange={(np) => onChange(list.map((x, j) => (j === i ? np : x)))} />
          {list.length > 1 && <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => onChange(list.filter((_, j) => j !== i))} />}
        </Flex>
      ))}
      <Button size="small" icon={<PlusOutlined />} onClick={() => onChange([...list, { kind: 'ownerManager' }])} style={{ alignSelf: 'flex-start' }}>{t('common.create')}</Button>
    </Flex>
  );
}

/** A text with {{placeholders}}; the picker appends one of the record's fields (or a related person). */
export function TemplateInput({ value, onChange, fields, multiline, testId, placeholder }: {
  value?: string; onChange: (v: string) => void; fields: FieldMeta[]; multiline?: boolean; testId?: string; placeholder?: string;
}) {
  const { t } = useTranslation();
  const label = useFieldLabel();
  const hints = templateHints(fields.map((f) => ({ key: f.key, label: label(f) })));
  const insert = (v: string) => onChange(`${value ?? ''}${v}`);
  return (
    <Flex vertical gap={4}>
      {multiline
        ? <Input.TextArea value={value} onChange={(e) => onChange(e.target.value)} autoSize={{ minRows: 3, maxRows: 10 }} data-testid={testId} placeholder={placeholder} />
        : <Input value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} placeholder={placeholder} />}
      <Select size="small" value={null} placeholder={t('flows.panel.insertField')} onChange={(v: string) => insert(v)} style={{ width: 200 }} showSearch={{ optionFilterProp: 'label' }}
        options={hints.map((h) => ({ value: h.value, label: `${h.label} ${h.value}` }))} aria-label={t('flows.panel.insertField')} />
    </Flex>
  );
}

/** The lists' filter builder over the record type's field catalog; emits the platform FilterNode. */
export function FilterField({ value, onChange, fields, testId }: { value?: unknown; onChange: (f: FilterNode | undefined) => void; fields: FieldMeta[]; testId?: string }) {
  const [root, setRoot] = useState<BuilderGroup>(() => fromFilterNode((value as FilterNode | undefined) ?? null));
  return (
    <div data-testid={testId}>
      <FilterGroupEditor group={root} root={root} fields={fields.filter((f) => f.filterable && f.kind)} onChange={(r) => { setRoot(r); onChange(toFilterNode(r) ?? undefined); }} />
    </div>
  );
}

/** Field → value pairs (update fields / create record); a value may be a template. Empty = null. */
export function ValuesEditor({ value, onChange, fields, testId }: { value: Record<string, unknown>; onChange: (v: Record<string, unknown>) => void; fields: FieldMeta[]; testId?: string }) {
  const { t } = useTranslation();
  const label = useFieldLabel();
  const entries = Object.entries(value);
  const editable = fields.filter((f) => f.access === 'editable');
  const rename = (from: string, to: string) => onChange(Object.fromEntries(entries.map(([k, v]) => (k === from ? [to, v] : [k, v]))));
  const free = editable.find((f) => !(f.key in value));
  return (
    <Flex vertical gap={8} data-testid={testId}>
      {entries.map(([k, v]) => {
        const meta = fields.find((f) => f.key === k);
        const options = meta?.options.length ? meta.options.map((o) => ({ value: o.value, label: o.label })) : null;
        const text = v === null || v === undefined ? '' : String(v);
        return (
          <Flex key={k} gap={4} wrap>
            <Select value={k} style={{ width: 150 }} showSearch={{ optionFilterProp: 'label' }} onChange={(nk: string) => rename(k, nk)} aria-label={t('flows.panel.field')}
              options={[...(meta ? [] : [{ value: k, label: k }]), ...editable.filter((f) => f.key === k || !(f.key in value)).map((f) => ({ value: f.key, label: label(f) }))]} />
            {options
              ? <Select value={text || undefined} allowClear style={{ flex: '1 1 120px' }} options={options} aria-label={t('flows.panel.value')} onChange={(nv?: string) => onChange({ ...value, [k]: nv ?? null })} />
              : <Input value={text} style={{ flex: '1 1 120px' }} aria-label={t('flows.panel.value')} onChange={(e) => onChange({ ...value, [k]: e.target.value === '' ? null : e.target.value })} />}
            <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => onChange(Object.fromEntries(entries.filter(([kk]) => kk !== k)))} />
          </Flex>
        );
      })}
      <Button size="small" icon={<PlusOutlined />} disabled={!free} onClick={() => free && onChange({ ...value, [free.key]: null })} style={{ alignSelf: 'flex-start' }}>
        {t('flows.panel.addValue')}
      </Button>
    </Flex>
  );
}
