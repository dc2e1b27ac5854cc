import { RecycleBinPage } from '../records/RecycleBinPage.tsx';
import { quoteConfig } from './config.tsx';

/** /quotes/recycle-bin: deleted quotes, restorable. */
export default function QuoteRecycleBinPage() {
  return <RecycleBinPage config={quoteConfig} />;
}
