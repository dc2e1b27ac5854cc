/** The contract's money at a glance: amount (with 大写), received / outstanding / invoiced, progress bars. */

import './messages.ts';
import { Flex, Progress, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { chineseUppercaseMoney, parseMoney } from '@loopline/shared';
import { percentOf, yuan, type Contract } from './model.ts';

export default function ContractSummary({ contract: c }: { contract: Contract }) {
  const { t } = useTranslation();
  if (c.amount === undefined) return null;
  const received = percentOf(c.receivedAmount, c.amount);
  const invoiced = percentOf(c.invoicedAmount, c.amount);
  return (
    <div data-testid="contract-amounts">
      <Flex wrap gap={24}>
        <Statistic title={t('contracts.amounts.amount')} value={yuan(c.amount)} />
        {c.receivedAmount !== undefined && <Statistic title={t('contracts.amounts.received')} value={yuan(c.receivedAmount)} />}
        {c.outstandingAmount !== undefined && <Statistic title={t('contracts.amounts.outstanding')} value={yuan(c.outstandingAmount)} valueStyle={{ color: parseMoney(c.outstandingAmount) > 0 ? '#cf1322' : undefined }} />}
        {c.invoicedAmount !== undefined && <Statistic title={t('contracts.amounts.invoiced')} value={yuan(c.invoicedAmount)} />}
      </Flex>
      <Typography.Text type="secondary" data-testid="contract-amount-upper">{t('contracts.upper')}: {chineseUppercaseMoney(parseMoney(c.amount))}</Typography.Text>
      <Flex wrap gap={16} style={{ marginTop: 8, maxWidth: 640 }}>
        {c.receivedAmount !== undefined && (
          <div style={{ flex: '1 1 240px' }}>
            <Typography.Text type="secondary">{t('contracts.amounts.receivedPct')}</Typography.Text>
            <Progress percent={received} size="small" data-testid="contract-received-progress" />
          </div>
        )}
        {c.invoicedAmount !== undefined && (
          <div style={{ flex: '1 1 240px' }}>
            <Typography.Text type="secondary">{t('contracts.amounts.invoicedPct')}</Typography.Text>
            <Progress percent={invoiced} size="small" strokeColor="#722ed1" />
          </div>
        )}
      </Flex>
    </div>
  );
}
