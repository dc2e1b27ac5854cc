/** Under the quote's header: the totals (with 大写), and why it cannot be sent yet when that is so. */

import './messages.ts';
import { Alert, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { chineseUppercaseMoney, parseMoney } from '@loopline/shared';
import { yuan, type Quote } from './config.tsx';

export default function QuoteSummary({ quote }: { quote: Quote }) {
  const { t } = useTranslation();
  const total = quote.totalAmount;
  return (
    <Flex vertical gap={8}>
      {total !== undefined && (
        <Flex wrap gap={16} align="baseline" data-testid="quote-totals">
          <span>{t('quotes.totals.gross')}: <b>{yuan(quote.grossAmount)}</b></span>
          <span>{t('quotes.totals.discount')}: <b>{yuan(quote.discountAmount)}</b></span>
          <span>{t('quotes.totals.tax')}: <b>{yuan(quote.taxAmount)}</b></span>
          <span>{t('quotes.totals.total')}: <b style={{ fontSize: 18 }} data-testid="quote-total">{yuan(total)}</b></span>
          <Typography.Text type="secondary">{t('quotes.totals.upper')}: {chineseUppercaseMoney(parseMoney(total))}</Typography.Text>
        </Flex>
      )}
      {quote.status === 'draft' && quote.needsDiscountApproval && (
        <Alert type="warning" showIcon data-testid="quote-needs-approval"
          message={quote.approvalStatus === 'rejected' ? t('quotes.approvalRefused') : t('quotes.needsApproval', { pct: quote.maxDiscountPct, limit: quote.myDiscountLimitPct })} />
      )}
      {quote.status === 'rejected' && quote.rejectedReason && <Alert type="error" showIcon message={`${t('quotes.rejectDialog.reason')}：${quote.rejectedReason}`} />}
    </Flex>
  );
}
