import { RecycleBinPage } from '../records/RecycleBinPage.tsx';
import { productConfigAll } from './config.tsx';

/** /products/recycle-bin: deleted products, restorable (409 when a live product has taken the code). */
export default function ProductRecycleBinPage() {
  return <RecycleBinPage config={productConfigAll} />;
}
