import { Descriptions, Drawer, Empty, Table, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { describeUserAgent, formatDateTime } from '../../lib/format.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import type { AuditEntry } from './api.ts';
import { flattenDiff, type DiffRow } from './auditDiff.ts';

/** A known action or record type in the reader's language; anything newer shows as the server names it. */
export function auditLabel(t: TFunction, group: 'actions' | 'types', value: string): string {
  const key = `admin.audit.${group}.${value}`;
  return t(key as 'admin.audit.title', { defaultValue: value });
}

function show(v: unknown) {
  if (v === null || v === undefined || v === '') return <Typography.Text type="secondary">—</Typography.Text>;
  // short lists (granted actions, tags) read best on one line; other objects as indented JSON
  const text = Array.isArray(v) && v.every((x) => typeof x !== 'object') ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v, null, 1) : String(v);
  return <Typography.Text className="ll-break" style={{ whiteSpace: 'pre-wrap', fontSize: 13 }}>{text}</Typography.Text>;
}

/** One audit entry: who, when, from where, and the field-by-field before → after. */
export function AuditDrawer({ entry, actorName, onClose }: { entry: AuditEntry | null; actorName?: string; onClose: () => void }) {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  const fields = entry?.changes?.fields ?? {};
  const rows = flattenDiff(fields);
  // Entries without a diff (a revoke, a reorder) carry their data as plain keys.
  const extra = entry?.changes ? Object.fromEntries(Object.entries(entry.changes).filter(([k]) => k !== 'fields')) : {};

  return (
    <Drawer open={entry !== null} onClose={onClose} size={mobile ? '100%' : 640} title={entry ? `${auditLabel(t, 'actions', entry.action)} · ${auditLabel(t, 'types', entry.recordType)}` : ''}>
      {entry && (
        <>
          <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}
            items={[
              { key: 'time', label: t('admin.audit.time'), children: formatDateTime(entry.createdAt) },
              { key: 'actor', label: t('admin.audit.actor'), children: actorName ?? entry.actorId ?? t('admin.audit.system') },
              { key: 'record', label: t('admin.audit.recordId'), children: <Typography.Text copyable className="ll-break">{entry.recordId ?? '—'}</Typography.Text> },
              { key: 'ip', label: 'IP', children: entry.ip ?? '—' },
              { key: 'ua', label: t('admin.audit.device'), children: describeUserAgent(entry.userAgent) },
              { key: 'req', label: t('admin.audit.requestId'), children: entry.requestId ?? '—' },
            ]} />
          <Typography.Title level={5}>{t('admin.audit.diff')}</Typography.Title>
          {rows.length ? (
            <Table<DiffRow> rowKey="field" size="small" pagination={false} dataSource={rows} scroll={{ x: 'max-content' }} data-testid="audit-diff"
              columns={[
                { title: t('admin.audit.field'), dataIndex: 'field', render: (f: string) => <Typography.Text code>{f}</Typography.Text> },
                { title: t('admin.audit.before'), dataIndex: 'before', render: show, onCell: () => ({ style: { background: '#fff1f0', maxWidth: 240 } }) },
                { title: t('admin.audit.after'), dataIndex: 'after', render: show, onCell: () => ({ style: { background: '#f6ffed', maxWidth: 240 } }) },
              ]} />
          ) : (
            <Empty description={t('admin.audit.noDiff')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
          )}
          {Object.keys(extra).length > 0 && <pre className="ll-mail-body" style={{ marginTop: 16 }}>{JSON.stringify(extra, null, 2)}</pre>}
        </>
      )}
    </Drawer>
  );
}
