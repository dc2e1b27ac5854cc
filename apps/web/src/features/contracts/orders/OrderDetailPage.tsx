import { RecordDetailPage } from '../../records/RecordDetailPage.tsx';
import { orderConfig } from './config.tsx';

/** /orders/:id: header, lines with delivered quantities, the 发货 dialog and the shipments. */
export default function OrderDetailPage() {
  return <RecordDetailPage config={orderConfig} />;
}
