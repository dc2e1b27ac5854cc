import { Alert, Button, Card, Flex, Form, Input, Select, Segmented, Switch, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { FlowNode, FlowProblem } from '@loopline/shared';
import type { Person } from '../assignment/api.ts';
import type { FieldMeta } from '../records/types.ts';
import { FIELD_CATALOG_PATHS, branchesOf, newBranchId, type ConditionBranch } from './model.ts';
import { usePools, useRecordFields } from './api.ts';
import { DurationInput, FilterField, PeopleList, PersonPicker, TemplateInput, ValuesEditor, useFieldLabel } from './inputs.tsx';
import { TRIGGER_RECORD_TYPES } from './TriggerPanel.tsx';
import { ApprovalNodeForm } from './ApprovalNodeForm.tsx';

interface Props {
  node: FlowNode;
  fields: FieldMeta[];
  people: Person[];
  problems?: FlowProblem[];
  onChange?: (patch: Partial<Pick<FlowNode, 'label' | 'config'>>) => void;
  onDelete?: () => void;
}

/** Settings of one node: its name and a form matching the node type's config schema. */
export function NodePanel({ node, fields, people, problems, onChange, onDelete }: Props) {
  const { t } = useTranslation();
  const readOnly = !onChange;
  const c = node.config as Record<string, any>;
  const set = (patch: Record<string, unknown>) => {
    const next = { ...c, ...patch };
    for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
    onChange?.({ config: next });
  };
  const common = { fields, people, c, set };

  return (
    <Form layout="vertical" disabled={readOnly} component="div" data-testid={`node-panel-${node.id}`}>
      {problems?.length ? (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} role="alert" title={<ul style={{ margin: 0, paddingInlineStart: 16 }}>{problems.map((p, i) => <li key={i}>{p.message}</li>)}</ul>} />
      ) : null}
      <Form.Item label={t('flows.panel.label')} extra={`${t('flows.panel.labelHint')} · ${t('flows.panel.id')}: ${node.id}`}>
        <Input value={node.label ?? ''} maxLength={100} placeholder={t(`flows.nodeTypes.${node.type}` as 'flows.nodeTypes.end', { defaultValue: node.type })}
          onChange={(e) => onChange?.({ label: e.target.value || undefined })} data-testid="node-label" />
      </Form.Item>
      <Config node={node} {...common} />
      {onDelete && node.type !== 'trigger' && (
        <Button danger icon={<DeleteOutlined />} onClick={onDelete} data-testid="node-delete" disabled={false}>{t('flows.panel.delete')}</Button>
      )}
    </Form>
  );
}

interface ConfigProps {
  node: FlowNode;
  fields: FieldMeta[];
  people: Person[];
  c: Record<string, any>;
  set: (patch: Record<string, unknown>) => void;
}

