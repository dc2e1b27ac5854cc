import { useState } from 'react';
import { App, Alert, Button, Drawer, Flex, Form, Input, InputNumber, Segmented, Switch, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../lib/api.ts';
import { FormError, useServerForm } from '../../lib/forms.tsx';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { FilterGroupEditor } from '../records/FilterGroupEditor.tsx';
import { fromFilterNode, toFilterNode, type BuilderGroup } from '../records/filterModel.ts';
import type { FieldMeta } from '../records/types.ts';
import { assignmentKeys, type AssignmentRule, type Person, type RuleInput } from './api.ts';
import { PersonSelect } from './PersonSelect.tsx';
import { formFieldOf, fromTarget, toTarget, type TargetValues } from './ruleText.ts';

type Values = { name: string; enabled: boolean } & TargetValues;
const KINDS: TargetValues['kind'][] = ['user', 'roundRobin', 'loadBalanced'];

interface Props {
  /** the rule to edit, 'new', or null when closed */
  rule: AssignmentRule | 'new' | null;
  fields: FieldMeta[];
  people: Person[];
  onClose: () => void;
}

/** The rule editor drawer; it mounts fresh for each opening. */
export function RuleEditor({ rule, fields, people, onClose }: Props) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  return (
    <Drawer open={rule !== null} onClose={onClose} destroyOnHidden size={isMobile ? '100%' : 640}
      title={rule === 'new' ? t('assignment.editor.createTitle') : t('assignment.editor.editTitle')}>
      {rule !== null && <RuleForm rule={rule === 'new' ? null : rule} fields={fields} people={people} onClose={onClose} />}
    </Drawer>
  );
}

function RuleForm({ rule, fields, people, onClose }: { rule: AssignmentRule | null; fields: FieldMeta[]; people: Person[]; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [root, setRoot] = useState<BuilderGroup>(() => fromFilterNode(rule?.condition ?? null));
  const [conditionError, setConditionError] = useState<string | null>(null);

  const submit = (v: Values) => {
    const body: RuleInput = { name: v.name.trim(), enabled: v.enabled, condition: toFilterNode(root), target: toTarget(v) };
    return rule ? api.patch<AssignmentRule>(`/assignment-rules/${rule.id}`, body) : api.post<AssignmentRule>('/assignment-rules', body);
  };
  const { form, onFinish, submitting, error } = useServerForm<Values, AssignmentRule>(submit, {
    onSuccess: async () => {
      message.success(t('assignment.saved'));
      await queryClient.invalidateQueries({ queryKey: assignmentKeys.rules });
      onClose();
    },
    onError: (err) => {
      setConditionError(null);
      if (!(err instanceof ApiError) || !Object.keys(err.fieldErrors).length) return undefined;
      const rest: string[] = [];
      const placed = [];
      for (const [path, msg] of Object.entries(err.fieldErrors)) {
        const name = formFieldOf(path);
        if (path === 'condition') setConditionError(msg);
        else if (name) placed.push({ name, errors: [msg] });
        else rest.push(`${path}: ${msg}`);
      }
      form.setFields(placed as Parameters<typeof form.setFields>[0]);
      return rest.length ? rest.join('; ') : null;
    },
  });
  const kind = (Form.useWatch('kind', form) as TargetValues['kind'] | undefined) ?? fromTarget(rule?.target).kind;
  const need = [{ required: true, message: t('assignment.editor.needMember') }];

  return (
    <>
      <FormError error={error} />
      <Form form={form} layout="vertical" name="assignment-rule" onFinish={onFinish}
        initialValues={{ name: rule?.name ?? '', enabled: rule?.enabled ?? true, ...fromTarget(rule?.target) }}>
        <Flex gap={12} align="flex-end" wrap>
          <Form.Item name="name" label={t('assignment.editor.name')} rules={[{ required: true, whitespace: true, max: 100 }]} style={{ flex: '1 1 240px' }}>
            <Input placeholder={t('assignment.editor.namePlaceholder')} autoFocus />
          </Form.Item>
          <Form.Item name="enabled" label={t('assignment.enabled')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Flex>

        <Form.Item label={t('assignment.editor.condition')} extra={t('assignment.editor.conditionHint')}>
          {conditionError && <Alert type="error" showIcon title={conditionError} style={{ marginBottom: 8 }} role="alert" />}
          <div data-testid="rule-condition">
            <FilterGroupEditor group={root} root={root} fields={fields} onChange={setRoot} />
          </div>
        </Form.Item>

        <Form.Item name="kind" label={t('assignment.editor.targetKind')} extra={t(`assignment.editor.targetHints.${kind}`)}>
          <Segmented block options={KINDS.map((k) => ({ value: k, label: t(`assignment.target.${k}`) }))} />
        </Form.Item>
        {kind === 'user' && (
          <Form.Item name="userId" label={t('assignment.editor.user')} rules={need}>
            <PersonSelect people={people} />
          </Form.Item>
        )}
        {kind === 'roundRobin' && (
          <Form.Item name="userIds" label={t('assignment.editor.members')} rules={need}>
            <PersonSelect people={people} mode="multiple" />
          </Form.Item>
        )}
        {kind === 'loadBalanced' && <MembersField people={people} />}

        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={submitting}>{t('common.save')}</Button>
        </Flex>
      </Form>
    </>
  );
}

/** Load-balanced members: person, weight and optional cap per row. */
function MembersField({ people }: { people: Person[] }) {
  const { t } = useTranslation();
  return (
    <Form.List name="members" rules={[{ validator: async (_, v: unknown[]) => { if (!v?.length) throw new Error(t('assignment.editor.needMember')); } }]}>
      {(rows, { add, remove }, { errors }) => (
        <Flex vertical gap={4} style={{ marginBottom: 16 }}>
          <Typography.Text>{t('assignment.editor.members')}</Typography.Text>
          {rows.map((row) => (
            <Flex key={row.key} gap={8} align="flex-start" wrap data-testid="lb-member">
              <Form.Item name={[row.name, 'userId']} rules={[{ required: true, message: t('assignment.editor.pickUser') }]} style={{ flex: '1 1 160px', marginBottom: 8 }}>
                <PersonSelect people={people} aria-label={t('assignment.editor.user')} />
              </Form.Item>
              <Form.Item name={[row.name, 'weight']} style={{ marginBottom: 8 }}>
                <InputNumber min={1} max={100} precision={0} prefix={t('assignment.editor.weight')} style={{ width: 120 }} aria-label={t('assignment.editor.weight')} />
              </Form.Item>
              <Form.Item name={[row.name, 'cap']} style={{ marginBottom: 8 }}>
                <InputNumber min={0} precision={0} prefix={t('assignment.editor.cap')} placeholder={t('assignment.editor.capPlaceholder')} style={{ width: 130 }} aria-label={t('assignment.editor.cap')} />
              </Form.Item>
              <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(row.name)} aria-label={t('assignment.editor.remove')} />
            </Flex>
          ))}
          <Form.ErrorList errors={errors} />
          <Button icon={<PlusOutlined />} onClick={() => add({ weight: 1, cap: null })} style={{ alignSelf: 'flex-start' }}>{t('assignment.editor.addMember')}</Button>
        </Flex>
      )}
    </Form.List>
  );
}
