import { RecordDetailPage } from '../records/RecordDetailPage.tsx';
import { quoteConfig } from './config.tsx';

/** /quotes/:id: header with status actions, totals, lines, approval path, timeline. */
export default function QuoteDetailPage() {
  return <RecordDetailPage config={quoteConfig} />;
}
