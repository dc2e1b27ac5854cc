import { RecycleBinPage } from '../records/RecycleBinPage.tsx';
import { leadConfig } from './config.tsx';

/** /leads/recycle-bin: deleted leads, restorable. */
export default function LeadRecycleBinPage() {
  return <RecycleBinPage config={leadConfig} />;
}
