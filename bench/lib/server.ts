/** The real server as a child process (`node --import tsx apps/server/src/main.ts`), with the probe preloaded. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT, env } from './env.ts';
import type { CapturedQuery } from './server-probe.ts';

export interface EventLoopDelay {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export class ServerProcess {
  private nextId = 1;
  private waiting = new Map<number, (data: unknown) => void>();
  private stderrTail: string[] = [];
  readonly baseUrl: string;

  private constructor(private child: ChildProcess, port: number) {
    this.baseUrl = `http://127.0.0.1:${port}`;
    child.on('message', (m: { id: number; data: unknown }) => {
      this.waiting.get(m.id)?.(m.data);
      this.waiting.delete(m.id);
    });
    const keep = (chunk: Buffer) => {
      this.stderrTail.push(chunk.toString());
      if (this.stderrTail.length > 50) this.stderrTail.shift();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  get pid(): number {
    return this.child.pid!;
  }

  static async start(opts: { databaseUrl?: string; dataDir?: string; extraEnv?: Record<string, string> }): Promise<ServerProcess> {
    const childEnv: NodeJS.ProcessEnv = { ...process.env };
    for (const k of ['DATABASE_URL', 'DATA_DIR', 'INIT_CWD', 'BENCH_PGLITE_YIELD']) delete childEnv[k];
    Object.assign(childEnv, {
      PORT: String(env.port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      JOBS_ENABLED: 'false',
      NODE_ENV: 'production',
      ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}),
      ...(opts.dataDir ? { DATA_DIR: opts.dataDir } : {}),
      ...opts.extraEnv,
    });
    const probe = pathToFileURL(path.join(REPO_ROOT, 'bench/lib/server-probe.ts')).href;
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', probe, 'src/main.ts'], {
      cwd: path.join(REPO_ROOT, 'apps/server'),
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const server = new ServerProcess(child, env.port);
    let exited: string | null = null;
    child.on('exit', (code, signal) => {
      exited = `exit code ${code} signal ${signal}`;
    });
    const deadline = Date.now() + 180_000;
    for (;;) {
      if (exited) throw new Error(`server exited during start-up (${exited}):\n${server.stderrTail.join('')}`);
      try {
        const res = await fetch(`${server.baseUrl}/api/health`);
        if (res.ok) break;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) throw new Error(`server did not become healthy:\n${server.stderrTail.join('')}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    return server;
  }

  private ask<T>(cmd: string): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`probe did not answer ${cmd}`)), 30_000);
      this.waiting.set(id, (d) => {
        clearTimeout(timer);
        resolve(d as T);
      });
      this.child.send({ id, cmd });
    });
  }

  /** Event-loop delay since the previous call (the histogram is reset on every read). */
  eventLoopDelay(): Promise<EventLoopDelay> {
    return this.ask('eld');
  }

  memory(): Promise<NodeJS.MemoryUsage & { maxRssKb: number }> {
    return this.ask('memory');
  }

  /** Runs fn and returns the SQL the server sent meanwhile. */
  async capture(fn: () => Promise<void>): Promise<CapturedQuery[]> {
    await this.ask('captureStart');
    await fn();
    return this.ask('captureStop');
  }

  /** Current and peak resident set (kB) from /proc; resetPeak() starts a new peak window. */
  rss(): { rssKb: number; hwmKb: number } {
    const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
  }

  resetPeak(): void {
    try {
      fs.writeFileSync(`/proc/${this.pid}/clear_refs`, '5'); // 5 = reset VmHWM to the current RSS
    } catch {
      /* not permitted: the peak then covers the whole process life */
    }
  }

  /** Logs in through the API and returns the Cookie header to send. */
  async login(identifier: string, password: string): Promise<string> {
    const res = await fetch(`${this.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identifier, password }),
    });
    if (!res.ok) throw new Error(`login ${identifier} failed: ${res.status} ${await res.text()}`);
    return res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .join('; ');
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const done = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 40_000);
    await done;
    clearTimeout(timer);
  }
}
