import './messages.ts';
import { useState } from 'react';
import { Button, Dropdown, Space, type MenuProps } from 'antd';
import { DownloadOutlined, DownOutlined, PrinterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { PrintRecordType } from '@loopline/shared';
import { printUrl, usePrintTemplates } from './api.ts';

/**
 * Print a record as PDF (quotes, contracts, orders, payment receipts): the button opens the PDF of
 * the type's default template in a new tab; the menu offers every template (open or download).
 * For detail pages: <PrintButton recordType="quote" recordId={quote.id} />.
 */
export function PrintButton({ recordType, recordId, size }: { recordType: PrintRecordType; recordId: string; size?: 'small' | 'middle' }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  // the template list loads when the menu first opens
  const [wanted, setWanted] = useState(false);
  const templates = usePrintTemplates(recordType, wanted);

  const choices = [
    ...(templates.data?.items ?? []).map((x) => ({ id: x.id, name: x.name + (x.isDefault ? t('printTemplates.button.isDefault') : '') })),
    { id: 'builtin', name: `${t('printTemplates.button.builtIn')}${templates.data && !templates.data.items.some((x) => x.isDefault) ? t('printTemplates.button.isDefault') : ''}` },
  ];
  const items: MenuProps['items'] = [
    ...choices.map((c) => ({
      key: `open:${c.id}`,
      label: <a href={printUrl(recordType, recordId, { templateId: c.id, disposition: 'inline' })} target="_blank" rel="noreferrer" data-testid="print-open-template">{c.name}</a>,
    })),
    { type: 'divider' as const },
    {
      key: 'download', icon: <DownloadOutlined />,
      label: <a href={printUrl(recordType, recordId, { disposition: 'attachment' })} download data-testid="print-download">{t('printTemplates.button.download')}</a>,
    },
  ];

  return (
    <Space.Compact size={size}>
      <Button icon={<PrinterOutlined />} href={printUrl(recordType, recordId, { disposition: 'inline' })} target="_blank" rel="noreferrer" data-testid="print-button">
        {t('printTemplates.button.print')}
      </Button>
      <Dropdown menu={{ items }} trigger={['click']} open={open}
        onOpenChange={(next) => {
          setOpen(next);
          if (next) setWanted(true);
        }}>
        <Button icon={<DownOutlined />} aria-label={t('printTemplates.button.more')} loading={templates.isFetching} data-testid="print-menu" />
      </Dropdown>
    </Space.Compact>
  );
}
