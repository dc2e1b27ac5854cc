import { RecordDetailPage } from '../records/RecordDetailPage.tsx';
import { contractConfig } from './config.tsx';

/** /contracts/:id: header with approval and actions, amounts with progress, lines, orders, approval path, timeline, files. */
export default function ContractDetailPage() {
  return <RecordDetailPage config={contractConfig} />;
}
