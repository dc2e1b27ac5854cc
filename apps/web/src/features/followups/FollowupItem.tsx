/** One follow-up as the record tab and the list page show it. */
import { Button, Flex, List, Popconfirm, Tag, Typography } from 'antd';
import { EnvironmentOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format.ts';
import type { FollowupOutcome } from '@loopline/shared';
import type { Followup } from './api.ts';

const OUTCOME_COLOR: Record<string, string> = { highIntent: 'green', nurture: 'blue', noIntent: 'default', noAnswer: 'orange', other: 'default' };
const PATH: Record<string, string> = { lead: '/leads', customer: '/customers', contact: '/contacts' };

export function OutcomeTag({ outcome }: { outcome: FollowupOutcome | null }) {
  const { t } = useTranslation();
  if (!outcome) return null;
  return <Tag color={OUTCOME_COLOR[outcome]} data-testid="followup-outcome">{t(`followups.outcomes.${outcome}`)}</Tag>;
}

export function FollowupItem({ item, showRecord, hereId, onEdit, onDelete }: {
  item: Followup;
  /** show which record it is about (list page; a customer's tab for its contacts' follow-ups) */
  showRecord?: boolean;
  /** the record whose tab this is: follow-ups of other records (its contacts) name theirs */
  hereId?: string;
  onEdit?: (f: Followup) => void;
  onDelete?: (f: Followup) => void;
}) {
  const { t } = useTranslation();
  const aboutOther = showRecord || (hereId !== undefined && item.recordId !== hereId);
  const actions = item.editable && (onEdit || onDelete)
    ? [
        onEdit && <Button key="e" type="link" size="small" onClick={() => onEdit(item)}>{t('common.edit')}</Button>,
        onDelete && (
          <Popconfirm key="d" title={t('followups.deleteConfirm')} onConfirm={() => onDelete(item)}>
            <Button type="link" size="small" danger>{t('common.delete')}</Button>
          </Popconfirm>
        ),
      ].filter(Boolean)
    : undefined;
  return (
    <List.Item actions={actions} data-testid="followup-item" style={{ alignItems: 'flex-start' }}>
      <Flex vertical gap={4} style={{ minWidth: 0, width: '100%' }}>
        <Flex gap={6} wrap align="center">
          <Tag color="processing">{t(`followups.types.${item.type}`)}</Tag>
          <OutcomeTag outcome={item.outcome} />
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {formatDateTime(item.createdAt)} · {t('followups.by', { name: item.ownerName ?? '—' })}
          </Typography.Text>
        </Flex>
        {aboutOther && (
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {t(`followups.recordTypes.${item.recordType}`)}: <Link to={`${PATH[item.recordType]}/${item.recordId}`}>{item.recordName ?? '—'}</Link>
          </Typography.Text>
        )}
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }} className="ll-break" data-testid="followup-content-text">{item.content}</Typography.Paragraph>
        {(item.nextStep || item.nextFollowupAt) && (
          <Typography.Text style={{ fontSize: 13 }}>
            {item.nextStep && <span>{t('followups.fields.nextStep')}: {item.nextStep}</span>}
            {item.nextStep && item.nextFollowupAt && ' · '}
            {item.nextFollowupAt && <span data-testid="followup-next">{t('followups.fields.nextFollowupAt')}: {formatDateTime(item.nextFollowupAt)}</span>}
          </Typography.Text>
        )}
        {item.contacts.length > 0 && (
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {t('followups.fields.contacts')}: {item.contacts.map((c, i) => <span key={c.id}>{i > 0 && '、'}<Link to={`/contacts/${c.id}`}>{c.name}</Link></span>)}
          </Typography.Text>
        )}
        {item.files.length > 0 && (
          <Flex gap={8} wrap>
            {item.files.map((f) => (
              <Typography.Link key={f.id} href={`/api/v1/files/${f.id}/content`} className="ll-break" style={{ fontSize: 13 }}><PaperClipOutlined /> {f.name}</Typography.Link>
            ))}
          </Flex>
        )}
        {item.location && (
          <Typography.Text type="secondary" style={{ fontSize: 13 }} data-testid="followup-location">
            <EnvironmentOutlined /> {item.location.address || `${item.location.lat.toFixed(5)}, ${item.location.lng.toFixed(5)}`}
            {item.location.accuracy != null && ` (±${item.location.accuracy} m)`}
          </Typography.Text>
        )}
      </Flex>
    </List.Item>
  );
}
