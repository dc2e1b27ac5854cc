/** /approvals — the approval inbox: 待我审批 / 我发起的 / 我已审批 / 抄送我的, cards on a phone and a table on a desk; approve or reject from the list. */
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, App, Badge, Button, type ButtonProps, Card, Empty, Flex, Input, List, Modal, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ApprovalInboxItem } from '@loopline/shared';
import { PageHeader } from '../../components/PageHeader.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { formatDateTime, fromNow } from '../../lib/format.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { useApprovalAction, useInbox, useInboxCounts } from './api.ts';
import { StatusTag } from './ApprovalActions.tsx';
import { INBOX_BOXES, TASK_STATUS_COLOR, isInboxBox, type InboxBox } from './model.ts';
import { SummaryLine, recordTypeLabel } from './Summary.tsx';
import './messages.ts';

const PAGE = 20;

export default function InboxPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const box: InboxBox = isInboxBox(params.get('box')) ? (params.get('box') as InboxBox) : 'waiting';
  const counts = useInboxCounts();
  const totals = {
    waiting: useInbox('waiting', 0, PAGE).data?.total,
    submitted: useInbox('submitted', 0, PAGE).data?.total,
    decided: useInbox('decided', 0, PAGE).data?.total,
    cc: useInbox('cc', 0, PAGE).data?.total,
  };
  const badge = (b: InboxBox) => {
    const n = b === 'waiting' ? counts.data?.waiting ?? totals.waiting : b === 'cc' ? counts.data?.ccUnread : totals[b];
    if (n === undefined) return null;
    return b === 'waiting' || b === 'cc'
      ? <Badge count={n} size="small" showZero={false} offset={[4, -2]} data-testid={`inbox-count-${b}`} />
      : <Typography.Text type="secondary" data-testid={`inbox-count-${b}`}> {n}</Typography.Text>;
  };
  return (
    <>
      <PageHeader title={t('approvals.inbox.title')} />
      <Tabs activeKey={box} onChange={(k) => setParams({ box: k }, { replace: true })} data-testid="inbox-tabs"
        items={INBOX_BOXES.map((b) => ({
          key: b,
          label: <span data-testid={`inbox-tab-${b}`}>{t(`approvals.inbox.${b}`)}{badge(b)}</span>,
          children: b === box ? <Box box={b} /> : null,
        }))} />
    </>
  );
}

