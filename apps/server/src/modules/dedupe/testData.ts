/** Test fixture: leads, customers and contacts written straight to the tables, keys as every writer stores them. */
import { contacts } from '../contacts/schema.ts';
import { customers } from '../customers/schema.ts';
import { leads } from '../leads/schema.ts';
import type { Db } from '../../platform/db/client.ts';
import { dedupeKeys } from './service.ts';

type Values = Record<string, unknown>;
let seq = 0;
const num = (prefix: string) => `${prefix}T${String(++seq).padStart(6, '0')}`;

export async function insertLead(db: Db, tenantId: string, v: Values & { name: string }): Promise<string> {
  const k = dedupeKeys({ mobile: v.mobile, phone: v.phone, email: v.email, company: v.company });
  const [row] = await db.insert(leads).values({
    tenantId, number: num('XS'), ...v, mobileNorm: k.mobileNorm, emailNorm: k.emailNorm, companyNorm: k.companyNorm,
  } as typeof leads.$inferInsert).returning({ id: leads.id });
  return row!.id;
}

export async function insertCustomer(db: Db, tenantId: string, v: Values & { name: string }): Promise<string> {
  const k = dedupeKeys({ phone: v.phone, email: v.email, company: v.name });
  const [row] = await db.insert(customers).values({
    tenantId, number: num('KH'), ...v, phoneNorm: k.mobileNorm, emailNorm: k.emailNorm, nameNorm: k.companyNorm,
  } as typeof customers.$inferInsert).returning({ id: customers.id });
  return row!.id;
}

export async function insertContact(db: Db, tenantId: string, v: Values & { name: string }): Promise<string> {
  const k = dedupeKeys({ mobile: v.mobile, phone: v.phone, email: v.email });
  const [row] = await db.insert(contacts).values({
    tenantId, number: num('LXR'), ...v, mobileNorm: k.mobileNorm, emailNorm: k.emailNorm,
  } as typeof contacts.$inferInsert).returning({ id: contacts.id });
  return row!.id;
}