function Config({ node, fields, people, c, set }: ConfigProps) {
  const { t } = useTranslation();
  const label = useFieldLabel();
  const hint = <span>{t('flows.panel.templateHint', { examples: '{{record.name}} {{owner.name}} {{now+3d|date}}' })}</span>;
  switch (node.type) {
    case 'condition':
      return <BranchesEditor node={node} fields={fields} set={set} />;
    case 'approval':
      return <ApprovalNodeForm c={c} set={set} fields={fields} people={people} />;
    case 'createTask':
      return (
        <>
          <Form.Item label={t('flows.panel.title')} required extra={hint}>
            <TemplateInput value={c.title} onChange={(v) => set({ title: v })} fields={fields} testId="cfg-title" />
          </Form.Item>
          <Form.Item label={t('flows.panel.descriptionField')}>
            <TemplateInput value={c.description} onChange={(v) => set({ description: v || undefined })} fields={fields} multiline testId="cfg-description" />
          </Form.Item>
          <Form.Item label={t('flows.panel.assignee')}>
            <PersonPicker value={c.assignee} onChange={(p) => set({ assignee: p })} people={people} testId="cfg-assignee" />
          </Form.Item>
          <Form.Item label={t('flows.panel.due')}>
            <DurationInput value={c.due} onChange={(d) => set({ due: Object.keys(d).length ? d : undefined })} testId="cfg-due" />
          </Form.Item>
          <Form.Item label={t('flows.panel.remindBefore')}>
            <DurationInput value={c.remindBefore} onChange={(d) => set({ remindBefore: Object.keys(d).length ? d : undefined })} testId="cfg-remind" />
          </Form.Item>
          <Form.Item label={t('flows.panel.priority')}>
            <Segmented value={c.priority ?? 'normal'} onChange={(v) => set({ priority: v })}
              options={(['low', 'normal', 'high', 'urgent'] as const).map((p) => ({ value: p, label: t(`flows.priorities.${p}`) }))} />
          </Form.Item>
          <Form.Item label={t('flows.panel.checklist')} extra={t('flows.panel.checklistHint')}>
            <Input.TextArea value={(c.checklist ?? []).join('\n')} autoSize={{ minRows: 2, maxRows: 8 }}
              onChange={(e) => { const items = e.target.value.split('\n').map((s) => s.slice(0, 200)); set({ checklist: items.some((s) => s.trim()) ? items : undefined }); }} />
          </Form.Item>
        </>
      );
    case 'followupReminder':
      return (
        <>
          <Form.Item label={t('flows.panel.after')} required>
            <DurationInput value={c.after} onChange={(d) => set({ after: d })} testId="cfg-after" />
          </Form.Item>
          <Form.Item label={t('flows.panel.note')} extra={hint}>
            <TemplateInput value={c.note} onChange={(v) => set({ note: v || undefined })} fields={fields} testId="cfg-note" />
          </Form.Item>
        </>
      );
    case 'assignOwner':
      return (
        <>
          <Form.Item label={t('flows.panel.to')} required>
            <PersonPicker value={c.to} onChange={(p) => set({ to: p })} people={people} testId="cfg-to" />
          </Form.Item>
          <Form.Item label={t('flows.panel.reason')}>
            <TemplateInput value={c.reason} onChange={(v) => set({ reason: v || undefined })} fields={fields} testId="cfg-reason" />
          </Form.Item>
        </>
      );
    case 'returnToPool':
      return <ReturnToPool c={c} set={set} fields={fields} />;
    case 'updateFields':
      return (
        <Form.Item label={t('flows.panel.values')} extra={hint}>
          <ValuesEditor value={c.values ?? {}} onChange={(v) => set({ values: v })} fields={fields} testId="cfg-values" />
        </Form.Item>
      );
    case 'createRecord':
      return <CreateRecord c={c} set={set} />;
    case 'notify':
      return (
        <>
          <Form.Item label={t('flows.panel.recipients')} required>
            <PeopleList value={c.to ?? []} onChange={(v) => set({ to: v })} people={people} testId="cfg-recipients" />
          </Form.Item>
          <Form.Item label={t('flows.panel.title')} required extra={hint}>
            <TemplateInput value={c.title} onChange={(v) => set({ title: v })} fields={fields} testId="cfg-title" />
          </Form.Item>
          <Form.Item label={t('flows.panel.body')}>
            <TemplateInput value={c.body} onChange={(v) => set({ body: v || undefined })} fields={fields} multiline testId="cfg-body" />
          </Form.Item>
        </>
      );
    case 'sendEmail':
      return (
        <>
          <Form.Item label={t('flows.panel.recipients')} required>
            <PeopleList value={c.to ?? []} onChange={(v) => set({ to: v })} people={people} email testId="cfg-recipients" />
          </Form.Item>
          <Form.Item label={t('flows.panel.subject')} required extra={hint}>
            <TemplateInput value={c.subject} onChange={(v) => set({ subject: v })} fields={fields} testId="cfg-subject" />
          </Form.Item>
          <Form.Item label={t('flows.panel.body')} required>
            <TemplateInput value={c.body} onChange={(v) => set({ body: v })} fields={fields} multiline testId="cfg-body" />
          </Form.Item>
        </>
      );
    case 'webhook':
      return (
        <>
          <Form.Item label={t('flows.panel.url')} required>
            <Input value={c.url} onChange={(e) => set({ url: e.target.value })} placeholder="https://" data-testid="cfg-url" />
          </Form.Item>
          <Form.Item label={t('flows.panel.secret')} extra={t('flows.panel.secretHint')}>
            <Input.Password value={c.secret} onChange={(e) => set({ secret: e.target.value || undefined })} autoComplete="new-password" />
          </Form.Item>
          <Form.Item label={t('flows.panel.bodyJson')} extra={hint}>
            <TemplateInput value={c.body} onChange={(v) => set({ body: v || undefined })} fields={fields} multiline testId="cfg-body" />
          </Form.Item>
        </>
      );
    case 'delay':
      return (
        <>
          <Form.Item label={t('flows.panel.mode')}>
            <Segmented value={c.mode ?? 'duration'} data-testid="cfg-delay-mode"
              onChange={(m) => set(m === 'duration' ? { mode: 'duration', duration: { days: 1 }, field: undefined, offset: undefined, before: undefined } : { mode: 'untilField', field: '', duration: undefined })}
              options={[{ value: 'duration', label: t('flows.panel.modeDuration') }, { value: 'untilField', label: t('flows.panel.modeField') }]} />
          </Form.Item>
          {c.mode === 'untilField' ? (
            <>
              <Form.Item label={t('flows.panel.delayField')} required>
                <Select value={c.field || undefined} onChange={(v: string) => set({ field: v })} data-testid="cfg-delay-field"
                  options={fields.filter((f) => f.kind === 'date' || f.kind === 'datetime').map((f) => ({ value: f.key, label: label(f) }))} />
              </Form.Item>
              <Form.Item label={t('flows.panel.offset')}>
                <DurationInput value={c.offset} onChange={(d) => set({ offset: Object.keys(d).length ? d : undefined })} />
              </Form.Item>
              <Form.Item label={t('flows.panel.before')}>
                <Switch checked={Boolean(c.before)} onChange={(v) => set({ before: v || undefined })} />
              </Form.Item>
            </>
          ) : (
            <Form.Item label={t('flows.nodeTypes.delay')} required>
              <DurationInput value={c.duration} onChange={(d) => set({ duration: d })} testId="cfg-duration" />
            </Form.Item>
          )}
        </>
      );
    default:
      return <Typography.Paragraph type="secondary">{t('flows.panel.noConfig')}</Typography.Paragraph>;
  }
}

