/** /approvals/:id — one approval: the record (title, summary, link), the path, the viewer's actions and comments. */
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { App, Button, Card, Descriptions, Flex, Input, Space, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/Loading.tsx';
import { NotFound } from '../../components/status.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useMe } from '../auth/useMe.ts';
import { approvalApi, approvalKeys, useApproval, useApprovalAction } from './api.ts';
import { DecisionButtons, StatusTag } from './ApprovalActions.tsx';
import { ApprovalPath } from './ApprovalPath.tsx';
import { recordLink, waitingFor } from './model.ts';
import { SummaryLine, recordTypeLabel } from './Summary.tsx';
import './messages.ts';

export default function InstancePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { me } = useMe();
  const qc = useQueryClient();
  const inst = useApproval(id);
  const { message } = App.useApp();
  const action = useApprovalAction();
  const [comment, setComment] = useState('');

  // a CC recipient opening it marks it read
  const unreadCc = inst.data?.cc.some((c) => c.userId === me?.user.id && !c.readAt);
  useEffect(() => {
    if (!unreadCc) return;
    void approvalApi.ccRead(id).then(() => qc.invalidateQueries({ queryKey: approvalKeys.all }), () => undefined);
  }, [unreadCc, id, qc]);

  if (inst.isPending) return <Loading />;
  if (inst.isError || !inst.data) return <NotFound />;
  const a = inst.data;
  const link = recordLink(a.recordType, a.recordId);
  const waiting = waitingFor(a);
  const addComment = async () => {
    try {
      await action.mutateAsync({ kind: 'comment', id: a.id, body: { comment: comment.trim() } });
      setComment('');
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <>
      <PageHeader
        title={<Space wrap><span className="ll-break" data-testid="approval-title">{a.title}</span><StatusTag status={a.status} /></Space>}
        extra={<Link to="/approvals"><Button icon={<ArrowLeftOutlined />}>{t('approvals.inbox.title')}</Button></Link>} />
      <Flex vertical gap={16}>
        <Card size="small">
          <Flex vertical gap={12}>
            <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} items={[
              { key: 'type', label: t('approvals.inbox.record'), children: <Space wrap>{recordTypeLabel(a.recordType)}{link && <Link to={link} data-testid="approval-record-link">{t('approvals.openRecord')}</Link>}</Space> },
              { key: 'by', label: t('approvals.submitter'), children: a.submittedByName },
              { key: 'at', label: t('approvals.submittedAt'), children: formatDateTime(a.submittedAt) },
              ...(a.flowName ? [{ key: 'flow', label: t('approvals.flow'), children: <>{a.flowName}{a.version ? ` · ${t('approvals.version', { version: a.version })}` : ''}</> }] : []),
              ...(a.decidedAt ? [{ key: 'done', label: t('approvals.decidedAt'), children: formatDateTime(a.decidedAt) }] : []),
              ...(waiting.length ? [{ key: 'waiting', label: t('approvals.inbox.node'), children: t('approvals.waitingFor', { names: waiting.join('、') }) }] : []),
            ]} />
            <SummaryLine summary={a.summary} limit={8} />
            {a.myTask && a.status === 'pending' && <Typography.Text strong type="warning">{t('approvals.myTurn')}</Typography.Text>}
            <DecisionButtons inst={a} />
          </Flex>
        </Card>
        <Card size="small" title={t('approvals.path')}>
          <ApprovalPath inst={a} />
          <Flex gap={8} style={{ marginTop: 8 }}>
            <Input.TextArea value={comment} onChange={(e) => setComment(e.target.value)} autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000}
              placeholder={t('approvals.action.comment')} data-testid="approval-comment-input" />
            <Button onClick={() => void addComment()} disabled={!comment.trim()} loading={action.isPending} data-testid="approval-comment-send">{t('approvals.action.comment')}</Button>
          </Flex>
        </Card>
      </Flex>
    </>
  );
}
