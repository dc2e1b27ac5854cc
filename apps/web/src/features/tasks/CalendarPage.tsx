/**
 * /calendar: my tasks (by due time) and planned follow-ups (by next follow-up time) as a day agenda,
 * a week grid (stacked days on a phone) or a month (antd Calendar); managers may look at a team
 * member's calendar. Clicking a task opens it; a follow-up opens its record. Below: the .ics feed.
 */
import { useMemo, useState } from 'react';
import { Alert, Button, Calendar, Card, Empty, Flex, Segmented, Select, Tag, Typography } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { formatDate, tenantFormat } from '../../lib/format.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { useMe } from '../auth/useMe.ts';
import { useUsers } from '../settings/api.ts';
import { useCalendar, type CalendarItem } from './api.ts';
import { FeedCard } from './FeedCard.tsx';
import { TaskDrawer, type DrawerTarget } from './TaskDrawer.tsx';
import { groupByDay, localTime, seesTeam, shiftDate, todayIn, viewRange, weekDays, type CalendarView } from './taskModel.ts';

function ItemChip({ item, onOpen, compact }: { item: CalendarItem; onOpen: (item: CalendarItem) => void; compact?: boolean }) {
  const { t } = useTranslation();
  const tz = tenantFormat().timeZone;
  const done = item.status === 'done';
  const color = item.kind === 'followup' ? '#722ed1' : item.priority === 'urgent' || item.priority === 'high' ? '#fa541c' : '#1677ff';
  return (
    <div role="button" tabIndex={0} data-testid="calendar-item" data-kind={item.kind} onClick={() => onOpen(item)} onKeyDown={(e) => { if (e.key === 'Enter') onOpen(item); }}
      title={item.title}
      style={{ cursor: 'pointer', borderLeft: `3px solid ${color}`, background: '#fafafa', borderRadius: 4, padding: compact ? '0 4px' : '4px 8px', fontSize: compact ? 12 : 13, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: compact ? 'nowrap' : 'normal', wordBreak: 'break-word' }}>
      <Typography.Text type="secondary" style={{ fontSize: 12, marginRight: 4 }}>{localTime(item.start, tz)}</Typography.Text>
      <span style={{ textDecoration: done ? 'line-through' : undefined }}>{item.title}</span>
      {!compact && (
        <div>
          <Tag color={item.kind === 'followup' ? 'purple' : 'blue'} style={{ marginTop: 2 }}>{item.kind === 'followup' ? t('tasks.calendar.followup') : t('tasks.calendar.task')}</Tag>
          {item.kind === 'task' && item.recordName && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{item.recordName}</Typography.Text>}
        </div>
      )}
    </div>
  );
}

function DayList({ items, onOpen }: { items: CalendarItem[]; onOpen: (item: CalendarItem) => void }) {
  const { t } = useTranslation();
  if (!items.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.calendar.nothing')} />;
  return <Flex vertical gap={6}>{items.map((i) => <ItemChip key={i.key} item={i} onOpen={onOpen} />)}</Flex>;
}

function WeekGrid({ date, byDay, onOpen, stacked }: { date: string; byDay: Map<string, CalendarItem[]>; onOpen: (item: CalendarItem) => void; stacked: boolean }) {
  const { i18n } = useTranslation();
  const today = todayIn(tenantFormat().timeZone);
  const weekday = (d: string) => new Intl.DateTimeFormat(i18n.language, { weekday: 'short', timeZone: 'UTC' }).format(new Date(`${d}T12:00:00Z`));
  return (
    <div data-testid="calendar-week" style={stacked ? { display: 'flex', flexDirection: 'column', gap: 8 } : { display: 'grid', gridTemplateColumns: 'repeat(7, minmax(0, 1fr))', gap: 6 }}>
      {weekDays(date).map((d) => (
        <div key={d} data-testid="calendar-day" data-date={d} style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: 6, minHeight: stacked ? undefined : 160, background: d === today ? '#e6f4ff' : undefined }}>
          <Typography.Text strong style={{ fontSize: 12 }}>{weekday(d)} {d.slice(5)}</Typography.Text>
          <Flex vertical gap={4} style={{ marginTop: 4 }}>
            {(byDay.get(d) ?? []).map((i) => <ItemChip key={i.key} item={i} onOpen={onOpen} compact={!stacked} />)}
          </Flex>
        </div>
      ))}
    </div>
  );
}

