import { RecordDetailPage } from '../records/RecordDetailPage.tsx';
import { customerConfig } from './config.tsx';

/** /customers/:id — the customer 360: header with lock and summary facts, details, timeline, files, contacts, source leads, team; later modules add tabs through customerConfig.detailTabs. */
export default function CustomerDetailPage() {
  return <RecordDetailPage config={customerConfig} />;
}