function ReturnToPool({ c, set, fields }: { c: Record<string, any>; set: ConfigProps['set']; fields: FieldMeta[] }) {
  const { t } = useTranslation();
  const pools = usePools();
  return (
    <>
      <Form.Item label={t('flows.panel.pool')}>
        <Select value={c.poolId ?? ''} onChange={(v: string) => set({ poolId: v || undefined })} loading={pools.isPending}
          options={[{ value: '', label: t('flows.panel.poolDefault') }, ...(pools.data ?? []).map((p) => ({ value: p.id, label: p.name }))]} />
      </Form.Item>
      <Form.Item label={t('flows.panel.reason')} required>
        <TemplateInput value={c.reason} onChange={(v) => set({ reason: v })} fields={fields} testId="cfg-reason" />
      </Form.Item>
    </>
  );
}

function CreateRecord({ c, set }: { c: Record<string, any>; set: ConfigProps['set'] }) {
  const { t } = useTranslation();
  const target = useRecordFields(c.recordType, FIELD_CATALOG_PATHS[c.recordType]);
  return (
    <>
      <Form.Item label={t('flows.panel.createType')}>
        <Select value={c.recordType} onChange={(v: string) => set({ recordType: v, values: {} })}
          options={TRIGGER_RECORD_TYPES.map((k) => ({ value: k, label: t(`flows.recordTypes.${k}`) }))} />
      </Form.Item>
      <Form.Item label={t('flows.panel.values')}>
        <ValuesEditor value={c.values ?? {}} onChange={(v) => set({ values: v })} fields={target.data ?? []} testId="cfg-values" />
      </Form.Item>
    </>
  );
}

/** Ordered branches, each a filter; the last exit is always "otherwise" (the default edge). */
function BranchesEditor({ node, fields, set }: { node: FlowNode; fields: FieldMeta[]; set: ConfigProps['set'] }) {
  const { t } = useTranslation();
  const branches = branchesOf(node);
  const put = (next: ConditionBranch[]) => set({ branches: next });
  const move = (i: number, d: -1 | 1) => {
    const next = [...branches];
    [next[i], next[i + d]] = [next[i + d], next[i]];
    put(next);
  };
  return (
    <Flex vertical gap={12} style={{ marginBottom: 16 }} data-testid="cfg-branches">
      <Typography.Text type="secondary">{t('flows.branch.hint')}</Typography.Text>
      {branches.map((b, i) => (
        <Card key={b.id} size="small" data-testid={`cfg-branch-${b.id}`}
          title={<Input value={b.label} placeholder={t('flows.branch.n', { n: i + 1 })} aria-label={t('flows.branch.label')} variant="borderless" maxLength={100}
            onChange={(e) => put(branches.map((x) => (x.id === b.id ? { ...x, label: e.target.value } : x)))} />}
          extra={<Flex>
            <Button type="text" size="small" icon={<ArrowUpOutlined />} disabled={i === 0} aria-label={t('flows.branch.up')} onClick={() => move(i, -1)} />
            <Button type="text" size="small" icon={<ArrowDownOutlined />} disabled={i === branches.length - 1} aria-label={t('flows.branch.down')} onClick={() => move(i, 1)} />
            <Button type="text" size="small" danger icon={<DeleteOutlined />} disabled={branches.length <= 1} aria-label={t('flows.branch.remove')} onClick={() => put(branches.filter((x) => x.id !== b.id))} />
          </Flex>}>
          <FilterField value={b.filter} fields={fields} onChange={(f) => put(branches.map((x) => (x.id === b.id ? { ...x, filter: f ?? { and: [] } } : x)))} />
        </Card>
      ))}
      <Button icon={<PlusOutlined />} onClick={() => put([...branches, { id: newBranchId(branches), label: '', filter: { and: [] } }])} disabled={branches.length >= 20} data-testid="cfg-branch-add">
        {t('flows.branch.add')}
      </Button>
      <Card size="small"><Typography.Text type="secondary">{t('flows.branch.default')}</Typography.Text></Card>
    </Flex>
  );
}
