/** Markdown tables of a run (pasted into docs/benchmarks.md). */
import type { DbResult } from '../list-bench.ts';

interface Report {
  date: string;
  machine: { nproc: number; cpu: string; memGb: number; node: string; postgresServer: string };
  knobs: { duration: number; connections: number };
  totalSeconds: number;
  results: DbResult[];
}

const f = (x: number | undefined, d = 1) => (x === undefined || Number.isNaN(x) ? '—' : x.toFixed(d));
const n = (x: number) => x.toLocaleString('en-US');

export function renderMarkdown(r: Report): string {
  const lines: string[] = [];
  lines.push(`Run of ${r.date.slice(0, 16).replace('T', ' ')} UTC — ${r.machine.nproc} × ${r.machine.cpu}, ${r.machine.memGb} GB, Node ${r.machine.node}, PostgreSQL ${r.machine.postgresServer}; ${r.knobs.connections} connections, ${r.knobs.duration} s per scenario; whole run ${Math.round(r.totalSeconds / 60)} min.`);
  for (const db of r.results) {
    lines.push('', `### ${db.kind === 'postgres' ? 'PostgreSQL' : 'PGlite'} — ${n(db.customers)} customers (big tenant ${n(db.bigRows)}), table + indexes ${db.tableMb ?? '?'} MB, server idle RSS ${db.idleRssMb} MB${db.extraSql.length ? `, with ${db.extraSql.join(', ')}` : ''}`, '');
    lines.push('| scenario | rows in tenant | matching | API p50 / p95 / p99 ms | API req/s | raw p50 / p95 ms (10 callers) | raw req/s | raw 1 caller p50 ms | API/raw p50 | API/raw p95 | peak RSS MB |');
    lines.push('|---|---:|---:|---|---:|---|---:|---:|---:|---:|---:|');
    for (const s of db.scenarios) {
      const a = s.api;
      lines.push(
        `| ${s.id} | ${n(s.rows)} | ${s.total !== undefined ? n(s.total) : s.hasMore ? '(hasMore)' : '—'} | ${f(a.p50)} / ${f(a.p95)} / ${f(a.p99)} | ${f(a.rps, 0)} | ${f(s.raw?.p50)} / ${f(s.raw?.p95)} | ${f(s.raw?.rps, 0)} | ${f(s.raw1?.p50, 2)}${s.raw1NoRls ? ` (no RLS ${f(s.raw1NoRls.p50, 2)})` : ''} | ${f(s.ratioP50, 2)} | ${f(s.ratioP95, 2)} | ${a.peakRssMb} |`,
      );
    }
    // PGlite runs SQL and JavaScript on the server's one main thread: its ceiling is one core.
    const cores = db.kind === 'pglite' ? 1 : r.machine.nproc;
    lines.push('', `| scenario | API CPU ms/request: server + database | raw CPU ms/iteration (database + driver) | CPU-bound ceiling on ${cores} idle core${cores > 1 ? 's' : ''} (API) |`, '|---|---|---|---:|');
    for (const s of db.scenarios) {
      const c = s.api.cost;
      const per = c.serverMs + c.postgresMs;
      const raw = s.raw?.cost;
      lines.push(`| ${s.id} | ${f(c.serverMs, 2)} + ${f(c.postgresMs, 2)} = ${f(per, 2)} | ${raw ? `${f(raw.postgresMs, 2)} + ${f(raw.loadgenMs, 2)}` : '—'} | ${per > 0 ? `${f((cores * 1000) / per, 0)} req/s` : '—'} |`);
    }
    lines.push('', '| scenario | event-loop delay p50 / p99 / max ms | no-DB probe p50 / p99 / max ms | non-2xx / errors | CPU: machine busy, server (% of a core), load avg |', '|---|---|---|---:|---|');
    for (const s of db.scenarios) {
      const e = s.api.eventLoop, p = s.api.probe, c = s.api.cpu;
      lines.push(`| ${s.id} | ${f(e.p50)} / ${f(e.p99)} / ${f(e.max)} | ${f(p.p50)} / ${f(p.p99)} / ${f(p.max)} | ${s.api.non2xx} / ${s.api.errors} | ${c.machineBusyPct}%, ${c.serverPct}%, ${c.loadavg} |`);
      if (s.apiYield) {
        const y = s.apiYield, ye = y.eventLoop, yp = y.probe;
        lines.push(`| ${s.id} + yield patch (p50/p95 ${f(y.p50)}/${f(y.p95)} ms, ${f(y.rps, 0)} req/s) | ${f(ye.p50)} / ${f(ye.p99)} / ${f(ye.max)} | ${f(yp.p50)} / ${f(yp.p99)} / ${f(yp.max)} | ${y.non2xx} / ${y.errors} | ${y.cpu.machineBusyPct}%, ${y.cpu.serverPct}%, ${y.cpu.loadavg} |`);
      }
    }
  }
  return lines.join('\n') + '\n';
}
