/** Pure helpers of the template editor: inserting at the caret and finding a problem's place. */

/** The text with `snippet` put in place of [start, end); the caret goes after the snippet. */
export function insertAt(text: string, start: number, end: number, snippet: string): { text: string; caret: number } {
  const a = Math.max(0, Math.min(start, text.length));
  const b = Math.max(a, Math.min(end, text.length));
  return { text: text.slice(0, a) + snippet + text.slice(b), caret: a + snippet.length };
}

/** 0-based offset of a 1-based line and column (clamped into the text). */
export function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  const lineEnd = text.indexOf('\n', offset);
  const end = lineEnd < 0 ? text.length : lineEnd;
  return Math.min(offset + Math.max(0, column - 1), end);
}

/** The placeholder text for a key: {{key}}. */
export const placeholder = (key: string) => `{{${key}}}`;

/** A line-item table to start from: header row and one row per line. */
export function linesTableSnippet(columns: { key: string; label: string }[]): string {
  const cols = columns.length ? columns : [{ key: 'index', label: '序号' }];
  return [
    '<table>',
    `  <tr>${cols.map((c) => `<th>${c.label}</th>`).join('')}</tr>`,
    '  {{#lines}}',
    `  <tr>${cols.map((c) => `<td>{{${c.key}}}</td>`).join('')}</tr>`,
    '  {{/lines}}',
    '</table>',
  ].join('\n');
}
