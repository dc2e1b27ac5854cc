/** Re-renders a results JSON as markdown: `tsx bench/render.ts bench/results/latest.json`. */
import fs from 'node:fs';
import { renderMarkdown } from './lib/report.ts';

for (const file of process.argv.slice(2)) {
  const out = file.replace(/\.json$/, '.md');
  fs.writeFileSync(out, renderMarkdown(JSON.parse(fs.readFileSync(file, 'utf8'))));
  console.log(`wrote ${out}`);
}
