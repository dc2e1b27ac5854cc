import { RecycleBinPage } from '../records/RecycleBinPage.tsx';
import { contactConfig } from './config.tsx';

/** /contacts/recycle-bin: deleted contacts, restorable. */
export default function ContactRecycleBinPage() {
  return <RecycleBinPage config={contactConfig} />;
}
