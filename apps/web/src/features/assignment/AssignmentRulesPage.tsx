import { useState } from 'react';
import { Alert, Button, Flex, Skeleton, Typography } from 'antd';
import { ExperimentOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { useAssignmentSettings, useLeadFields, usePeople, useRules, type AssignmentRule } from './api.ts';
import { FallbackCard } from './FallbackCard.tsx';
import { LeaveCard } from './LeaveCard.tsx';
import { RuleEditor } from './RuleEditor.tsx';
import { RuleList } from './RuleList.tsx';
import { TestRulesDrawer } from './TestRulesDrawer.tsx';

/** /settings/assignment-rules: ordered rules, fallback, leave, and the test panel. */
export default function AssignmentRulesPage() {
  const { t } = useTranslation();
  const rules = useRules();
  const people = usePeople();
  const fields = useLeadFields();
  const settings = useAssignmentSettings();
  const [editing, setEditing] = useState<AssignmentRule | 'new' | null>(null);
  const [testing, setTesting] = useState(false);
  const failed = rules.error ?? people.error ?? fields.error ?? settings.error;
  const ready = rules.data && people.data && fields.data;

  return (
    <>
      <PageHeader title={t('assignment.title')} description={t('assignment.hint')}
        extra={<>
          <Button icon={<ExperimentOutlined />} onClick={() => setTesting(true)} disabled={!ready} data-testid="assignment-test-open">{t('assignment.test')}</Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} disabled={!ready} data-testid="assignment-new">{t('assignment.newRule')}</Button>
        </>} />
      {failed && <Alert type="error" showIcon title={errorMessage(failed)} style={{ marginBottom: 16 }} />}
      <Flex vertical gap={16}>
        <section aria-label={t('assignment.rules')}>
          <Typography.Title level={5}>{t('assignment.rules')}</Typography.Title>
          {ready ? <RuleList rules={rules.data!} fields={fields.data!} people={people.data!} onEdit={setEditing} /> : !failed && <Skeleton active />}
        </section>
        <Flex gap={16} wrap align="flex-start">
          {settings.data && people.data && <FallbackCard settings={settings.data} people={people.data} />}
          {people.data && <LeaveCard people={people.data} />}
        </Flex>
      </Flex>
      {ready && <RuleEditor rule={editing} fields={fields.data!} people={people.data!} onClose={() => setEditing(null)} />}
      {ready && <TestRulesDrawer open={testing} onClose={() => setTesting(false)} rules={rules.data!} fields={fields.data!} people={people.data!} />}
    </>
  );
}
