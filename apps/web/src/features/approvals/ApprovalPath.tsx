/** The approval path of one approval: submission, each node in order with every approver's decision, who, when, comments, attachments, CC, and how it ended. */
import { Flex, Space, Tag, Timeline, Typography } from 'antd';
import { CheckCircleOutlined, ClockCircleOutlined, CloseCircleOutlined, PaperClipOutlined, SendOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ApprovalActionView, ApprovalInstanceView } from '@loopline/shared';
import { formatDateTime } from '../../lib/format.ts';
import { NODE_STATUS_COLOR, STATUS_COLOR, TASK_STATUS_COLOR, approvalPath, nodeActions } from './model.ts';
import './messages.ts';

function Files({ files }: { files: { id: string; name: string }[] }) {
  if (!files.length) return null;
  return (
    <Flex gap={8} wrap>
      {files.map((f) => (
        <Typography.Link key={f.id} href={`/api/v1/files/${f.id}/content`} className="ll-break"><PaperClipOutlined /> {f.name}</Typography.Link>
      ))}
    </Flex>
  );
}

function ActionLine({ a }: { a: ApprovalActionView }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={2} data-testid="approval-action">
      <Space size={6} wrap>
        <Typography.Text>{a.actorName ?? t('approvals.action.autoPass')}</Typography.Text>
        <Tag>{t(`approvals.action.${a.action}`)}</Tag>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(a.createdAt)}</Typography.Text>
      </Space>
      {a.comment && <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }} className="ll-break">{a.comment}</Typography.Paragraph>}
      <Files files={a.attachments} />
    </Flex>
  );
}

const dot = (status: string) =>
  status === 'approved' ? <CheckCircleOutlined style={{ color: '#52c41a' }} />
    : status === 'rejected' ? <CloseCircleOutlined style={{ color: '#ff4d4f' }} />
      : status === 'pending' || status === 'waiting' ? <ClockCircleOutlined style={{ color: '#1677ff' }} /> : undefined;

export function ApprovalPath({ inst }: { inst: ApprovalInstanceView }) {
  const { t } = useTranslation();
  const path = approvalPath(inst);
  const items = [
    {
      key: 'submit',
      dot: <SendOutlined />,
      children: (
        <Flex vertical gap={2} data-testid="approval-path-submit">
          <Space size={6} wrap>
            <Typography.Text strong>{path.submit.by}</Typography.Text>
            <Tag>{t('approvals.action.submit')}</Tag>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(path.submit.at)}</Typography.Text>
          </Space>
          {path.submit.comment && <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }} className="ll-break">{path.submit.comment}</Typography.Paragraph>}
          <Files files={path.submit.attachments} />
        </Flex>
      ),
    },
    ...path.nodes.map((n) => ({
      key: n.nodeId,
      dot: dot(n.status),
      color: n.status === 'notReached' ? 'gray' : undefined,
      children: (
        <Flex vertical gap={6} data-testid={`approval-node-${n.nodeId}`} data-status={n.status}>
          <Space size={6} wrap>
            <Typography.Text strong>{n.label || n.nodeId}</Typography.Text>
            <Tag>{t(`approvals.mode.${n.mode}`)}</Tag>
            <Tag color={NODE_STATUS_COLOR[n.status]}>{t(`approvals.nodeStatus.${n.status}`)}</Tag>
          </Space>
          {n.tasks.map((task) => (
            <Flex key={task.id} vertical gap={2} style={{ paddingInlineStart: 8, borderInlineStart: '2px solid #f0f0f0' }} data-testid="approval-task" data-status={task.status}>
              <Space size={6} wrap>
                <Typography.Text>{task.approverName}</Typography.Text>
                {task.origin !== 'rule' && <Tag color="purple">{t(`approvals.origin.${task.origin}`)}</Tag>}
                <Tag color={TASK_STATUS_COLOR[task.status]}>{t(`approvals.taskStatus.${task.status}`)}</Tag>
                {task.decidedAt && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(task.decidedAt)}</Typography.Text>}
                {!task.decidedAt && task.dueAt && task.status === 'pending' && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('approvals.dueAt', { time: formatDateTime(task.dueAt) })}</Typography.Text>
                )}
              </Space>
              {task.actions.length === 0 && task.comment && <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }} className="ll-break">{task.comment}</Typography.Paragraph>}
              {task.actions.filter((a) => a.comment || a.attachments.length || (a.action !== 'approve' && a.action !== 'reject')).map((a) => (
                <Flex key={a.id} vertical gap={2}>
                  {a.action !== 'approve' && a.action !== 'reject' && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t(`approvals.action.${a.action}`)} · {formatDateTime(a.createdAt)}</Typography.Text>}
                  {a.comment && <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }} className="ll-break">{a.comment}</Typography.Paragraph>}
                  <Files files={a.attachments} />
                </Flex>
              ))}
            </Flex>
          ))}
          {nodeActions(inst, n.nodeId).filter((a) => a.action !== 'cc').map((a) => <ActionLine key={a.id} a={a} />)}
          {n.cc.length > 0 && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="approval-cc">
              {t('approvals.cc')}：{n.cc.map((c) => `${c.userName}${c.readAt ? `（${t('approvals.read')}）` : ''}`).join('、')}
            </Typography.Text>
          )}
        </Flex>
      ),
    })),
    ...path.general.map((a) => ({ key: a.id, children: <ActionLine a={a} /> })),
    ...(path.end ? [{
      key: 'end',
      dot: dot(path.end.status),
      children: (
        <Space size={6} wrap data-testid="approval-path-end">
          <Tag color={STATUS_COLOR[path.end.status]}>{t(`approvals.status.${path.end.status}`)}</Tag>
          {path.end.at && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(path.end.at)}</Typography.Text>}
        </Space>
      ),
    }] : []),
  ];
  const ccWithoutNode = inst.cc.filter((c) => !c.nodeId || !inst.nodes.some((n) => n.nodeId === c.nodeId));
  return (
    <Flex vertical gap={8} data-testid="approval-path">
      <Timeline items={items} />
      {ccWithoutNode.length > 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('approvals.cc')}：{ccWithoutNode.map((c) => c.userName).join('、')}</Typography.Text>
      )}
    </Flex>
  );
}

export default ApprovalPath;
