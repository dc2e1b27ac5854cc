import { RecycleBinPage } from '../records/RecycleBinPage.tsx';
import { opportunityConfig } from './config.tsx';

/** /opportunities/recycle-bin: deleted opportunities, restorable. */
export default function OpportunityRecycleBinPage() {
  return <RecycleBinPage config={opportunityConfig} />;
}
