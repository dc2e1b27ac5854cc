import type { Db } from '../../platform/db/client.ts';
import type { DemoOrg } from '../demo/seed.ts';

// PLACEHOLDER: the demo organization's records of this module.
export async function seedDemoOpportunities(_db: Db, _org: DemoOrg): Promise<void> {}
