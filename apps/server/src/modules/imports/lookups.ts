/**
 * Resolving names in cells — owners by name or email, departments by name, a contact's customer by
 * name, number or normalised company name — with one query per kind and chunk, not one per row.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { rows } from '../../platform/db/query.ts';
import { normalizeCompanyName } from '../dedupe/normalize.ts';
import { lookupKey, type Lookups } from './convert.ts';

const add = (m: Map<string, string[]>, key: string | null | undefined, id: string) => {
  if (!key) return;
  const k = lookupKey(key);
  const ids = m.get(k) ?? [];
  if (!ids.includes(id)) ids.push(id);
  m.set(k, ids);
};

const list = (values: string[]) => sql`ARRAY[${sql.join(values.map((v) => sql`${v}`), sql`, `)}]::text[]`;

/** Active people by email (unique) or name (may be shared: then the cell is ambiguous). */
async function users(db: Db, tenantId: string, wanted: Set<string>): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!wanted.size) return out;
  const keys = [...wanted].map(lookupKey);
  const found = await rows<{ id: string; name: string; email: string | null }>(db, sql`SELECT id::text AS id, name, email FROM users
    WHERE tenant_id = ${tenantId} AND status = 'active' AND (lower(email) = ANY(${list(keys)}) OR lower(btrim(name)) = ANY(${list(keys)}))`);
  const byEmail = new Map<string, string[]>();
  for (const u of found) {
    add(byEmail, u.email, u.id);
    add(out, u.name, u.id);
  }
  for (const [k, ids] of byEmail) out.set(k, ids); // an email is unambiguous even if someone is named like it
  return out;
}

async function departments(db: Db, tenantId: string, wanted: Set<string>): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!wanted.size) return out;
  const keys = [...wanted].map(lookupKey);
  const found = await rows<{ id: string; name: string }>(db, sql`SELECT id::text AS id, name FROM departments
    WHERE tenant_id = ${tenantId} AND lower(btrim(name)) = ANY(${list(keys)})`);
  for (const d of found) add(out, d.name, d.id);
  return out;
}

/**
 * Live customers by number, exact name, or — when neither matches — the 查重 company-name key, so
 * "华东贸易(中国)有限公司" finds 华东贸易有限公司.
 */
async function customers(db: Db, tenantId: string, wanted: Set<string>): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!wanted.size) return out;
  const texts = [...wanted];
  const norms = texts.map(normalizeCompanyName).filter(Boolean);
  const found = await rows<{ id: string; name: string; number: string | null; name_norm: string | null }>(db, sql`SELECT id::text AS id, name, number, name_norm
    FROM customers WHERE tenant_id = ${tenantId} AND deleted_at IS NULL
      AND (number = ANY(${list(texts)}) OR name = ANY(${list(texts)}) OR name_norm = ANY(${list(norms.length ? norms : [''])}))`);
  for (const text of texts) {
    const exact = found.filter((c) => c.number === text || c.name === text);
    const hits = exact.length ? exact : found.filter((c) => (c.name_norm ?? normalizeCompanyName(c.name)) === normalizeCompanyName(text));
    if (hits.length) out.set(lookupKey(text), [...new Set(hits.map((c) => c.id))]);
  }
  return out;
}

export async function resolveLookups(db: Db, tenantId: string, needs: Record<keyof Lookups, Set<string>>): Promise<Lookups> {
  return {
    users: await users(db, tenantId, needs.users),
    departments: await departments(db, tenantId, needs.departments),
    customers: await customers(db, tenantId, needs.customers),
  };
}
