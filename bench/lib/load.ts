/** Load generators: autocannon against the HTTP API, and a plain-driver loop for raw SQL. */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import autocannon from 'autocannon';
import type { ServerProcess, EventLoopDelay } from './server.ts';

export interface LatencyStats {
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function stats(latencies: number[], seconds: number): LatencyStats {
  const xs = Float64Array.from(latencies).sort();
  const q = (p: number) => (xs.length ? xs[Math.min(xs.length - 1, Math.max(0, Math.ceil((p / 100) * xs.length) - 1))]! : NaN);
  const r2 = (x: number) => +x.toFixed(2);
  const mean = xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
  return { requests: xs.length, rps: +(xs.length / seconds).toFixed(1), p50: r2(q(50)), p95: r2(q(95)), p99: r2(q(99)), max: r2(q(100)), mean: r2(mean) };
}

/** Machine-wide CPU time (all cores) and this process's, in clock ticks, from /proc. */
function cpuTicks(pid: number): { total: number; idle: number; proc: number } {
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = cpu[3]! + (cpu[4] ?? 0);
  const total = cpu.reduce((a, b) => a + b, 0);
  let proc = 0;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    proc = Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    /* gone */
  }
  return { total, idle, proc };
}

const TICK_MS = 10; // USER_HZ = 100 on Linux

function procTicks(pid: number | string): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return 0;
  }
}

/** CPU ticks of the PostgreSQL backends connected to `database` (their command line names it). */
export function postgresTicks(database: string): number {
  let sum = 0;
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let cmd = '';
    try {
      cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (cmd.startsWith('postgres:') && cmd.includes(` ${database} `)) sum += procTicks(pid);
  }
  return sum;
}

/** CPU milliseconds used by the server process, the database backends and this process (the load generator) per request. */
export interface CpuCost {
  serverMs: number;
  postgresMs: number;
  loadgenMs: number;
}

export function cpuCost(before: { server: number; pg: number; self: NodeJS.CpuUsage }, after: { server: number; pg: number; self: NodeJS.CpuUsage }, requests: number): CpuCost {
  const per = (x: number) => +(x / Math.max(1, requests)).toFixed(3);
  const selfUs = after.self.user + after.self.system - before.self.user - before.self.system;
  return { serverMs: per((after.server - before.server) * TICK_MS), postgresMs: per((after.pg - before.pg) * TICK_MS), loadgenMs: per(selfUs / 1000) };
}

export interface CpuShare {
  /** machine busy, % of all cores */
  machineBusyPct: number;
  /** the server process, % of one core */
  serverPct: number;
  /** 1-minute load average at the end of the run (other people's work shows up here) */
  loadavg: number;
}

export interface HttpResult extends LatencyStats {
  cpu: CpuShare;
  /** CPU time per request — independent of what else runs on the machine */
  cost: CpuCost;
  non2xx: number;
  errors: number;
  peakRssMb: number;
  avgRssMb: number;
  eventLoop: EventLoopDelay;
  /** latency of a request that needs no database (401 on an unknown /api path), sampled every 50 ms during the load */
  probe: LatencyStats;
}

function run(opts: autocannon.Options, onLatency?: (ms: number, status: number) => void): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const inst = autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
    if (onLatency) inst.on('response', (_client, status, _bytes, responseTime) => onLatency(responseTime, status));
  });
}

/** Probes the server's responsiveness with requests that never touch the database. */
function startProbe(baseUrl: string): { stop: () => number[] } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const samples: number[] = [];
  let stopped = false;
  const once = () =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = http.get(`${baseUrl}/api/__bench_probe`, { agent }, (res) => {
        res.resume();
        res.on('end', () => {
          samples.push(performance.now() - t0);
          resolve();
        });
      });
      req.on('error', () => resolve());
    });
  void (async () => {
    while (!stopped) {
      await once();
      await new Promise((r) => setTimeout(r, 50));
    }
    agent.destroy();
  })();
  return {
    stop: () => {
      stopped = true;
      return samples;
    },
  };
}

