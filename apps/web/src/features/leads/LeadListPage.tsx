import { RecordListPage } from '../records/RecordListPage.tsx';
import { leadConfig } from './config.tsx';

/** /leads: the record framework's list, configured for leads (bulk status, recycle bin, owner choice on create). */
export default function LeadListPage() {
  return <RecordListPage config={leadConfig} />;
}
