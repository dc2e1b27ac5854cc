import { DEFAULT_PRINT_TEMPLATES, PRINT_RECORD_TYPES } from '@loopline/shared';
import type { Db } from '../../platform/db/client.ts';
import type { DemoOrg } from '../demo/seed.ts';
import { printTemplates } from './schema.ts';

/**
 * The demo organization's print templates: the built-in one of each printable type, saved as its
 * default so an admin can open and edit them at /settings/print-templates, plus a compact receipt.
 */
export async function seedDemoPrintTemplates(db: Db, org: DemoOrg): Promise<void> {
  const createdBy = org.usersByKey.admin ?? null;
  await db.insert(printTemplates).values([
    ...PRINT_RECORD_TYPES.map((recordType) => ({
      tenantId: org.tenantId, recordType, name: DEFAULT_PRINT_TEMPLATES[recordType].name, body: DEFAULT_PRINT_TEMPLATES[recordType].body,
      isDefault: true, createdBy,
    })),
    {
      tenantId: org.tenantId, recordType: 'payment' as const, name: '简版收据（A5 横向）', pageSize: 'A5' as const, orientation: 'landscape' as const,
      isDefault: false, createdBy,
      body: `<h2 align="center">收款收据</h2>
<p>今收到 <b>{{customerName}}</b> 交来 {{contractName}} 款项</p>
<p>人民币（大写）<u>{{amountUpper}}</u>　　¥ <b>{{amount}}</b></p>
<p>付款方式：{{method}}　　收款日期：{{paidOn}}　　编号：{{number}}</p>
<div align="right"><p>{{org.name}}（盖章）</p></div>`,
    },
  ]);
}
