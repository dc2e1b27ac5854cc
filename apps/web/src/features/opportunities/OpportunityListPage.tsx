import { RecordListPage } from '../records/RecordListPage.tsx';
import { opportunityConfig } from './config.tsx';

/** /opportunities: the record framework's list, with the list / board switch. */
export default function OpportunityListPage() {
  return <RecordListPage config={opportunityConfig} />;
}
