import { RecordDetailPage } from '../records/RecordDetailPage.tsx';
import { contactConfig } from './config.tsx';

/** /contacts/:id: header with the customer link and decision-chain tags, details, timeline, files. */
export default function ContactDetailPage() {
  return <RecordDetailPage config={contactConfig} />;
}
