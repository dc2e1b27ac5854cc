import { useState } from 'react';
import { Badge, Button, Empty, Flex, Popover, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { fromNow } from '../../lib/format.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { useMe } from '../auth/useMe.ts';
import { useMarkRead, useNotificationStream, useUnreadNotifications, type NotificationItem } from './useNotifications.ts';

/** Header bell: unread count live from the event stream; the popover lists unread items. */
export function NotificationBell() {
  const { t } = useTranslation();
  const { me } = useMe();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const enabled = Boolean(me);
  const { data } = useUnreadNotifications(enabled);
  useNotificationStream(enabled);
  const { markRead, markAllRead, markingAll } = useMarkRead();
  const items = data?.items ?? [];

  const openItem = (item: NotificationItem) => {
    markRead(item.id);
    setOpen(false);
    // Only in-app paths are followed; anything else is shown, not navigated to.
    if (item.link?.startsWith('/') && !item.link.startsWith('//')) navigate(item.link);
  };

  const content = (
    <div style={{ width: isMobile ? 'calc(100vw - 48px)' : 340, maxHeight: 420, overflowY: 'auto' }}>
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} />
      ) : (
        <Flex vertical gap={4}>
          {items.map((item) => (
            <div key={item.id} role="button" tabIndex={0} onClick={() => openItem(item)}
              onKeyDown={(e) => e.key === 'Enter' && openItem(item)}
              style={{ padding: '8px 6px', borderRadius: 8, cursor: 'pointer' }}>
              <Flex justify="space-between" gap={8}>
                <Typography.Text strong className="ll-break">{item.title}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12, flex: 'none' }}>{fromNow(item.createdAt)}</Typography.Text>
              </Flex>
              {item.body && <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: 0 }}>{item.body}</Typography.Paragraph>}
            </div>
          ))}
        </Flex>
      )}
    </div>
  );

  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={setOpen}
      title={
        <Flex justify="space-between" align="center">
          <span>{t('notifications.title')}</span>
          {items.length > 0 && (
            <Button type="link" size="small" loading={markingAll} onClick={() => markAllRead()}>{t('notifications.markAllRead')}</Button>
          )}
        </Flex>
      }
      content={content}
    >
      <Badge count={data?.unreadCount ?? 0} size="small" offset={[-4, 4]}>
        <Button type="text" icon={<BellOutlined />} aria-label={t('notifications.title')} data-testid="notification-bell" />
      </Badge>
    </Popover>
  );
}
