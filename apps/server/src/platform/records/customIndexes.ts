import crypto from 'node:crypto';
import type { Database } from '../db/client.ts';
import { CUSTOM_KIND, customIndexExpression } from './catalog.ts';
import { CUSTOM_KEY_RE } from './customValues.ts';
import type { RecordTypeDef } from './registry.ts';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Field types an index helps: everything with a filter kind. */
export function indexable(type: string): boolean {
  return (CUSTOM_KIND[type] ?? null) !== null;
}

/** cf_<table>_<hash of tenant, key, type>: stable, ≤ 63 bytes, unique per tenant and field. */
export function customIndexName(def: RecordTypeDef, tenantId: string, key: string, type: string): string {
  const hash = crypto.createHash('sha256').update(`${tenantId}:${key}:${type}`).digest('hex').slice(0, 16);
  return `cf_${def.tableName}_${hash}`;
}

/**
 * Creates the partial expression index of one tenant's custom field. Runs on the table owner's
 * connection because the app role may not create indexes, and outside any transaction: on
 * PostgreSQL CONCURRENTLY keeps the table writable during the build (and cannot run in a
 * transaction block); PGlite has no concurrency, so a plain build. Every interpolated part is
 * validated: the table name is a code constant, the key matches CUSTOM_KEY_RE, the tenant is a
 * UUID from the session. Never call this inside a tenant transaction on PGlite (one connection).
 */
export async function createCustomIndex(database: Database, def: RecordTypeDef, tenantId: string, key: string, type: string): Promise<string> {
  if (!CUSTOM_KEY_RE.test(key) || !UUID_RE.test(tenantId) || !indexable(type)) throw new Error('refusing to build an index from unchecked input');
  const name = customIndexName(def, tenantId, key, type);
  const expr = customIndexExpression(key, type);
  const concurrently = database.kind === 'postgres' ? 'CONCURRENTLY ' : '';
  // A failed concurrent build leaves an INVALID index behind; drop it first so IF NOT EXISTS cannot keep it.
  const existing = await database.owner.query<{ valid: boolean }>(
    `SELECT i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = $1`,
    [name],
  );
  if (existing.rows[0]?.valid) return name;
  if (existing.rows.length) await database.owner.query(`DROP INDEX ${concurrently}IF EXISTS ${name}`);
  const columns = CUSTOM_KIND[type] === 'multiselect' ? `USING gin ((${expr}) jsonb_path_ops)` : `(tenant_id, (${expr}))`;
  await database.owner.query(`CREATE INDEX ${concurrently}IF NOT EXISTS ${name} ON ${def.tableName} ${columns} WHERE tenant_id = '${tenantId.toLowerCase()}'`);
  return name;
}

export async function dropCustomIndex(database: Database, indexName: string | null): Promise<void> {
  if (!indexName) return;
  if (!/^cf_[a-z_]+_[0-9a-f]{16}$/.test(indexName)) throw new Error('refusing to drop an index not created here');
  await database.owner.query(`DROP INDEX ${database.kind === 'postgres' ? 'CONCURRENTLY ' : ''}IF EXISTS ${indexName}`);
}
