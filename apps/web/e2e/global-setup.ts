import { execFileSync } from 'node:child_process';
import { repoRoot } from './paths.ts';

/**
 * The browser tests run against the built app that the server serves from apps/web/dist.
 * Building every time is simpler and safer than checking staleness, and takes seconds.
 * E2E_SKIP_BUILD=1 reuses the existing build (handy while iterating on a test).
 */
export default function setup() {
  if (process.env.E2E_SKIP_BUILD === '1') return;
  // vitest sets NODE_ENV=test, and Vite would then build a development bundle: ask for production explicitly.
  execFileSync('npm', ['run', 'build', '-w', '@loopline/web'], { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
}
