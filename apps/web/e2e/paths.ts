import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const webRoot = fileURLToPath(new URL('..', import.meta.url));
export const repoRoot = path.resolve(webRoot, '../..');
export const screenshotDir = path.join(webRoot, 'e2e', '__screenshots__');
