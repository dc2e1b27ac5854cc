/** A fresh PostgreSQL database (dropped and created) for one benchmark run, plus latency percentiles. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../../apps/server/src/platform/db/client.ts';

export async function openFreshDatabase(pgUrl: string, dbName: string): Promise<{ db: Database; url: string; dataDir: string; drop: () => Promise<void> }> {
  if (!/^[a-z_][a-z0-9_]*$/.test(dbName)) throw new Error(`bad database name ${dbName}`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `loopline-${dbName}-`));
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const url = new URL(pgUrl);
  url.pathname = `/${dbName}`;
  const drop = async () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await c.end();
  };
  return { db: await openDatabase({ url: url.toString(), dataDir: null, poolSize: 10 }), url: url.toString(), dataDir, drop };
}

/** n, p50, p95 and max of millisecond samples, to 0.1 ms. */
export function latencyStats(xs: number[]): { n: number; p50: number; p95: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))]! * 10) / 10;
  return { n: s.length, p50: q(0.5), p95: q(0.95), max: Math.round(s.at(-1)! * 10) / 10 };
}
