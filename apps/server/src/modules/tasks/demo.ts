import type { Db } from '../../platform/db/client.ts';
import type { DemoOrg } from '../demo/seed.ts';

/** Demo records of this module. PLACEHOLDER: module owner fills it. */
export async function seedDemoTasks(_db: Db, _org: DemoOrg): Promise<void> {}
