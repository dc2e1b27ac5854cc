import type { ReactNode } from 'react';
import { Alert, Flex, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Link } from 'react-router-dom';
import type { RecordType } from '@loopline/shared';
import { RECORD_PATHS } from '../../app/navigation.ts';
import type { DuplicateMatch } from './createModel.ts';

export { duplicatesOf, type DuplicateMatch } from './createModel.ts';

/** The matches as a list: type, name (linked when the viewer may open it), owner, what matched. */
export function DuplicateList({ items, action }: { items: DuplicateMatch[]; action?: (m: DuplicateMatch) => ReactNode }) {
  const { t } = useTranslation();
  return (
    <List size="small" dataSource={items} data-testid="duplicate-list" locale={{ emptyText: t('records.duplicates.none') }}
      renderItem={(m) => {
        const path = m.visible === false ? undefined : RECORD_PATHS[m.recordType as RecordType]?.(m.id);
        const title = m.title || m.number || t('common.unknown');
        return (
          <List.Item actions={action ? [action(m)] : undefined}>
            <Flex vertical gap={2} style={{ minWidth: 0 }}>
              <Flex gap={6} align="center" wrap>
                <Tag>{t(`search.types.${m.recordType}` as 'search.types.lead', { defaultValue: m.recordType })}</Tag>
                {path ? <Link to={path} target="_blank" className="ll-break">{title}</Link> : <Typography.Text className="ll-break">{title}</Typography.Text>}
                {m.number && m.title && <Typography.Text type="secondary">{m.number}</Typography.Text>}
              </Flex>
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {t('records.duplicates.owner')}: {m.ownerName ?? (m.ownerId ? t('records.duplicates.hiddenOwner') : t('records.duplicates.noOwner'))}
                {m.matchedOn?.length ? ` · ${t('records.duplicates.matchedOn')}: ${m.matchedOn.map((k) => matchLabel(k, m.similarity, t)).join('、')}` : ''}
              </Typography.Text>
            </Flex>
          </List.Item>
        );
      }} />
  );
}

function matchLabel(key: string, similarity: number | undefined, t: TFunction): string {
  if (key === 'similarName' && similarity !== undefined) return t('records.duplicates.similar', { pct: Math.round(similarity * 100) });
  return t(`records.duplicates.on.${key}` as 'records.duplicates.on.name', { defaultValue: key });
}

/** The warning above a form whose save found duplicates, with the "create anyway" button when it is allowed. */
export function DuplicateAlert({ items, override }: { items: DuplicateMatch[]; override?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Alert type="warning" showIcon style={{ marginBottom: 16 }} data-testid="duplicate-alert"
      title={t('records.duplicates.title', { count: items.length })}
      description={
        <>
          <DuplicateList items={items} />
          {override ?? <Typography.Text type="secondary">{t('records.duplicates.cannotOverride')}</Typography.Text>}
        </>
      } />
  );
}
