/** The record page's approval parts (loaded lazily by extras.tsx): the header's status + actions, and the 审批 tab. */
import { useEffect, useRef } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Card, Collapse, Empty, Flex, Skeleton, Space, Tooltip, Typography } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import type { RecordLike } from '../records/types.ts';
import { useApprovalHistory, useRecordApproval } from './api.ts';
import { DecisionButtons, StatusTag, SubmitButton } from './ApprovalActions.tsx';
import { ApprovalPath } from './ApprovalPath.tsx';
import { recordStatus } from './model.ts';
import './messages.ts';

export function ApprovalExtra({ recordType, record }: { recordType: string; record: RecordLike }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const state = useRecordApproval(recordType, record.id);
  // the approval moved on (someone decided elsewhere): the record's own status and lock follow
  const seen = useRef<string | null>(null);
  const now = state.data ? `${state.data.latest?.id ?? ''}:${state.data.latest?.status ?? 'none'}` : null;
  useEffect(() => {
    if (now === null) return;
    if (seen.current !== null && seen.current !== now) void qc.invalidateQueries({ queryKey: ['records', recordType] });
    seen.current = now;
  }, [now, qc, recordType]);
  if (!state.data) return null;
  const s = state.data;
  const status = recordStatus(s);
  return (
    <Space wrap size={8} data-testid="approval-extra">
      {status !== 'none' && (
        <Tooltip title={s.locked ? t('approvals.locked') : undefined}>
          <span>{s.locked && <LockOutlined style={{ marginInlineEnd: 4, color: '#8c8c8c' }} />}<StatusTag status={status} /></span>
        </Tooltip>
      )}
      {s.latest && <DecisionButtons inst={s.latest} record={record} />}
      {s.canSubmit && <SubmitButton recordType={recordType} recordId={record.id} state={s} />}
    </Space>
  );
}

export function ApprovalTab({ recordType, record }: { recordType: string; record: RecordLike }) {
  const { t } = useTranslation();
  const state = useRecordApproval(recordType, record.id);
  const history = useApprovalHistory(recordType, record.id);
  if (state.isPending) return <Skeleton active />;
  if (state.error) return <Alert type="error" showIcon title={errorMessage(state.error)} />;
  const latest = state.data?.latest ?? null;
  const earlier = (history.data ?? []).filter((i) => i.id !== latest?.id);
  if (!latest) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('approvals.noApprovals')} />;
  return (
    <Flex vertical gap={16} data-testid="approval-tab">
      <Card size="small" title={<Space wrap><span>{latest.flowName ?? t('approvals.path')}</span><StatusTag status={latest.status} /></Space>}
        extra={<Link to={`/approvals/${latest.id}`} data-testid="approval-open">{t('approvals.inbox.open')}</Link>}>
        <Flex vertical gap={12}>
          <DecisionButtons inst={latest} record={record} />
          <ApprovalPath inst={latest} />
        </Flex>
      </Card>
      {earlier.length > 0 && (
        <div>
          <Typography.Title level={5}>{t('approvals.history')}</Typography.Title>
          <Collapse size="small" data-testid="approval-history" items={earlier.map((i) => ({
            key: i.id,
            label: <Space wrap><StatusTag status={i.status} /><span>{i.flowName ?? ''}</span><Typography.Text type="secondary">{formatDateTime(i.submittedAt)} · {i.submittedByName}</Typography.Text></Space>,
            children: <ApprovalPath inst={i} />,
          }))} />
        </div>
      )}
    </Flex>
  );
}
