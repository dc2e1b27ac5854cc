/** The quote's line items: the read-only table, or the editor (drafts; rejected/expired go back to draft on save). */

import './messages.ts';
import { useState } from 'react';
import { App, Button, Empty, Flex, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { LineItemsEditor } from '../products/LineItemsEditor.tsx';
import { LineItemsTable } from '../products/LineItemsTable.tsx';
import { fromDto, toDiscountInput, toInputs, type DocumentDiscountDraft, type LineItemDraft } from '../products/lineItemModel.ts';
import { recordKeys } from '../records/api.ts';
import { useRecordPermissions } from '../records/permissions.ts';
import type { Quote } from './config.tsx';
import { quoteActions } from './quoteModel.ts';

export default function QuoteLines({ quote }: { quote: Quote }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const can = useRecordPermissions('quote');
  const editable = quoteActions(quote, can('edit')).includes('editLines');
  const [drafts, setDrafts] = useState<LineItemDraft[] | null>(null);
  const [discount, setDiscount] = useState<DocumentDiscountDraft | undefined>(undefined);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const lines = quote.lines ?? [];

  const start = () => {
    setDrafts(lines.map(fromDto));
    setDiscount({ kind: quote.discountKind ?? 'amount', value: quote.discountValue && Number(quote.discountValue) !== 0 ? quote.discountValue : '' });
    setErrors({});
  };
  const save = async () => {
    if (!drafts) return;
    setSaving(true);
    try {
      await api.patch(`/quotes/${quote.id}`, { lines: toInputs(drafts), discount: toDiscountInput(discount) ?? { kind: 'amount', value: '0' } });
      message.success(t('quotes.linesSaved'));
      setDrafts(null);
      await queryClient.invalidateQueries({ queryKey: recordKeys.all('quote') });
    } catch (err) {
      if (isApiError(err)) setErrors(err.fieldErrors);
      message.error(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  if (drafts) {
    return (
      <Flex vertical gap={12} data-testid="quote-lines-editor">
        <LineItemsEditor value={drafts} onChange={setDrafts} priceBookId={quote.priceBookId ?? null} discount={discount} onDiscountChange={setDiscount} serverErrors={errors} />
        <Flex gap={8} justify="flex-end">
          <Button onClick={() => setDrafts(null)}>{t('quotes.cancelEdit')}</Button>
          <Button type="primary" loading={saving} onClick={save} data-testid="quote-lines-save">{t('quotes.saveLines')}</Button>
        </Flex>
      </Flex>
    );
  }
  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        {!editable && quote.status !== 'draft' ? <Typography.Text type="secondary">{t('quotes.linesLocked')}</Typography.Text> : <span />}
        {editable && <Button icon={<EditOutlined />} onClick={start} data-testid="quote-lines-edit">{t('quotes.editLines')}</Button>}
      </Flex>
      {lines.length ? <LineItemsTable lines={lines} /> : <Empty description={t('quotes.noLines')} />}
    </Flex>
  );
}
