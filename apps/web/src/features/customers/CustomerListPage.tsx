import { RecordListPage } from '../records/RecordListPage.tsx';
import { customerConfig } from './config.tsx';

/** /customers: the record framework's list, configured for customers. */
export default function CustomerListPage() {
  return <RecordListPage config={customerConfig} />;
}
