import { RecordDetailPage } from '../records/RecordDetailPage.tsx';
import { opportunityConfig } from './config.tsx';

/** /opportunities/:id: header with stage actions, details, stage history, approvals, timeline, files. */
export default function OpportunityDetailPage() {
  return <RecordDetailPage config={opportunityConfig} />;
}
