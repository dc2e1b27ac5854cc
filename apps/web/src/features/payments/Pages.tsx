/**
 * List and detail pages of payments, plans and invoices (record framework). Creating takes the
 * module's own forms (contract picker, outstanding amount, billing details), so the framework's
 * generic "new" button is hidden on these lists.
 */
import { RecordDetailPage } from '../records/RecordDetailPage.tsx';
import { RecordListPage } from '../records/RecordListPage.tsx';
import type { RecordLike, RecordTypeConfig } from '../records/types.ts';
import { invoiceConfig, paymentConfig, paymentPlanConfig } from './config.tsx';

const HIDE_GENERIC_CREATE = '.ll-own-create [data-testid="record-create"], .ll-own-create .ant-empty-footer { display: none; }';

function List({ config }: { config: RecordTypeConfig<RecordLike> }) {
  return (
    <div className="ll-own-create">
      <style>{HIDE_GENERIC_CREATE}</style>
      <RecordListPage config={config} />
    </div>
  );
}

export const PaymentListPage = () => <List config={paymentConfig as RecordTypeConfig<RecordLike>} />;
export const PaymentDetailPage = () => <RecordDetailPage config={paymentConfig} />;
export const PlanListPage = () => <List config={paymentPlanConfig as RecordTypeConfig<RecordLike>} />;
export const PlanDetailPage = () => <RecordDetailPage config={paymentPlanConfig} />;
export const InvoiceListPage = () => <List config={invoiceConfig as RecordTypeConfig<RecordLike>} />;
export const InvoiceDetailPage = () => <RecordDetailPage config={invoiceConfig} />;
