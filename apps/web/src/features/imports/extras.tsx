/**
 * The "导入 / Import" button for a record list (RecordTypeConfig.listExtras), shown only to people
 * whose role may import that record type. The wizard is loaded when first opened.
 */
import { lazy, Suspense, useState } from 'react';
import { Button } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { useRecordPermissions } from '../records/permissions.ts';
import type { ListExtraContext } from '../records/types.ts';
import type { ImportRecordType } from './api.ts';

const ImportWizard = lazy(() => import('./ImportWizard.tsx').then((m) => ({ default: m.ImportWizard })));

function ImportButton({ recordType, refresh }: { recordType: ImportRecordType; refresh: () => void }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const can = useRecordPermissions(recordType);
  const [open, setOpen] = useState(false);
  const [opened, setOpened] = useState(false);
  if (!can('import')) return null;
  return (
    <>
      <Button icon={<UploadOutlined />} onClick={() => { setOpen(true); setOpened(true); }} data-testid="import-button" aria-label={t('imports.button')}>
        {isMobile ? null : t('imports.button')}
      </Button>
      {opened && (
        <Suspense fallback={null}>
          <ImportWizard recordType={recordType} open={open} onClose={() => setOpen(false)} onImported={refresh} />
        </Suspense>
      )}
    </>
  );
}

/** For RecordTypeConfig.listExtras: `listExtras: [importListExtra('lead')]`. */
export function importListExtra(recordType: ImportRecordType) {
  return (ctx: ListExtraContext) => <ImportButton recordType={recordType} refresh={ctx.refresh} />;
}
