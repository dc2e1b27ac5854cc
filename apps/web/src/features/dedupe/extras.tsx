/** Record-framework extensions of the dedupe feature (RecordTypeConfig.bulkExtras). */
import { useState, type ReactNode } from 'react';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useRecordPermissions } from '../records/permissions.ts';
import type { BulkExtraContext } from '../records/types.ts';
import { MergeDialog } from './MergeDialog.tsx';
import type { DedupeRecordType } from './model.ts';

function MergeBulkButton({ recordType, ctx }: { recordType: DedupeRecordType; ctx: BulkExtraContext }) {
  const { t } = useTranslation();
  const can = useRecordPermissions(recordType);
  const [open, setOpen] = useState(false);
  // merging edits both records and deletes one: without those rights the server would refuse
  if (ctx.ids.length !== 2 || !can('edit') || !can('delete')) return null;
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} data-testid="bulk-merge">{t('dedupe.merge.button')}</Button>
      {open && <MergeDialog recordType={recordType} ids={ctx.ids} open={open} onClose={() => setOpen(false)} onMerged={() => { setOpen(false); ctx.done(); }} />}
    </>
  );
}

/** "合并 / Merge" in a list's bulk bar when exactly two records are selected. */
export function mergeBulkExtra(recordType: DedupeRecordType): (ctx: BulkExtraContext) => ReactNode {
  return (ctx) => <MergeBulkButton recordType={recordType} ctx={ctx} />;
}
