import { useEffect, useRef, useState } from 'react';
import { Alert, Button, DatePicker, Drawer, Flex, Form, Input, InputNumber, List, Select, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { api } from '../../lib/api.ts';
import { FormError, useServerForm } from '../../lib/forms.tsx';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { fieldLabel, optionLabel } from '../records/format.ts';
import type { FieldMeta } from '../records/types.ts';
import type { AssignmentRule, Person, TestResult } from './api.ts';
import { PersonSelect } from './PersonSelect.tsx';
import { sampleFields, toSampleLead } from './ruleText.ts';
import { useRuleWords } from './useRuleWords.ts';

interface Props { open: boolean; onClose: () => void; rules: AssignmentRule[]; fields: FieldMeta[]; people: Person[] }

/** "测试规则": a sample lead in, each rule's verdict and the final assignee out, with reasons. */
export function TestRulesDrawer({ open, onClose, rules, fields, people }: Props) {
  const { t, i18n } = useTranslation();
  const isMobile = useIsMobile();
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const pick = (r: { zh: string; en: string }) => (locale === 'en' ? r.en : r.zh);
  const [result, setResult] = useState<TestResult | null>(null);
  const shown = sampleFields(rules.map((r) => r.condition), fields);
  const { form, onFinish, submitting, error } = useServerForm<Record<string, unknown>, TestResult>(
    (v) => api.post<TestResult>('/assignment-rules/test', { lead: toSampleLead(normalise(v, shown)) }),
    { onSuccess: (r) => setResult(r) },
  );
  const outcome = result?.outcome;
  const words = useRuleWords(fields, people);
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => resultRef.current?.scrollIntoView({ behavior: 'smooth', block: 'nearest' }), [result]);
  /** "Condition not met" in field labels and option names; other verdicts as the server words them. */
  const verdict = (r: TestResult['rules'][number]) => {
    const rule = rules.find((x) => x.id === r.ruleId);
    if (r.matched || !r.enabled || !rule?.condition || rule.conditionError) return pick(r.reason);
    const what = r.failed.length ? r.failed.map((f) => words.describe(f.condition)).join(locale === 'en' ? '; ' : '；') : words.describe(rule.condition);
    return t('assignment.tester.notMet', { what });
  };

  return (
    <Drawer open={open} onClose={onClose} title={t('assignment.tester.title')} size={isMobile ? '100%' : 640} data-testid="assignment-tester">
      <Typography.Paragraph type="secondary">{t('assignment.tester.hint')}</Typography.Paragraph>
      <FormError error={error} />
      <Form form={form} layout="vertical" name="assignment-test" onFinish={onFinish}>
        <Flex gap={12} wrap>
          {shown.map((f) => (
            <Form.Item key={f.key} name={f.key} label={fieldLabel(f, locale)} style={{ flex: '1 1 140px', minWidth: 0, marginBottom: 12 }}>
              {sampleInput(f, locale, people, t('common.yes'), t('common.no'))}
            </Form.Item>
          ))}
        </Flex>
        <Button type="primary" htmlType="submit" loading={submitting} data-testid="assignment-test-run">{t('assignment.tester.run')}</Button>
      </Form>
      {result && outcome && (
        <Flex vertical gap={12} style={{ marginTop: 16 }} data-testid="assignment-test-result" aria-live="polite" ref={resultRef}>
          <Alert type={outcome.assignee ? 'success' : 'warning'} showIcon
            title={outcome.assignee?.kind === 'user' ? t('assignment.tester.assignee', { name: outcome.assignee.name ?? '' })
              : outcome.assignee?.kind === 'pool' ? t('assignment.tester.pool', { name: outcome.assignee.name ?? '' })
              : t('assignment.tester.unassigned')}
            description={<>{outcome.ruleName ? t('assignment.tester.ruleHit', { name: outcome.ruleName }) : t('assignment.tester.noRule')}<br />{pick(outcome.reason)}</>} />
          <List size="small" bordered dataSource={result.rules} renderItem={(r, i) => (
            <List.Item>
              <Flex vertical gap={2} style={{ minWidth: 0 }}>
                <Flex gap={6} align="center" wrap>
                  <Tag>{t('assignment.order', { n: i + 1 })}</Tag>
                  <Typography.Text strong>{r.name}</Typography.Text>
                  <Tag color={r.matched ? 'green' : 'default'}>{r.matched ? t('assignment.tester.matched') : t('assignment.tester.notMatched')}</Tag>
                </Flex>
                <Typography.Text type="secondary" style={{ wordBreak: 'break-word' }}>{verdict(r)}</Typography.Text>
              </Flex>
            </List.Item>
          )} />
        </Flex>
      )}
    </Drawer>
  );
}

/** Dates from pickers as the API reads them (a date as YYYY-MM-DD, a time as ISO); everything else as typed. */
function normalise(v: Record<string, unknown>, fields: FieldMeta[]): Record<string, unknown> {
  const kind = new Map(fields.map((f) => [f.key, f.kind]));
  return Object.fromEntries(Object.entries(v).map(([k, x]) => {
    if (!dayjs.isDayjs(x)) return [k, x];
    return [k, kind.get(k) === 'date' ? x.format('YYYY-MM-DD') : x.toISOString()];
  }));
}

function sampleInput(f: FieldMeta, locale: 'zh-CN' | 'en', people: Person[], yes: string, no: string) {
  const label = fieldLabel(f, locale);
  const options = f.options.map((o) => ({ value: o.value, label: optionLabel(f, o.value, locale) }));
  switch (f.kind) {
    case 'select':
      return options.length ? <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={options} aria-label={label} /> : <Input aria-label={label} />;
    case 'multiselect':
      return <Select mode="tags" allowClear options={options} aria-label={label} />;
    case 'number':
      return <InputNumber style={{ width: '100%' }} aria-label={label} />;
    case 'boolean':
      return <Select allowClear options={[{ value: true, label: yes }, { value: false, label: no }]} aria-label={label} />;
    case 'date':
    case 'datetime':
      return <DatePicker showTime={f.kind === 'datetime'} style={{ width: '100%' }} aria-label={label} />;
    case 'uuid':
      return <PersonSelect people={people} allowClear aria-label={label} />;
    default:
      return <Input aria-label={label} />;
  }
}
