import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Database, RawQuery } from './client.ts';

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../../migrations');
const LOCK_KEY = 727_001; // any constant: several instances starting together apply migrations once

export function migrationFiles(): string[] {
  return fs.readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort();
}

/** Applies committed SQL migrations in order, each in its own transaction, under an advisory lock. */
export async function migrate(db: Database): Promise<string[]> {
  if (db.kind === 'postgres') {
    // Session-level advisory lock: lock, migrate and unlock on one dedicated connection.
    const client = new pg.Client({ connectionString: db.connectionString });
    await client.connect();
    try {
      return await migrateWith(db, client as unknown as RawQuery);
    } finally {
      await client.end();
    }
  }
  return migrateWith(db, db.owner);
}

async function migrateWith(db: Database, q: RawQuery): Promise<string[]> {
  await q.query(`CREATE TABLE IF NOT EXISTS _migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied: string[] = [];
  if (db.kind === 'postgres') await q.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
  try {
    const done = new Set((await q.query<{ name: string }>('SELECT name FROM _migrations')).rows.map((r) => r.name));
    for (const file of migrationFiles()) {
      if (done.has(file)) continue;
      const sqlText = fs.readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8');
      await runInTransaction(db, q, sqlText, file);
      applied.push(file);
    }
  } finally {
    if (db.kind === 'postgres') await q.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
  }
  return applied;
}

async function runInTransaction(db: Database, q: RawQuery, sqlText: string, file: string): Promise<void> {
  if (db.pglite) {
    await db.pglite.transaction(async (tx) => {
      await tx.exec(sqlText);
      await tx.query('INSERT INTO _migrations (name) VALUES ($1)', [file]);
    });
    return;
  }
  // Simple-protocol multi-statement text runs as one implicit transaction block when wrapped.
  await q.query(`BEGIN;\n${sqlText}\n;INSERT INTO _migrations (name) VALUES ('${file.replace(/'/g, "''")}');\nCOMMIT;`).catch(async (err) => {
    await q.query('ROLLBACK').catch(() => undefined);
    throw new Error(`migration ${file} failed: ${(err as Error).message}`);
  });
}

export async function pendingMigrations(db: Database): Promise<string[]> {
  const done = new Set(
    (await db.owner.query<{ name: string }>('SELECT name FROM _migrations').catch(() => ({ rows: [] as { name: string }[] }))).rows.map((r) => r.name),
  );
  return migrationFiles().filter((f) => !done.has(f));
}
