import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import i18n from '../../lib/i18n.ts';
import { formatMoney } from '../../lib/format.ts';
import { summaryPairs } from './model.ts';
import './messages.ts';

/** "金额 ¥80,000.00 · 客户 青云科技" from an approval's summary; labels for the keys the record types send. */
export function SummaryLine({ summary, limit = 4 }: { summary: Record<string, unknown>; limit?: number }) {
  useTranslation();
  const pairs = summaryPairs(summary, limit);
  if (!pairs.length) return null;
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }} className="ll-break">
      {pairs.map((p) => `${i18n.exists(`approvals.summary.${p.key}`) ? i18n.t(`approvals.summary.${p.key}` as 'approvals.summary.amount') : p.key} ${p.key === 'amount' ? formatMoney(p.value) : p.value}`).join(' · ')}
    </Typography.Text>
  );
}

export function recordTypeLabel(recordType: string): string {
  return i18n.exists(`approvals.recordTypes.${recordType}`) ? i18n.t(`approvals.recordTypes.${recordType}` as 'approvals.recordTypes.contract') : recordType;
}
