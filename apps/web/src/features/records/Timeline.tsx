import type { ReactNode } from 'react';
import { Empty, Flex, Tag, Timeline as AntTimeline, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusCircleOutlined, ShareAltOutlined, SwapOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Link } from 'react-router-dom';
import { useHistory } from './api.ts';
import { useLinkedRecords, type LinkedRecord } from './linked.ts';
import { EMPTY, fieldLabel, formatDateTimeIn, formatValue, widgetOf, type FormatContext } from './format.ts';
import type { FieldMeta, HistoryEntry, RecordTypeConfig, TimelineItem } from './types.ts';

const ICON: Record<string, ReactNode> = { create: <PlusCircleOutlined />, update: <EditOutlined />, delete: <DeleteOutlined />, ownerChange: <SwapOutlined />, share: <ShareAltOutlined /> };
const COLOR: Record<string, string> = { create: 'green', delete: 'red', ownerChange: 'orange' };

/**
 * History entries as timeline items: who, when, what, and each changed field as before → after,
 * labelled and formatted like the rest of the page. Fields the viewer may not see never arrive.
 */
export function historyToTimeline(entries: HistoryEntry[], fields: FieldMeta[], config: RecordTypeConfig<any>, ctx: FormatContext, t: TFunction,
  linked: (e: HistoryEntry) => LinkedRecord | undefined = () => undefined): TimelineItem[] {
  const own = new Map(fields.map((f) => [f.key, f]));
  return entries.map((e) => {
    // a linked record's entry (the lead this customer came from) reads with that record type's labels
    const from = e.from ? linked(e) : undefined;
    const byKey = from?.fields ? new Map(from.fields.map((f) => [f.key, f])) : own;
    const standard = from ? {} : config.standardFields;
    const show = (key: string, v: unknown): string => {
      const f = byKey.get(key);
      return f ? formatValue(f, widgetOf(f, standard), v, ctx) : v === null || v === undefined ? EMPTY : JSON.stringify(v);
    };
    return toItem(e, byKey, show, ctx, t, from);
  });
}

function toItem(e: HistoryEntry, byKey: Map<string, FieldMeta>, show: (key: string, v: unknown) => string, ctx: FormatContext, t: TFunction, from: LinkedRecord | undefined): TimelineItem {
  const label = from && t('records.timeline.from', { type: t(`search.types.${from.recordType}` as 'search.types.lead', { defaultValue: from.recordType }) });
  const source = from && (
    <Tag color="purple" data-testid="timeline-from" style={{ marginInlineStart: 8 }}>
      {label} {from.path ? <Link to={from.path}>{from.title ?? ''}</Link> : from.title}
    </Tag>
  );
  return ({
    id: `h${e.id}`,
    kind: e.action,
    at: e.createdAt,
    actorName: e.actorName ?? (e.actorType === 'apiKey' ? t('records.timeline.apiKey') : e.actorType === 'system' ? t('records.timeline.system') : null),
    title: t(`records.timeline.actions.${e.action}`, { defaultValue: e.action }),
    // A change that reads the same on both sides ([] → null, say) is noise to a person.
    changes: Object.entries(e.changes).flatMap(([key, d]) => {
      const f = byKey.get(key);
      // the record's own id and internal references without a field (convertedContactId…) mean nothing to a person
      if (!f && (key === 'id' || /Id$/.test(key))) return [];
      const before = show(key, d.before);
      const after = show(key, d.after);
      return before === after ? [] : [{ field: key, label: f ? fieldLabel(f, ctx.locale) : key, before, after }];
    }),
    ...(data(e, t) ? { body: data(e, t) } : {}),
    ...(source ? { source } : {}),
  });
}

/** Reasons and links an entry carries beside field changes (status or transfer reason, the lead a customer came from). */
function data(e: HistoryEntry, t: TFunction): ReactNode {
  const d = e.data ?? {};
  const reason = typeof d.reason === 'string' && d.reason ? d.reason : null;
  const leadId = e.action === 'converted' && typeof d.leadId === 'string' ? d.leadId : null;
  if (!reason && !leadId) return null;
  return (
    <>
      {leadId && (
        <Typography.Text style={{ fontSize: 13 }} className="ll-break">
          {t('records.timeline.from', { type: t('search.types.lead') })}{' '}
          <Link to={`/leads/${leadId}`} data-testid="timeline-converted-lead">{[d.leadNumber, d.leadName].filter((x) => typeof x === 'string' && x).join(' ') || leadId.slice(0, 8)}</Link>
        </Typography.Text>
      )}
      {reason && <Typography.Text type="secondary" style={{ fontSize: 13 }} className="ll-break">{t('records.timeline.reason')}: {reason}</Typography.Text>}
    </>
  );
}

/** The record's timeline; later modules merge their follow-ups into the same TimelineItem list. */
export function Timeline({ config, id, fields, ctx, extra = [] }: { config: RecordTypeConfig<any>; id: string; fields: FieldMeta[]; ctx: FormatContext; extra?: TimelineItem[] }) {
  const { t } = useTranslation();
  const history = useHistory(config, id);
  const linked = useLinkedRecords(history.data ?? []);
  const items = [...historyToTimeline(history.data ?? [], fields, config, ctx, t, linked), ...extra].sort((a, b) => b.at.localeCompare(a.at));
  if (!history.isPending && items.length === 0) return <Empty description={t('records.timeline.empty')} />;
  return (
    <AntTimeline data-testid="timeline" pending={history.isPending ? t('common.loading') : undefined}
      items={items.map((it) => ({
        key: it.id,
        color: COLOR[it.kind] ?? 'blue',
        dot: ICON[it.kind],
        children: (
          <Flex vertical gap={4}>
            <Typography.Text>
              <Typography.Text strong>{it.actorName ?? t('common.unknown')}</Typography.Text> {it.title}
              <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>{formatDateTimeIn(it.at, ctx)}</Typography.Text>
              {it.source}
            </Typography.Text>
            {it.changes?.map((c) => (
              <Typography.Text key={c.field} style={{ fontSize: 13 }} className="ll-break">
                <Typography.Text type="secondary">{c.label}: </Typography.Text>
                <Typography.Text delete type="secondary">{c.before}</Typography.Text> → <Typography.Text>{c.after}</Typography.Text>
              </Typography.Text>
            ))}
            {it.body}
          </Flex>
        ),
      }))} />
  );
}
