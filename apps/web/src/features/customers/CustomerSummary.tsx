import { Col, Row, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
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
    </Row>
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
