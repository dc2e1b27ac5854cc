import { Badge, Card, Empty, Flex, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useFormatContext } from '../records/api.ts';
import { formatDateTimeIn } from '../records/format.ts';
import { byUrgency, groupTitle, type TodoGroup } from './api.ts';

/** One group of the to-do centre: its title and count, its items linking to where the work is; urgent ones stand out. */
export function TodoGroupCard({ group, moreLink }: { group: TodoGroup; moreLink?: string }) {
  const { t, i18n } = useTranslation();
  const ctx = useFormatContext();
  const rest = group.total - group.items.length;
  return (
    <Card size="small" data-testid={`todo-group-${group.key}`}
      title={<Flex gap={8} align="center"><span className="ll-break">{groupTitle(group, i18n.language)}</span><Badge count={group.total} overflowCount={999} /></Flex>}>
      <List size="small" dataSource={byUrgency(group.items)} renderItem={(item) => (
        <List.Item style={item.urgent ? { background: '#fff1f0', paddingInline: 8, borderRadius: 6 } : undefined} data-testid="todo-item">
          <Flex vertical gap={2} style={{ minWidth: 0, flex: 1 }}>
            <Flex gap={6} align="center" wrap>
              {item.urgent && <Tag color="red" style={{ marginInlineEnd: 0 }}>{t('todo.urgent')}</Tag>}
              <Link to={item.link} className="ll-break">{item.title}</Link>
            </Flex>
            {(item.subtitle || item.dueAt) && (
              <Typography.Text type={item.urgent ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
                {[item.subtitle, item.dueAt ? t('todo.due', { at: formatDateTimeIn(item.dueAt, ctx) }) : null].filter(Boolean).join(' · ')}
              </Typography.Text>
            )}
          </Flex>
        </List.Item>
      )} />
      {rest > 0 && moreLink && <Link to={moreLink} style={{ display: 'block', marginTop: 8, fontSize: 13 }}>{t('todo.more', { count: rest })}</Link>}
    </Card>
  );
}

export function TodoEmpty() {
  const { t } = useTranslation();
  return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('todo.empty')} />;
}
