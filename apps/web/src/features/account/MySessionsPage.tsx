import { App, Button, Card, Flex, Popconfirm, Skeleton, Tag, Typography } from 'antd';
import { DesktopOutlined, MobileOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader.tsx';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { describeUserAgent, formatDateTime, fromNow } from '../../lib/format.ts';
import type { SessionItem } from '../auth/types.ts';
import { useSession } from '../auth/useMe.ts';

const sessionsKey = ['auth', 'sessions'] as const;

/** Cards rather than a table: a handful of devices reads better stacked, on phones and desktops alike. */
export default function MySessionsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { logout } = useSession();
  const sessions = useQuery({
    queryKey: sessionsKey,
    queryFn: () => api.get<{ items: SessionItem[] }>('/auth/sessions').then((r) => r.items),
  });

  const revoke = useMutation({
    mutationFn: (s: SessionItem) => api.delete(`/auth/sessions/${s.id}`),
    onSuccess: async (_r, s) => {
      if (s.current) return logout(); // this device's session is gone: behave as a log out
      message.success(t('sessions.revoked'));
      await queryClient.invalidateQueries({ queryKey: sessionsKey });
    },
    onError: (err) => message.error(errorMessage(err)),
  });

  // Current device first, then most recently active.
  const items = [...(sessions.data ?? [])].sort(
    (a, b) => Number(b.current) - Number(a.current) || (b.lastSeenAt ?? b.createdAt).localeCompare(a.lastSeenAt ?? a.createdAt),
  );

  return (
    <>
      <PageHeader title={t('sessions.title')} description={t('sessions.hint')} />
      {sessions.isPending ? (
        <Skeleton active />
      ) : (
        <Flex vertical gap={12}>
          {items.map((s) => (
            <Card key={s.id} size="small">
              <Flex justify="space-between" align="center" gap={12} wrap>
                <Flex gap={12} align="center" style={{ minWidth: 0 }}>
                  {/Android|iPhone|iPad|Mobile/i.test(s.userAgent ?? '') ? <MobileOutlined style={{ fontSize: 24 }} /> : <DesktopOutlined style={{ fontSize: 24 }} />}
                  <Flex vertical style={{ minWidth: 0 }}>
                    <Flex gap={8} align="center" wrap>
                      <Typography.Text strong>{describeUserAgent(s.userAgent)}</Typography.Text>
                      {s.current && <Tag color="green">{t('sessions.current')}</Tag>}
                    </Flex>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }} className="ll-break">
                      {t('sessions.ip')} {s.ip || '—'} · {t('sessions.lastSeenAt')} {fromNow(s.lastSeenAt ?? s.createdAt)} ·{' '}
                      {t('sessions.createdAt')} {formatDateTime(s.createdAt)} · {t('sessions.expiresAt')} {formatDateTime(s.expiresAt)}
                    </Typography.Text>
                  </Flex>
                </Flex>
                <Popconfirm title={s.current ? t('sessions.revokeCurrent') : t('sessions.revokeConfirm')}
                  onConfirm={() => revoke.mutateAsync(s).catch(() => undefined)}>
                  <Button danger size="small">{t('sessions.revoke')}</Button>
                </Popconfirm>
              </Flex>
            </Card>
          ))}
        </Flex>
      )}
    </>
  );
}
