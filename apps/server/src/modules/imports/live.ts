/**
 * Imports running in this process: their progress and abort flags, in memory.
 *
 * The import's records are written in one transaction. On PostgreSQL, progress is also written to
 * the imports row through another connection, so any instance can answer GET /imports/:id. PGlite
 * has one connection, which the import transaction holds until it commits: every other query —
 * including the session look-up of GET /imports/:id — waits. So the browser watches a running
 * import through GET /imports/:id/progress with the watch token POST /imports/:id/run handed it:
 * a route that answers from this memory without touching the database.
 */
import crypto from 'node:crypto';

/** The pg-boss queue of import runs (run.ts works it). */
export const IMPORT_JOB = 'imports.run';

export interface LiveImport { tenantId: string; importId: string; done: number; total: number; abort: boolean; tokenHash: string | null }

const running = new Map<string, LiveImport>();

export const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');
export const newWatchToken = () => crypto.randomBytes(24).toString('base64url');

export function startLive(tenantId: string, importId: string, total: number, tokenHash: string | null): LiveImport {
  const entry: LiveImport = { tenantId, importId, done: 0, total, abort: false, tokenHash };
  running.set(importId, entry);
  return entry;
}

export function liveImport(importId: string): LiveImport | undefined {
  return running.get(importId);
}

export function endLive(importId: string, entry: LiveImport): void {
  if (running.get(importId) === entry) running.delete(importId);
}

/** Constant-time token check against the stored hash. */
export function tokenMatches(token: string | undefined, hash: string | null): boolean {
  if (!token || !hash) return false;
  const a = Buffer.from(hashToken(token));
  const b = Buffer.from(hash);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}