/**
 * Waits until requests autocannon abandoned at the end of a run have finished in the server (PGlite
 * keeps executing its queue), so they neither pollute the next capture nor load the next scenario.
 */
export async function drain(server: ServerProcess, maxSeconds = 180): Promise<void> {
  const end = Date.now() + maxSeconds * 1000;
  let quick = 0;
  while (Date.now() < end && quick < 2) {
    const t0 = performance.now();
    await fetch(`${server.baseUrl}/api/health`).then((r) => r.text()).catch(() => '');
    quick = performance.now() - t0 < 100 ? quick + 1 : 0;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Warm-up, then a measured autocannon run with RSS sampling, event-loop delay and a no-DB probe. */
export async function httpLoad(server: ServerProcess, path: string, cookie: string, o: { connections: number; duration: number; warmup: number; pgDatabase?: string }): Promise<HttpResult> {
  const url = `${server.baseUrl}${path}`;
  // Generous timeout: report slow requests as slow, not as errors (PGlite queues can reach seconds).
  const base = { url, connections: o.connections, timeout: 120, headers: { cookie, accept: 'application/json' } };
  if (o.warmup > 0) {
    await run({ ...base, duration: o.warmup });
    await drain(server);
  }
  server.resetPeak();
  await server.eventLoopDelay(); // resets the histogram
  const rssSamples: number[] = [];
  const sampler = setInterval(() => rssSamples.push(server.rss().rssKb), 200);
  const probe = startProbe(server.baseUrl);
  const latencies: number[] = [];
  let non2xx = 0;
  const c0 = cpuTicks(server.pid);
  const k0 = { server: procTicks(server.pid), pg: o.pgDatabase ? postgresTicks(o.pgDatabase) : 0, self: process.cpuUsage() };
  const t0 = performance.now();
  const result = await run({ ...base, duration: o.duration }, (ms, status) => {
    latencies.push(ms);
    if (status < 200 || status >= 300) non2xx++;
  });
  const seconds = (performance.now() - t0) / 1000;
  const c1 = cpuTicks(server.pid);
  const k1 = { server: procTicks(server.pid), pg: o.pgDatabase ? postgresTicks(o.pgDatabase) : 0, self: process.cpuUsage() };
  const ticksPerCore = (c1.total - c0.total) / os.availableParallelism();
  const cpu: CpuShare = {
    machineBusyPct: Math.round((100 * (c1.total - c0.total - (c1.idle - c0.idle))) / Math.max(1, c1.total - c0.total)),
    serverPct: Math.round((100 * (c1.proc - c0.proc)) / Math.max(1, ticksPerCore)),
    loadavg: +os.loadavg()[0]!.toFixed(1),
  };
  clearInterval(sampler);
  const probeSamples = probe.stop();
  const eventLoop = await server.eventLoopDelay();
  const { hwmKb } = server.rss();
  await drain(server);
  const avg = rssSamples.length ? rssSamples.reduce((a, b) => a + b, 0) / rssSamples.length : 0;
  return {
    ...stats(latencies, seconds),
    cpu,
    cost: cpuCost(k0, k1, latencies.length),
    non2xx,
    errors: result.errors + result.timeouts,
    peakRssMb: Math.round(Math.max(hwmKb, ...rssSamples) / 1024),
    avgRssMb: Math.round(avg / 1024),
    eventLoop,
    probe: stats(probeSamples, seconds),
  };
}

/**
 * `concurrency` callers, each running `iteration` back to back for `duration` seconds; latency is
 * one whole iteration (page query + count query).
 */
export async function rawLoad(workers: (() => Promise<void>)[], duration: number): Promise<LatencyStats> {
  const latencies: number[] = [];
  const end = performance.now() + duration * 1000;
  const t0 = performance.now();
  await Promise.all(
    workers.map(async (iteration) => {
      while (performance.now() < end) {
        const s = performance.now();
        await iteration();
        latencies.push(performance.now() - s);
      }
    }),
  );
  return stats(latencies, (performance.now() - t0) / 1000);
}
