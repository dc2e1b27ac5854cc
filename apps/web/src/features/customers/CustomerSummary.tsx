import { Col, Divider, Row, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { displayMoney, parseMoney } from '@loopline/shared';
import { Link } from 'react-router-dom';
import { useFormatContext } from '../records/api.ts';
import { formatDateTimeIn } from '../records/format.ts';
import { useCustomerSummary, type CustomerSummary as Summary } from './api.ts';

/** Key facts under the customer's header (GET /customers/:id/summary): contacts, open leads, last follow-up. */
export function CustomerSummary({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const ctx = useFormatContext();
  const summary = useCustomerSummary(customerId);
  const s = summary.data;
  if (!s) return null;
  return (
    <Row gutter={[12, 12]} data-testid="customer-summary">
      <Col xs={12} sm={6}><Statistic title={t('customers.summary.contacts')} value={s.contacts ?? 0} /></Col>
      {s.openLeads !== undefined && <Col xs={12} sm={6}><Statistic title={t('customers.summary.openLeads')} value={s.openLeads} /></Col>}
      <Col xs={12} sm={6}>
        <Statistic title={t('customers.summary.lastFollowup')} value={s.lastFollowupAt ? formatDateTimeIn(s.lastFollowupAt, ctx) : '—'} valueStyle={{ fontSize: 16 }} />
      </Col>
      {s.convertedFrom.length > 0 && (
        <Col xs={24} sm={6}>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 14 }}>{t('customers.summary.fromLeads')}</Typography.Text>
          <ConvertedFrom summary={s} />
        </Col>
      )}
      <DealToCash totals={s.dealToCash as DealToCashTotals | undefined} />
    </Row>
  );
}

/** GET /customers/:id/summary → dealToCash: null where the viewer may not see that record type. */
interface DealToCashTotals {
  openOpportunities: number | null;
  openOpportunityAmount: string | null;
  wonAmount: string | null;
  quotes: number | null;
  contracts: number | null;
  contractAmount: string | null;
  outstanding: string | null;
  received: string | null;
  invoiced: string | null;
}

const money = (v: string) => {
  try {
    return displayMoney(parseMoney(v));
  } catch {
    return v;
  }
};

/** Opportunities, quotes, contracts, payments and invoices of the customer, in totals. */
function DealToCash({ totals }: { totals: DealToCashTotals | undefined }) {
  const { t } = useTranslation();
  if (!totals) return null;
  const stats: { key: keyof DealToCashTotals; kind: 'count' | 'money' }[] = [
    { key: 'openOpportunities', kind: 'count' }, { key: 'openOpportunityAmount', kind: 'money' }, { key: 'wonAmount', kind: 'money' },
    { key: 'quotes', kind: 'count' }, { key: 'contracts', kind: 'count' }, { key: 'contractAmount', kind: 'money' },
    { key: 'received', kind: 'money' }, { key: 'outstanding', kind: 'money' }, { key: 'invoiced', kind: 'money' },
  ];
  const shown = stats.filter((x) => totals[x.key] !== null && totals[x.key] !== undefined);
  if (!shown.length) return null;
  return (
    <>
      <Col span={24}><Divider titlePlacement="start" plain style={{ margin: '4px 0' }}>{t('customers.summary.dealToCash')}</Divider></Col>
      {shown.map((x) => (
        <Col xs={12} sm={8} md={6} lg={4} key={x.key} data-testid={`customer-${x.key}`}>
          <Statistic title={t(`customers.summary.${x.key}`)} value={x.kind === 'money' ? money(String(totals[x.key])) : Number(totals[x.key])}
            valueStyle={{ fontSize: 18, ...(x.key === 'outstanding' && totals.outstanding !== '0.00' ? { color: '#cf1322' } : {}) }} />
        </Col>
      ))}
    </>
  );
}

/** Links to the leads this customer was converted from. */
export function ConvertedFrom({ summary }: { summary: Summary }) {
  const { t } = useTranslation();
  if (summary.convertedFrom.length === 0) return <Typography.Text type="secondary">{t('customers.summary.noLeads')}</Typography.Text>;
  return (
    <>
      {summary.convertedFrom.map((l) => (
        <div key={l.leadId}><Link to={`/leads/${l.leadId}`} className="ll-break" data-testid="converted-from">{[l.number, l.name].filter(Boolean).join(' ') || t('common.unknown')}</Link></div>
      ))}
    </>
  );
}
