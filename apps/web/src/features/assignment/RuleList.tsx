import { App, Alert, Button, Card, Empty, Flex, Popconfirm, Switch, Tag, Tooltip, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import type { FieldMeta } from '../records/types.ts';
import { assignmentKeys, type AssignmentRule, type Person } from './api.ts';
import { moveRule } from './ruleText.ts';
import { useRuleWords } from './useRuleWords.ts';

interface Props {
  rules: AssignmentRule[];
  fields: FieldMeta[];
  people: Person[];
  onEdit: (rule: AssignmentRule) => void;
}

/** The rules in the order they are tried, with reorder, enable, edit and delete on each. */
export function RuleList({ rules, fields, people, onEdit }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const words = useRuleWords(fields, people);
  const fail = (err: unknown) => message.error(errorMessage(err));
  const setRules = (items: AssignmentRule[]) => queryClient.setQueryData(assignmentKeys.rules, items);

  const move = async (index: number, delta: -1 | 1) => {
    const ids = moveRule(rules.map((r) => r.id), index, delta);
    // Show the new order at once; the server's answer replaces it.
    setRules(ids.map((id) => rules.find((r) => r.id === id)!));
    try {
      setRules((await api.put<{ items: AssignmentRule[] }>('/assignment-rules/order', { ids })).items);
      message.success(t('assignment.reordered'));
    } catch (err) {
      fail(err);
      await queryClient.invalidateQueries({ queryKey: assignmentKeys.rules });
    }
  };
  const toggle = async (rule: AssignmentRule, enabled: boolean) => {
    try {
      const saved = await api.patch<AssignmentRule>(`/assignment-rules/${rule.id}`, { enabled });
      setRules(rules.map((r) => (r.id === rule.id ? saved : r)));
    } catch (err) {
      fail(err);
    }
  };
  const remove = async (rule: AssignmentRule) => {
    try {
      await api.delete(`/assignment-rules/${rule.id}`);
      setRules(rules.filter((r) => r.id !== rule.id));
      message.success(t('assignment.deleted'));
    } catch (err) {
      fail(err);
    }
  };

  if (!rules.length) return <Card><Empty description={t('assignment.empty')} /></Card>;
  return (
    <Flex vertical gap={12} data-testid="assignment-rules">
      {rules.map((rule, i) => (
        <Card key={rule.id} size="small" data-testid="assignment-rule" style={rule.enabled ? undefined : { opacity: 0.7 }}
          title={
            <Flex gap={8} align="center" wrap style={{ minWidth: 0 }}>
              <Tag color="blue">{t('assignment.order', { n: i + 1 })}</Tag>
              <Typography.Text strong ellipsis style={{ maxWidth: '100%' }}>{rule.name}</Typography.Text>
              {!rule.enabled && <Tag>{t('assignment.disabled')}</Tag>}
            </Flex>
          }
          extra={
            <Flex gap={4} align="center">
              <Switch size="small" checked={rule.enabled} onChange={(v) => toggle(rule, v)} aria-label={t('assignment.enabled')} />
              <Tooltip title={t('assignment.moveUp')}>
                <Button type="text" size="small" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('assignment.moveUp')} />
              </Tooltip>
              <Tooltip title={t('assignment.moveDown')}>
                <Button type="text" size="small" icon={<ArrowDownOutlined />} disabled={i === rules.length - 1} onClick={() => move(i, 1)} aria-label={t('assignment.moveDown')} />
              </Tooltip>
            </Flex>
          }>
          <Flex vertical gap={4}>
            <Typography.Text><Typography.Text type="secondary">{t('assignment.when')}</Typography.Text>{words.condition(rule)}</Typography.Text>
            <Typography.Text><Typography.Text type="secondary">{t('assignment.then')}</Typography.Text>{words.target(rule.target)}</Typography.Text>
            {rule.conditionError && <Alert type="warning" showIcon title={t('assignment.conditionBroken', { message: rule.conditionError })} />}
            <Flex gap={8} justify="flex-end">
              <Button size="small" icon={<EditOutlined />} onClick={() => onEdit(rule)}>{t('assignment.edit')}</Button>
              <Popconfirm title={t('assignment.deleteConfirm', { name: rule.name })} onConfirm={() => remove(rule)}>
                <Button size="small" danger icon={<DeleteOutlined />}>{t('assignment.delete')}</Button>
              </Popconfirm>
            </Flex>
          </Flex>
        </Card>
      ))}
    </Flex>
  );
}
