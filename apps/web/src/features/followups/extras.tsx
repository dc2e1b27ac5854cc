/**
 * Follow-ups on the lead, customer and contact pages, plugged into their RecordTypeConfig:
 * followupDetailExtra(recordType) in detailExtras (写跟进), followupDetailTab(recordType) in detailTabs.
 * The drawer and the tab load lazily, so record pages do not carry them until used.
 */
import { lazy, Suspense, useState } from 'react';
import { Button } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import i18n from '../../lib/i18n.ts';
import { Loading } from '../../components/Loading.tsx';
import { useRecordPermissions } from '../records/permissions.ts';
import type { DetailExtraContext, RecordLike } from '../records/types.ts';
import type { FollowupRecordType } from './api.ts';

const QuickFollowup = lazy(() => import('./QuickFollowup.tsx'));
const FollowupsTab = lazy(() => import('./FollowupsTab.tsx'));

const titleOf = (r: RecordLike) => String(r.name ?? r.number ?? '');

function WriteButton({ recordType, record }: { recordType: FollowupRecordType; record: RecordLike }) {
  const { t } = useTranslation();
  const can = useRecordPermissions('activity');
  const [open, setOpen] = useState(false);
  const [opened, setOpened] = useState(false);
  if (!can('create')) return null;
  return (
    <>
      <Button type="primary" icon={<EditOutlined />} onClick={() => { setOpened(true); setOpen(true); }} data-testid="followup-write">{t('followups.write')}</Button>
      {opened && (
        <Suspense fallback={null}>
          <QuickFollowup open={open} onClose={() => setOpen(false)} recordType={recordType} record={record} title={titleOf(record)} />
        </Suspense>
      )}
    </>
  );
}

function Tab({ recordType, record }: { recordType: FollowupRecordType; record: RecordLike }) {
  const can = useRecordPermissions('activity');
  if (!can('view')) return null;
  return (
    <Suspense fallback={<Loading />}>
      <FollowupsTab recordType={recordType} record={record} title={titleOf(record)} canWrite={can('create')} />
    </Suspense>
  );
}

/** Detail-page button "写跟进" opening the quick follow-up drawer. */
export function followupDetailExtra(recordType: FollowupRecordType) {
  return (record: RecordLike, _ctx: DetailExtraContext) => <WriteButton recordType={recordType} record={record} />;
}

/** Detail-page tab "跟进记录": the record's follow-ups, newest first. */
export function followupDetailTab(recordType: FollowupRecordType) {
  return (record: RecordLike) => ({ key: 'followups', label: i18n.t('followups.tab'), children: <Tab recordType={recordType} record={record} /> });
}
