import { RecordListPage } from '../../records/RecordListPage.tsx';
import { orderConfig } from './config.tsx';

/** /orders: the record framework's list, configured for orders. */
export default function OrderListPage() {
  return <RecordListPage config={orderConfig} />;
}
