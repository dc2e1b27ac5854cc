// Checks of a batch's rows that need the database, each done once for the whole batch (not per
// row): owners and custom-field references exist, unique custom values are free.
import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { rows } from '../../platform/db/query.ts';
import type { RowIssue } from '../../platform/records/batch.ts';
import type { CustomFieldDef } from '../../platform/records/customValues.ts';
import type { AcceptedRow } from './rows.ts';

type Reject = (index: number, errors: RowIssue[]) => void;
const list = (ids: string[]) => sql.join(ids.map((id) => sql`${id}`), sql`, `);
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function existing(tx: Db, table: 'users' | 'departments' | 'files', tenantId: string, ids: Set<string>, activeOnly = false): Promise<Set<string>> {
  const wanted = [...ids].filter((id) => UUID_RE.test(id));
  if (!wanted.length) return new Set();
  const found = await rows<{ id: string }>(tx, sql`SELECT id::text AS id FROM ${sql.identifier(table)}
    WHERE tenant_id = ${tenantId} AND id IN (${list(wanted)}) ${activeOnly ? sql`AND status = 'active'` : sql``}`);
  return new Set(found.map((r) => r.id.toLowerCase()));
}

const REF_TABLE = { user: 'users', department: 'departments', attachment: 'files' } as const;

/** Explicit owners must be active people of the tenant; user/department/file custom values must exist. */
export async function checkReferences(tx: Db, tenantId: string, defs: CustomFieldDef[], accepted: AcceptedRow[], reject: Reject): Promise<AcceptedRow[]> {
  const owners = new Set(accepted.map((r) => r.values.ownerId?.toLowerCase()).filter((x): x is string => Boolean(x)));
  const refs = { users: new Set<string>(), departments: new Set<string>(), files: new Set<string>() };
  for (const r of accepted) {
    for (const id of r.custom.refs.users) refs.users.add(id.toLowerCase());
    for (const id of r.custom.refs.departments) refs.departments.add(id.toLowerCase());
    for (const id of r.custom.refs.files) refs.files.add(id.toLowerCase());
  }
  if (!owners.size && !refs.users.size && !refs.departments.size && !refs.files.size) return accepted;
  const have = {
    owners: await existing(tx, 'users', tenantId, owners, true),
    users: await existing(tx, 'users', tenantId, refs.users),
    departments: await existing(tx, 'departments', tenantId, refs.departments),
    files: await existing(tx, 'files', tenantId, refs.files),
  };
  const typeOf = new Map(defs.map((d) => [d.key, d.type]));
  return accepted.filter((r) => {
    const errors: RowIssue[] = [];
    if (r.values.ownerId && !have.owners.has(r.values.ownerId.toLowerCase())) errors.push({ field: 'ownerId', message: 'no such active user' });
    for (const [key, value] of Object.entries(r.custom.values)) {
      const type = typeOf.get(key) as keyof typeof REF_TABLE | undefined;
      if (!type || !(type in REF_TABLE) || value === null) continue;
      const set = have[REF_TABLE[type]];
      const ids = (Array.isArray(value) ? value : [value]) as string[];
      if (ids.some((id) => !set.has(String(id).toLowerCase()))) errors.push({ field: `custom.${key}`, message: `refers to a ${type === 'attachment' ? 'file' : type} that does not exist` });
    }
    if (errors.length) reject(r.index, errors);
    return errors.length === 0;
  });
}

/**
 * Unique custom values: free in the tenant and not repeated within the batch. Each value takes a
 * transaction-scoped advisory lock (the same key customFields.checkCustomInput uses), so a
 * concurrent single create cannot take it between the check and the insert.
 */
export async function checkUniqueValues(tx: Db, tenantId: string, accepted: AcceptedRow[], reject: Reject): Promise<AcceptedRow[]> {
  if (!accepted.some((r) => r.custom.unique.length)) return accepted;
  const taken = new Set<string>();
  const out: AcceptedRow[] = [];
  for (const r of accepted) {
    const errors: RowIssue[] = [];
    const slots: string[] = [];
    for (const { def, value } of r.custom.unique) {
      const json = JSON.stringify(value);
      const slot = `${def.key}:${json}`;
      let used = taken.has(slot);
      if (!used) {
        await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`${tenantId}:lead:${def.key}:${json}`}))`);
        used = (await rows(tx, sql`SELECT 1 AS x FROM leads WHERE tenant_id = ${tenantId} AND deleted_at IS NULL AND custom->${def.key} = ${json}::jsonb LIMIT 1`)).length > 0;
      }
      if (used) errors.push({ field: `custom.${def.key}`, message: 'already used by another record' });
      else slots.push(slot);
    }
    if (errors.length) reject(r.index, errors);
    else {
      for (const slot of slots) taken.add(slot);
      out.push(r);
    }
  }
  return out;
}
