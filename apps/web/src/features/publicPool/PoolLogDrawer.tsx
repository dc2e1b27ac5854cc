import { Drawer, Empty, Flex, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { usePoolLog, type LogEntry, type Pool } from './api.ts';

const COLOR: Record<LogEntry['kind'], string> = { claim: 'green', assign: 'blue', return: 'orange' };

/** Who claimed, was assigned or gave back what, and why (newest first). */
export function PoolLogDrawer({ pool, onClose }: { pool: Pool | null; onClose: () => void }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const log = usePoolLog(pool?.id ?? '', pool !== null);
  const s = (k: string) => t(`publicPool.settings.${k}` as 'publicPool.settings.log');
  const who = (e: LogEntry) => (e.kind === 'return' ? e.fromOwnerName : e.toOwnerName) ?? '—';
  return (
    <Drawer open={pool !== null} onClose={onClose} width={isMobile ? '100%' : 560} destroyOnHidden title={pool ? `${s('log')} · ${pool.name}` : ''}>
      <List<LogEntry> loading={log.isPending} dataSource={log.data ?? []} locale={{ emptyText: <Empty description={s('logEmpty')} /> }}
        renderItem={(e) => (
          <List.Item>
            <Flex vertical gap={2} style={{ minWidth: 0 }}>
              <Flex gap={6} align="center" wrap>
                <Tag color={COLOR[e.kind]}>{s(`kinds.${e.kind}`)}</Tag>
                <Typography.Text strong className="ll-break">{e.recordName ?? e.recordId}</Typography.Text>
                <Typography.Text type="secondary">{t(`publicPool.types.${e.recordType}`)} · {who(e)}</Typography.Text>
              </Flex>
              <Typography.Text type="secondary" style={{ fontSize: 12 }} className="ll-break">
                {formatDateTime(e.createdAt)}
                {e.actorName ? ` · ${e.actorName}` : ''}
                {e.reasonCode ? ` · ${s(`reasons.${e.reasonCode}`)}` : ''}
                {e.reason ? `：${e.reason}` : ''}
              </Typography.Text>
            </Flex>
          </List.Item>
        )} />
    </Drawer>
  );
}
