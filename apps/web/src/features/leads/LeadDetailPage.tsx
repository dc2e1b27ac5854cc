import { RecordDetailPage } from '../records/RecordDetailPage.tsx';
import { leadConfig } from './config.tsx';

/** /leads/:id: status actions and convert in the header, where a converted lead went, timeline and files. */
export default function LeadDetailPage() {
  return <RecordDetailPage config={leadConfig} />;
}
