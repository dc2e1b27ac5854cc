import { RecordListPage } from '../records/RecordListPage.tsx';
import { contactConfig } from './config.tsx';

/** /contacts: the record framework's list, configured for contacts. */
export default function ContactListPage() {
  return <RecordListPage config={contactConfig} />;
}
