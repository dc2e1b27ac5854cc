import { RecycleBinPage } from '../records/RecycleBinPage.tsx';
import { customerConfig } from './config.tsx';

/** /customers/recycle-bin: deleted customers, restorable. */
export default function CustomerRecycleBinPage() {
  return <RecycleBinPage config={customerConfig} />;
}
