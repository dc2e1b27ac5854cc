import { useEffect, useState } from 'react';
import { App, Button, Drawer, Flex, InputNumber, Select, Table, Tabs, Typography } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { poolKeys, useRules, type Grade, type Pool, type PoolRecordType, type Rule } from './api.ts';
import { freeGrades, rowsToRules, rulesToRows } from './poolModel.ts';

type DayKey = 'noFollowupDays' | 'noOpportunityDays' | 'notClosedDays';

/** Recycle rules of one pool: per record type, a default row and optional rows for single grades. */
export function RulesDrawer({ pool, onClose }: { pool: Pool | null; onClose: () => void }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  return (
    <Drawer open={pool !== null} onClose={onClose} width={isMobile ? '100%' : 720} destroyOnHidden
      title={pool ? `${t('publicPool.settings.rules')} · ${pool.name}` : ''}>
      {pool && <RulesEditor pool={pool} onClose={onClose} />}
    </Drawer>
  );
}

function RulesEditor({ pool, onClose }: { pool: Pool; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const rules = useRules(pool.id);
  const [rows, setRows] = useState<Record<PoolRecordType, Rule[]> | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (rules.data && !rows) setRows({ customer: rulesToRows(rules.data, 'customer'), lead: rulesToRows(rules.data, 'lead') });
  }, [rules.data, rows]);
  if (!rows) return null;

  const s = (k: string) => t(`publicPool.settings.${k}` as 'publicPool.settings.rules');
  const gradeLabel = (g: Grade) => (g === '*' ? s('gradeAll') : `${g} · ${t(`customers.grade.${g}`)}`);
  const change = (type: PoolRecordType, grade: Grade, patch: Partial<Rule> | null) => setRows((all) => all && ({
    ...all, [type]: patch === null ? all[type].filter((r) => r.grade !== grade) : all[type].map((r) => (r.grade === grade ? { ...r, ...patch } : r)),
  }));
  const save = async () => {
    setSaving(true);
    try {
      await api.put(`/pools/${pool.id}/rules`, { items: pool.recordTypes.flatMap((type) => rowsToRules(rows[type])) });
      message.success(s('rulesSaved'));
      await queryClient.invalidateQueries({ queryKey: poolKeys.rules(pool.id) });
      onClose();
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const dayInput = (type: PoolRecordType, r: Rule, key: DayKey) => (
    <InputNumber min={1} max={3650} precision={0} value={r[key]} placeholder="—" style={{ width: 96 }} aria-label={`${gradeLabel(r.grade)} ${s(key.replace('Days', ''))}`}
      onChange={(v) => change(type, r.grade, { [key]: typeof v === 'number' ? v : null })} data-testid={`rule-${type}-${r.grade}-${key}`} />
  );
  const table = (type: PoolRecordType) => (
    <Flex vertical gap={12}>
      <Typography.Text type="secondary">{s('rulesHint')}</Typography.Text>
      <Table<Rule> rowKey="grade" size="small" pagination={false} dataSource={rows[type]} scroll={{ x: 520 }}
        columns={[
          { key: 'grade', title: s('grade'), width: 130, render: (_, r) => gradeLabel(r.grade) },
          { key: 'nf', title: s('noFollowup'), render: (_, r) => dayInput(type, r, 'noFollowupDays') },
          ...(type === 'customer' ? [{ key: 'no', title: s('noOpportunity'), render: (_: unknown, r: Rule) => dayInput(type, r, 'noOpportunityDays') }] : []),
          { key: 'nc', title: s('notClosed'), render: (_, r) => dayInput(type, r, 'notClosedDays') },
          { key: 'x', width: 48, render: (_, r) => r.grade !== '*' && <Button type="text" danger icon={<DeleteOutlined />} aria-label={s('removeRule')} onClick={() => change(type, r.grade, null)} /> },
        ]} />
      {freeGrades(rows[type]).length > 0 && (
        <Select<Grade> placeholder={s('addGrade')} style={{ width: 220 }} value={null as unknown as Grade}
          options={freeGrades(rows[type]).map((g) => ({ value: g, label: gradeLabel(g) }))}
          onChange={(g) => setRows((all) => all && ({ ...all, [type]: rulesToRows([...all[type], { recordType: type, grade: g, noFollowupDays: null, noOpportunityDays: null, notClosedDays: null }], type) }))} />
      )}
    </Flex>
  );

  return (
    <Flex vertical gap={16}>
      <Tabs items={pool.recordTypes.map((type) => ({ key: type, label: t(`publicPool.types.${type}`), children: table(type) }))} />
      <Flex justify="flex-end" gap={8}>
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button type="primary" loading={saving} onClick={() => void save()} data-testid="rules-save">{t('common.save')}</Button>
      </Flex>
    </Flex>
  );
}
