import { RecycleBinPage } from '../records/RecycleBinPage.tsx';
import { contractConfig } from './config.tsx';

/** /contracts/recycle-bin: deleted contracts, restorable. */
export default function ContractRecycleBinPage() {
  return <RecycleBinPage config={contractConfig} />;
}