function MonthView({ date, byDay, onOpen, onPick, small }: { date: string; byDay: Map<string, CalendarItem[]>; onOpen: (item: CalendarItem) => void; onPick: (d: string) => void; small: boolean }) {
  const { t } = useTranslation();
  return (
    <div data-testid="calendar-month">
      <Calendar fullscreen={!small} value={dayjs(date)} headerRender={() => null}
        onSelect={(d: Dayjs) => onPick(d.format('YYYY-MM-DD'))}
        cellRender={(current: Dayjs, info) => {
          if (info.type !== 'date') return info.originNode;
          const items = byDay.get(current.format('YYYY-MM-DD')) ?? [];
          if (!items.length) return null;
          if (small) return <div style={{ textAlign: 'center', lineHeight: 1 }}><span style={{ display: 'inline-block', width: 6, height: 6, borderRadius: 3, background: '#1677ff' }} /></div>;
          return (
            <Flex vertical gap={2}>
              {items.slice(0, 3).map((i) => <ItemChip key={i.key} item={i} onOpen={onOpen} compact />)}
              {items.length > 3 && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('tasks.calendar.more', { count: items.length - 3 })}</Typography.Text>}
            </Flex>
          );
        }} />
      {small && (
        <div style={{ marginTop: 12 }}>
          <Typography.Text strong>{formatDate(date)}</Typography.Text>
          <div style={{ marginTop: 6 }}><DayList items={byDay.get(date) ?? []} onOpen={onOpen} /></div>
        </div>
      )}
    </div>
  );
}

export default function CalendarPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const { me } = useMe();
  const tz = tenantFormat().timeZone;
  const [view, setView] = useState<CalendarView>('week');
  const [date, setDate] = useState(() => todayIn(tz));
  const [userId, setUserId] = useState<string | undefined>();
  const [drawer, setDrawer] = useState<DrawerTarget>(null);
  const manager = seesTeam(me?.permissions);
  const users = useUsers({ status: 'active', pageSize: 500 }, manager);
  const range = viewRange(view, date);
  const calendar = useCalendar(range.from, range.to, userId);
  const byDay = useMemo(() => groupByDay(calendar.data ?? [], tz), [calendar.data, tz]);
  const open = (item: CalendarItem) => (item.kind === 'task' && item.taskId ? setDrawer({ id: item.taskId }) : navigate(item.link));
  const title = view === 'month' ? date.slice(0, 7) : view === 'week' ? `${formatDate(range.from)} – ${formatDate(weekDays(date)[6]!)}` : formatDate(date);

  return (
    <>
      <PageHeader title={t('tasks.calendar.title')} description={t('tasks.calendar.hint')} />
      <Flex vertical gap={12}>
        <Card size="small">
          <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
            <Segmented<CalendarView> value={view} onChange={setView} data-testid="calendar-view"
              options={(['day', 'week', 'month'] as const).map((v) => ({ value: v, label: t(`tasks.calendar.${v}`) }))} />
            <Flex gap={4}>
              <Button icon={<LeftOutlined />} aria-label={t('tasks.calendar.prev')} onClick={() => setDate(shiftDate(view, date, -1))} />
              <Button onClick={() => setDate(todayIn(tz))}>{t('tasks.calendar.today')}</Button>
              <Button icon={<RightOutlined />} aria-label={t('tasks.calendar.next')} onClick={() => setDate(shiftDate(view, date, 1))} />
            </Flex>
            <Typography.Text strong data-testid="calendar-title">{title}</Typography.Text>
            {manager && (
              <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('tasks.calendar.whose')} value={userId} onChange={setUserId}
                style={{ minWidth: 160, marginLeft: isMobile ? undefined : 'auto' }} options={(users.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))} />
            )}
          </Flex>
          {calendar.isError && <Alert type="error" showIcon title={errorMessage(calendar.error)} style={{ marginBottom: 12 }} />}
          {view === 'day' && <DayList items={byDay.get(date) ?? []} onOpen={open} />}
          {view === 'week' && <WeekGrid date={date} byDay={byDay} onOpen={open} stacked={isMobile} />}
          {view === 'month' && <MonthView date={date} byDay={byDay} onOpen={open} onPick={setDate} small={isMobile} />}
        </Card>
        <FeedCard />
      </Flex>
      <TaskDrawer target={drawer} onClose={() => setDrawer(null)} />
    </>
  );
}
