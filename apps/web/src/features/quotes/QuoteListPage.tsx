import { RecordListPage } from '../records/RecordListPage.tsx';
import { quoteConfig } from './config.tsx';

/** /quotes: the record framework's list, configured for quotes. */
export default function QuoteListPage() {
  return <RecordListPage config={quoteConfig} />;
}
