/**
 * The approval node's side panel (审批节点): who approves (named people, a role, the submitter's
 * manager or N levels, the department head, chosen by the submitter, the record owner), the mode
 * (single / sequential / countersign / any-of / ratio), what happens with nobody found or the
 * submitter as approver, the timeout, CC, approver-editable fields and delegate / add-approver.
 */
import { Button, Card, Flex, Form, InputNumber, Select, Segmented, Switch, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { APPROVAL_MODES, type ApproverRule } from '@loopline/shared';
import type { Person } from '../assignment/api.ts';
import type { FieldMeta } from '../records/types.ts';
import { useRoles } from '../settings/api.ts';
import { ruleOfKind } from '../approvals/model.ts';
import { useFieldLabel } from './inputs.tsx';
import '../approvals/messages.ts'; // the approval node's and 提交审批 trigger's strings

const RULE_KINDS: ApproverRule['kind'][] = ['users', 'role', 'manager', 'departmentHead', 'submitterChooses', 'owner'];

function RuleEditor({ value, onChange, people, testId, kinds = RULE_KINDS }: {
  value: ApproverRule | undefined; onChange: (r: ApproverRule) => void; people: Person[]; testId: string; kinds?: ApproverRule['kind'][];
}) {
  const { t } = useTranslation();
  const roles = useRoles();
  const rule = value ?? ruleOfKind('manager');
  return (
    <Flex vertical gap={8}>
      <Select value={rule.kind} onChange={(k: ApproverRule['kind']) => onChange(ruleOfKind(k))} data-testid={`${testId}-kind`}
        options={kinds.map((k) => ({ value: k, label: t(`approvals.node.approverKind.${k}`) }))} />
      {rule.kind === 'users' && (
        <Select mode="multiple" value={rule.userIds} onChange={(ids: string[]) => onChange({ kind: 'users', userIds: ids })} placeholder={t('approvals.node.users')}
          showSearch={{ optionFilterProp: 'label' }} data-testid={`${testId}-users`} maxCount={50}
          options={people.filter((p) => p.status !== 'inactive').map((p) => ({ value: p.userId, label: p.name }))} />
      )}
      {rule.kind === 'role' && (
        <Select value={rule.roleKey || undefined} onChange={(k: string) => onChange({ kind: 'role', roleKey: k })} placeholder={t('approvals.node.role')}
          loading={roles.isPending} data-testid={`${testId}-role`} showSearch={{ optionFilterProp: 'label' }}
          options={(roles.data ?? []).map((r) => ({ value: r.key, label: r.name }))} />
      )}
      {rule.kind === 'manager' && (
        <Form.Item label={t('approvals.node.levels')} extra={t('approvals.node.levelsHint')} style={{ marginBottom: 0 }}>
          <InputNumber min={1} max={10} precision={0} value={rule.levels} onChange={(v) => onChange({ kind: 'manager', levels: v ?? 1 })} data-testid={`${testId}-levels`} />
        </Form.Item>
      )}
      {rule.kind === 'departmentHead' && (
        <Form.Item label={t('approvals.node.headOf')} style={{ marginBottom: 0 }}>
          <Segmented value={rule.of ?? 'submitter'} onChange={(v) => onChange({ kind: 'departmentHead', of: v as 'submitter' | 'owner' })}
            options={[{ value: 'submitter', label: t('approvals.node.headOfSubmitter') }, { value: 'owner', label: t('approvals.node.headOfOwner') }]} />
        </Form.Item>
      )}
      {rule.kind === 'submitterChooses' && (
        <Form.Item label={t('approvals.node.max')} style={{ marginBottom: 0 }}>
          <InputNumber min={1} max={20} precision={0} value={rule.max ?? 1} onChange={(v) => onChange({ kind: 'submitterChooses', max: v ?? 1 })} data-testid={`${testId}-max`} />
        </Form.Item>
      )}
    </Flex>
  );
}

export function ApprovalNodeForm({ c, set, fields, people }: { c: Record<string, any>; set: (patch: Record<string, unknown>) => void; fields: FieldMeta[]; people: Person[] }) {
  const { t } = useTranslation();
  const label = useFieldLabel();
  const cc: ApproverRule[] = c.cc ?? [];
  const timeout = c.timeout as { after: { days?: number; hours?: number }; action: string } | undefined;
  const setTimeoutPart = (patch: Partial<{ days: number | undefined; hours: number | undefined; action: string }>) => {
    const cur = timeout ?? { after: { days: 1 }, action: 'remind' };
    const after = { ...cur.after, ...('days' in patch ? { days: patch.days } : {}), ...('hours' in patch ? { hours: patch.hours } : {}) };
    for (const k of Object.keys(after) as ('days' | 'hours')[]) if (after[k] === undefined || after[k] === null) delete after[k];
    set({ timeout: { after, action: patch.action ?? cur.action } });
  };
  return (
    <>
      <Form.Item label={t('approvals.node.approvers')} required>
        <RuleEditor value={c.approvers} onChange={(r) => set({ approvers: r })} people={people} testId="cfg-approvers" />
      </Form.Item>
      <Form.Item label={t('approvals.node.mode')}>
        <Select value={c.mode ?? 'single'} onChange={(m: string) => set({ mode: m, passRatio: m === 'ratio' ? c.passRatio ?? 50 : undefined })} data-testid="cfg-approval-mode"
          options={APPROVAL_MODES.map((m) => ({ value: m, label: t(`approvals.mode.${m}`) }))} />
      </Form.Item>
      {c.mode === 'ratio' && (
        <Form.Item label={t('approvals.node.passRatio')} required>
          <InputNumber min={1} max={100} precision={0} value={c.passRatio ?? 50} onChange={(v) => set({ passRatio: v ?? 50 })} data-testid="cfg-pass-ratio" addonAfter="%" />
        </Form.Item>
      )}
      <Form.Item label={t('approvals.node.whenNoApprover')}>
        <Select value={c.whenNoApprover ?? 'toAdmin'} onChange={(v: string) => set({ whenNoApprover: v })} data-testid="cfg-no-approver"
          options={(['autoPass', 'toAdmin', 'skip'] as const).map((k) => ({ value: k, label: t(`approvals.node.noApprover.${k}`) }))} />
      </Form.Item>
      <Form.Item label={t('approvals.node.whenSubmitter')}>
        <Select value={c.whenApproverIsSubmitter ?? 'autoPass'} onChange={(v: string) => set({ whenApproverIsSubmitter: v })} data-testid="cfg-is-submitter"
          options={(['autoPass', 'toManager', 'decide'] as const).map((k) => ({ value: k, label: t(`approvals.node.isSubmitter.${k}`) }))} />
      </Form.Item>
      <Form.Item label={t('approvals.node.timeout')}>
        <Flex vertical gap={8} align="flex-start">
          <Switch checked={Boolean(timeout)} onChange={(on) => set({ timeout: on ? { after: { days: 1 }, action: 'remind' } : undefined })} data-testid="cfg-timeout-on"
            aria-label={t('approvals.node.timeoutOn')} />
          {timeout && (
            <Flex gap={8} wrap align="center">
              <span>{t('approvals.node.after')}</span>
              <InputNumber min={0} max={365} precision={0} value={timeout.after.days} onChange={(v) => setTimeoutPart({ days: v ?? undefined })} style={{ width: 80 }} data-testid="cfg-timeout-days" />
              <span>{t('approvals.node.days')}</span>
              <InputNumber min={0} max={8760} precision={0} value={timeout.after.hours} onChange={(v) => setTimeoutPart({ hours: v ?? undefined })} style={{ width: 80 }} data-testid="cfg-timeout-hours" />
              <span>{t('approvals.node.hours')}</span>
              <Select value={timeout.action} onChange={(v: string) => setTimeoutPart({ action: v })} style={{ minWidth: 160 }} data-testid="cfg-timeout-action"
                options={(['remind', 'escalate', 'autoApprove', 'autoReject'] as const).map((k) => ({ value: k, label: t(`approvals.node.timeoutAction.${k}`) }))} />
            </Flex>
          )}
        </Flex>
      </Form.Item>
      <Form.Item label={t('approvals.node.cc')}>
        <Flex vertical gap={8} data-testid="cfg-cc">
          {cc.map((r, i) => (
            <Card key={i} size="small" extra={<Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('common.delete')}
              onClick={() => { const next = cc.filter((_, j) => j !== i); set({ cc: next.length ? next : undefined }); }} />}>
              <RuleEditor value={r} onChange={(nr) => set({ cc: cc.map((x, j) => (j === i ? nr : x)) })} people={people} testId={`cfg-cc-${i}`}
                kinds={['users', 'role', 'manager', 'departmentHead', 'owner']} />
            </Card>
          ))}
          {cc.length < 10 && <Button icon={<PlusOutlined />} onClick={() => set({ cc: [...cc, { kind: 'owner' }] })} data-testid="cfg-cc-add">{t('approvals.node.ccAdd')}</Button>}
        </Flex>
      </Form.Item>
      <Form.Item label={t('approvals.node.editableFields')}>
        <Select mode="multiple" value={c.editableFields ?? []} onChange={(v: string[]) => set({ editableFields: v.length ? v : undefined })} data-testid="cfg-editable-fields"
          showSearch={{ optionFilterProp: 'label' }} maxCount={50} options={fields.map((f) => ({ value: f.key, label: label(f) }))} />
      </Form.Item>
      <Flex gap={24} wrap style={{ marginBottom: 16 }}>
        <Flex gap={8} align="center"><Switch size="small" checked={Boolean(c.allowDelegate)} onChange={(v) => set({ allowDelegate: v || undefined })} data-testid="cfg-allow-delegate" />{t('approvals.node.allowDelegate')}</Flex>
        <Flex gap={8} align="center"><Switch size="small" checked={Boolean(c.allowAddApprover)} onChange={(v) => set({ allowAddApprover: v || undefined })} data-testid="cfg-allow-add" />{t('approvals.node.allowAddApprover')}</Flex>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{t('approvals.node.exits')}</Typography.Paragraph>
    </>
  );
}
