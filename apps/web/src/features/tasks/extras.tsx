/**
 * The tasks tab of lead, customer and contact pages, plugged into their RecordTypeConfig:
 * taskDetailTab(recordType) in detailTabs. The tab's content loads with its own chunk.
 */
import { lazy, Suspense } from 'react';
import { Skeleton } from 'antd';
import i18n from '../../lib/i18n.ts';
import type { RecordLike } from '../records/types.ts';

const RecordTasks = lazy(() => import('./RecordTasks.tsx'));

export function taskDetailTab(recordType: 'lead' | 'customer' | 'contact') {
  return (record: RecordLike) => ({
    key: 'tasks',
    label: i18n.t('tasks.tab'),
    children: (
      <Suspense fallback={<Skeleton active />}>
        <RecordTasks recordType={recordType} recordId={record.id} recordName={typeof record.name === 'string' ? record.name : null} />
      </Suspense>
    ),
  });
}