function Box({ box }: { box: InboxBox }) {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  const navigate = useNavigate();
  const [offset, setOffset] = useState(0);
  const inbox = useInbox(box, offset, PAGE);
  const [quick, setQuick] = useState<{ item: ApprovalInboxItem; kind: 'approve' | 'reject' } | null>(null);
  const items = inbox.data?.items ?? [];
  const link = (i: ApprovalInboxItem) => `/approvals/${i.instanceId}`;
  const canDecide = (i: ApprovalInboxItem) => box === 'waiting' && i.taskId && i.status === 'pending' && (i.taskStatus === null || i.taskStatus === 'pending');
  const quickButtons = (i: ApprovalInboxItem) => canDecide(i) && (
    <Space size={6} onClick={(e) => e.stopPropagation()}>
      <Button size="small" type="primary" icon={<CheckOutlined />} onClick={() => setQuick({ item: i, kind: 'approve' })} data-testid="inbox-approve">{t('approvals.inbox.quickApprove')}</Button>
      <Button size="small" danger icon={<CloseOutlined />} onClick={() => setQuick({ item: i, kind: 'reject' })} data-testid="inbox-reject">{t('approvals.inbox.quickReject')}</Button>
    </Space>
  );
  const statusCell = (i: ApprovalInboxItem) => (
    <Space size={4} wrap>
      <StatusTag status={i.status} />
      {box === 'decided' && i.taskStatus && <Tag color={TASK_STATUS_COLOR[i.taskStatus]}>{t(`approvals.taskStatus.${i.taskStatus}`)}</Tag>}
      {box === 'cc' && !i.readAt && <Tag color="blue">{t('approvals.unread')}</Tag>}
    </Space>
  );
  const title = (i: ApprovalInboxItem) => (
    <Flex vertical gap={2} style={{ minWidth: 0 }}>
      <Space size={6} wrap>
        <Tag>{recordTypeLabel(i.recordType)}</Tag>
        <Link to={link(i)} data-testid="inbox-link"><Typography.Text strong className="ll-break">{i.title}</Typography.Text></Link>
      </Space>
      <SummaryLine summary={i.summary} />
    </Flex>
  );
  const when = (i: ApprovalInboxItem) => {
    const at = box === 'decided' ? i.decidedAt ?? i.submittedAt : i.submittedAt;
    return <span title={formatDateTime(at)}>{fromNow(at)}</span>;
  };

  const columns: TableColumnsType<ApprovalInboxItem> = [
    { title: t('approvals.inbox.record'), key: 'title', render: (_, i) => title(i) },
    { title: t('approvals.inbox.node'), key: 'node', render: (_, i) => i.nodeLabel ?? '—' },
    { title: t('approvals.submitter'), key: 'by', render: (_, i) => <Flex vertical><span>{i.submittedByName}</span><Typography.Text type="secondary" style={{ fontSize: 12 }}>{when(i)}</Typography.Text></Flex> },
    { title: t('approvals.inbox.status'), key: 'status', render: (_, i) => statusCell(i) },
    { title: '', key: 'actions', width: 1, fixed: 'right', render: (_, i) => <Flex gap={6} wrap={false}>{quickButtons(i)}<Link to={link(i)}><Button size="small" type="link">{t('approvals.inbox.open')}</Button></Link></Flex> },
  ];
  const pagination = (inbox.data?.total ?? 0) > PAGE
    ? { current: offset / PAGE + 1, pageSize: PAGE, total: inbox.data?.total ?? 0, onChange: (p: number) => setOffset((p - 1) * PAGE), showSizeChanger: false, size: 'small' as const }
    : false as const;

  return (
    <>
      {inbox.error && <Alert type="error" showIcon title={errorMessage(inbox.error)} style={{ marginBottom: 12 }} />}
      {mobile ? (
        <List loading={inbox.isPending} dataSource={items} pagination={pagination || undefined} data-testid="inbox-list"
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('approvals.inbox.empty')} /> }}
          renderItem={(i) => (
            <Card size="small" style={{ marginBottom: 10 }} data-testid="inbox-item" data-instance={i.instanceId} onClick={() => navigate(link(i))}>
              <Flex vertical gap={6}>
                {title(i)}
                <Flex justify="space-between" align="center" wrap gap={6}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{i.submittedByName} · {when(i)}{i.nodeLabel ? ` · ${i.nodeLabel}` : ''}</Typography.Text>
                  {statusCell(i)}
                </Flex>
                {quickButtons(i)}
              </Flex>
            </Card>
          )} />
      ) : (
        <Table<ApprovalInboxItem> rowKey={(i) => `${i.instanceId}-${i.taskId ?? ''}`} columns={columns} dataSource={items} loading={inbox.isFetching}
          pagination={pagination} scroll={{ x: 'max-content' }} onRow={(i) => ({ 'data-testid': 'inbox-item', 'data-instance': i.instanceId } as object)}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('approvals.inbox.empty')} /> }} />
      )}
      {quick && <QuickDecide item={quick.item} kind={quick.kind} onClose={() => setQuick(null)} />}
    </>
  );
}

/** Approve / reject from the list: one tap, an optional comment, confirm. */
function QuickDecide({ item, kind, onClose }: { item: ApprovalInboxItem; kind: 'approve' | 'reject'; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const action = useApprovalAction();
  const [comment, setComment] = useState('');
  const go = async () => {
    try {
      await action.mutateAsync({ kind, id: item.taskId!, body: { comment: comment.trim() || undefined } });
      message.success(t(kind === 'approve' ? 'approvals.approved' : 'approvals.rejected'));
      onClose();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <Modal open onCancel={onClose} onOk={() => void go()} confirmLoading={action.isPending} destroyOnHidden
      title={t('approvals.inbox.quickTitle', { action: t(`approvals.${kind}`), title: item.title })}
      okText={t(`approvals.${kind}`)} okButtonProps={{ danger: kind === 'reject', 'data-testid': 'inbox-quick-ok' } as ButtonProps}>
      <Input.TextArea value={comment} onChange={(e) => setComment(e.target.value)} autoSize={{ minRows: 2, maxRows: 5 }} maxLength={2000}
        placeholder={t('approvals.commentPlaceholder')} data-testid="inbox-quick-comment" autoFocus />
    </Modal>
  );
}
