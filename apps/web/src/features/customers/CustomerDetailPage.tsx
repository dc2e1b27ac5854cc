import { RecordDetailPage } from '../records/RecordDetailPage.tsx';
import { customerConfig } from './config.tsx';

/** /customers/:id: header, key fields, details, timeline and files. Contacts and deals join as extraTabs when those modules exist. */
export default function CustomerDetailPage() {
  return <RecordDetailPage config={customerConfig} />;
}
