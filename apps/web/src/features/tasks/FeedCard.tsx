/** "订阅日历": the private .ics URL — created (shown once), copied, regenerated or stopped. */
import { useState } from 'react';
import { App, Button, Card, Flex, Input, Popconfirm, Typography } from 'antd';
import { CopyOutlined, LinkOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { rotateFeed, stopFeed, taskKeys, useFeed } from './api.ts';

export function FeedCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const feed = useFeed();
  const [url, setUrl] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    try {
      await fn();
      await queryClient.invalidateQueries({ queryKey: taskKeys.feed });
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const create = () => run(async () => setUrl((await rotateFeed()).url));
  const stop = () => run(async () => {
    await stopFeed();
    setUrl(null);
    message.success(t('tasks.feed.stopped'));
  });
  const copy = async () => {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      message.success(t('tasks.feed.copied'));
    } catch {
      message.info(url);
    }
  };
  const active = feed.data?.active ?? false;
  return (
    <Card size="small" title={<><LinkOutlined /> {t('tasks.feed.title')}</>} data-testid="feed-card" loading={feed.isPending}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>{t('tasks.feed.hint')}</Typography.Paragraph>
      {url ? (
        <Flex vertical gap={8}>
          <Typography.Text>{t('tasks.feed.newUrl')}</Typography.Text>
          <Input readOnly value={url} data-testid="feed-url" onFocus={(e) => e.target.select()} />
        </Flex>
      ) : active && feed.data?.createdAt ? (
        <Typography.Paragraph style={{ fontSize: 13 }} data-testid="feed-active">{t('tasks.feed.active', { time: formatDateTime(feed.data.createdAt) })}</Typography.Paragraph>
      ) : null}
      <Flex gap={8} wrap style={{ marginTop: 8 }}>
        {url && <Button icon={<CopyOutlined />} onClick={copy} data-testid="feed-copy">{t('tasks.feed.copy')}</Button>}
        {!active && !url ? (
          <Button type="primary" loading={busy} onClick={create} data-testid="feed-create">{t('tasks.feed.create')}</Button>
        ) : (
          <>
            <Popconfirm title={t('tasks.feed.regenerateConfirm')} onConfirm={create}>
              <Button loading={busy} data-testid="feed-regenerate">{t('tasks.feed.regenerate')}</Button>
            </Popconfirm>
            <Popconfirm title={t('tasks.feed.stopConfirm')} onConfirm={stop}>
              <Button danger loading={busy} data-testid="feed-stop">{t('tasks.feed.stop')}</Button>
            </Popconfirm>
          </>
        )}
      </Flex>
    </Card>
  );
}
