/**
 * Starts the real Loopline server as a child process for browser tests: a free port, a fresh data
 * directory (embedded PGlite lives there) and, when TEST_DATABASE_URL is set, PostgreSQL instead.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from './paths.ts';

export interface RunningServer {
  baseUrl: string;
  port: number;
  dataDir: string;
  /** Everything the server printed so far; attach it to failures. */
  output: () => string;
  stop: () => Promise<void>;
}

export interface StartServerOptions {
  /** Use PostgreSQL at this URL instead of PGlite. Defaults to process.env.TEST_DATABASE_URL. */
  databaseUrl?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** E2E_SERVER_ENTRY lets the same tests run against another entry point (relative to the repo root). */
const entry = process.env.E2E_SERVER_ENTRY || 'apps/server/src/main.ts';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  if (!existsSync(path.resolve(repoRoot, entry))) {
    throw new Error(`server entry ${entry} does not exist yet (run from the repo, or set E2E_SERVER_ENTRY)`);
  }
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'loopline-e2e-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir, ...options.env };
  const databaseUrl = options.databaseUrl ?? process.env.TEST_DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL; // an inherited DATABASE_URL must not point tests at someone's real database

  let log = '';
  // detached: the server gets its own process group, so stop() also ends the node process that npx/tsx spawn.
  const child = spawn('npx', ['tsx', entry], { cwd: repoRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await killGroup(child, exited);
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForHealth(baseUrl, exited, options.timeoutMs ?? 90_000);
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n--- server output ---\n${log.slice(-4000)}`);
  }
  return { baseUrl, port, dataDir, output: () => log, stop };
}

async function waitForHealth(baseUrl: string, exited: Promise<number | null>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code ?? -1));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`server exited with code ${exitCode} before it was healthy`);
    try {
      const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not answer 200 on /api/health within ${timeoutMs} ms`);
}

async function killGroup(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig); // negative pid: the group this test created, nothing else
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
