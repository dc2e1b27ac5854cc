import { RecordListPage } from '../records/RecordListPage.tsx';
import { contractConfig } from './config.tsx';

/** /contracts: the record framework's list, configured for contracts. */
export default function ContractListPage() {
  return <RecordListPage config={contractConfig} />;
}
