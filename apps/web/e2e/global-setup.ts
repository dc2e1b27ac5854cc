import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths.ts';

/**
 * The browser tests run against the built app that the server serves from apps/web/dist.
 * Building every time is simpler and safer than checking staleness, and takes seconds.
 * E2E_SKIP_BUILD=1 reuses the existing build (handy while iterating on a test, and in CI, which builds once).
 *
 * E2E_LOCK=<dir>: CI runs the PGlite and the PostgreSQL pass side by side; their browser tests take
 * turns (this run waits for the lock and holds it until teardown) so two Chromiums never compete
 * for a 2-core machine. A lock left by a process that died is taken over.
 */
export default async function setup() {
  const release = process.env.E2E_LOCK ? await acquire(process.env.E2E_LOCK) : undefined;
  if (process.env.E2E_SKIP_BUILD !== '1') {
    // vitest sets NODE_ENV=test, and Vite would then build a development bundle: ask for production explicitly.
    execFileSync('npm', ['run', 'build', '-w', '@loopline/web'], { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  }
  return release;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function acquire(dir: string): Promise<() => void> {
  const owner = path.join(dir, 'pid');
  for (let waited = 0; ; waited++) {
    try {
      mkdirSync(dir);
      writeFileSync(owner, String(process.pid));
      return () => rmSync(dir, { recursive: true, force: true });
    } catch {
      let pid = 0;
      try {
        pid = Number(readFileSync(owner, 'utf8'));
      } catch {
        // the owner is between mkdir and writing its pid
      }
      if (pid && !alive(pid)) rmSync(dir, { recursive: true, force: true });
      if (waited % 60 === 0) console.info(`[e2e] waiting for the browser-test lock held by ${pid || 'another run'}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}
