// Builds the web app when apps/web/dist is missing or older than its sources, so `npm start` serves a current UI.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'apps/web/dist/index.html');

function newest(dir) {
  let t = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

const sources = [path.join(root, 'apps/web/src'), path.join(root, 'packages/shared/src')];
const built = fs.existsSync(dist) ? fs.statSync(dist).mtimeMs : 0;
if (!built || sources.some((s) => fs.existsSync(s) && newest(s) > built)) {
  console.log('Building the web app…');
  execSync('npm run build -w @loopline/web', { cwd: root, stdio: 'inherit' });
}
