import './messages.ts';
import { useState } from 'react';
import { App, Button, Dropdown, Input, Modal, Popconfirm, Space } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/errors.ts';
import { invalidateOpportunity, loseOpportunity, reopenOpportunity, usePipelines, winOpportunity, type Opportunity } from './api.ts';
import { moveWithFeedback } from './moves.ts';

/** Detail page: move to a stage, win, lose (with reason), invalid, reopen. */
export default function StageActions({ opportunity: o, onChanged }: { opportunity: Opportunity; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const pipelines = usePipelines(true);
  const [losing, setLosing] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const stages = pipelines.data?.find((p) => p.id === o.pipelineId)?.stages.filter((s) => !s.archived) ?? [];
  const done = () => {
    void qc.invalidateQueries({ queryKey: ['records', 'opportunity'] });
    onChanged();
  };
  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await fn();
      done();
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  if (o.status && o.status !== 'open') {
    return <Button data-testid="opportunity-reopen" loading={busy} onClick={() => run(() => reopenOpportunity(o.id))}>{t('opportunities.reopen')}</Button>;
  }
  return (
    <Space wrap>
      <Dropdown
        trigger={['click']}
        menu={{
          items: stages.map((s) => ({ key: s.id, label: `${s.name} (${s.probability}%)`, disabled: s.id === o.stageId })),
          onClick: async ({ key }) => {
            const stage = stages.find((s) => s.id === key)!;
            setBusy(true);
            const res = await moveWithFeedback(o.id, stage.id, stage.name);
            setBusy(false);
            if (res.ok) message.success(res.message);
            else message.error(res.message);
            done();
          },
        }}
      >
        <Button data-testid="opportunity-move" loading={busy}>{t('opportunities.moveToStage')}</Button>
      </Dropdown>
      <Button type="primary" data-testid="opportunity-win" onClick={() => run(() => winOpportunity(o.id))}>{t('opportunities.win')}</Button>
      <Button danger data-testid="opportunity-lose" onClick={() => setLosing(true)}>{t('opportunities.lose')}</Button>
      <Popconfirm title={t('opportunities.confirmInvalid')} onConfirm={() => run(() => invalidateOpportunity(o.id))}>
        <Button data-testid="opportunity-invalid">{t('opportunities.invalid')}</Button>
      </Popconfirm>
      <LoseDialog open={losing} reason={reason} setReason={setReason} onCancel={() => setLosing(false)}
        onOk={async () => {
          if (!reason.trim()) { message.error(t('opportunities.lossReasonRequired')); return; }
          await run(() => loseOpportunity(o.id, reason.trim()));
          setLosing(false);
        }} />
    </Space>
  );
}

export function LoseDialog({ open, reason, setReason, onOk, onCancel }: { open: boolean; reason: string; setReason: (v: string) => void; onOk: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal open={open} title={t('opportunities.lose')} onOk={onOk} onCancel={onCancel} destroyOnHidden>
      <Input.TextArea data-testid="loss-reason" placeholder={t('opportunities.lossReason')} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
    </Modal>
  );
}
