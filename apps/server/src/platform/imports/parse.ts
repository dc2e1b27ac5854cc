/**
 * Spreadsheet upload → header + rows, with no database or HTTP. Everything a user can get wrong
 * about the *file* becomes an ImportFileError with a bilingual message; problems in single cells are
 * left to cells.ts so that one bad row never sinks the whole import.
 */
import { detectHeaderRow, headerText, uniqueHeaders } from './headers.ts';
import { readXlsxRows } from './xlsx.ts';

export type ImportFileErrorCode =
  | 'EMPTY_FILE' | 'UNSUPPORTED_FILE_TYPE' | 'FILE_TOO_LARGE' | 'TOO_MANY_ROWS'
  | 'MALFORMED_FILE' | 'MIXED_ENCODING' | 'NO_HEADER';

export class ImportFileError extends Error {
  constructor(readonly code: ImportFileErrorCode, zh: string, en: string, readonly details: Record<string, unknown> = {}) {
    super(`${zh} / ${en}`);
    this.name = 'ImportFileError';
  }
}

export interface ParsedRow { rowNumber: number; cells: unknown[] }
export interface ParsedSheet { sheetName: string; headerRow: number; headers: string[]; rows: ParsedRow[] }
export interface ParseOptions { fileName: string; maxRows?: number; maxBytes?: number }

const MB = 1024 * 1024;
// rows above the header (titles, blanks) may precede the data, so early row-count checks allow for them
const HEADER_ALLOWANCE = 11;

export async function parseSpreadsheet(buffer: Buffer, opts: ParseOptions): Promise<ParsedSheet> {
  const { fileName, maxRows = 100_000, maxBytes = 20 * MB } = opts;
  if (buffer.length === 0) throw new ImportFileError('EMPTY_FILE', '文件是空的', 'the file is empty', { fileName });
  if (buffer.length > maxBytes) {
    throw new ImportFileError('FILE_TOO_LARGE', `文件超过 ${Math.round(maxBytes / MB)} MB，请拆分后再导入`, `the file is larger than ${Math.round(maxBytes / MB)} MB; split it and import the parts`, { size: buffer.length, maxBytes });
  }
  const kind = sniff(buffer, fileName);
  const grid = kind === 'xlsx' ? await readXlsx(buffer, maxRows) : readCsv(buffer, maxRows);
  return shape(grid.sheetName, grid.rows, maxRows);
}

const startsWith = (b: Buffer, sig: number[]) => sig.every((x, i) => b[i] === x);
const BINARY: [number[], string][] = [
  [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 'xls'], // CFB: legacy .xls, or a password-protected .xlsx
  [[0x25, 0x50, 0x44, 0x46], 'pdf'],
  [[0x89, 0x50, 0x4e, 0x47], 'png'], [[0xff, 0xd8, 0xff], 'jpeg'], [[0x47, 0x49, 0x46, 0x38], 'gif'],
  [[0x52, 0x61, 0x72, 0x21], 'rar'], [[0x37, 0x7a, 0xbc, 0xaf], '7z'], [[0x1f, 0x8b], 'gzip'],
];
const ACCEPTED_EXT = new Set(['', 'xlsx', 'xlsm', 'xls', 'csv', 'tsv', 'txt']);

function unsupported(detected: string, fileName: string): ImportFileError {
  const hint = detected === 'xls'
    ? ['这是旧版 .xls 或加密的文件，请在 Excel/WPS 中另存为 .xlsx（并取消密码）', 'this is a legacy .xls or an encrypted workbook; save it as .xlsx (without a password)']
    : ['只支持 .xlsx 和 .csv 文件', 'only .xlsx and .csv files are supported'];
  return new ImportFileError('UNSUPPORTED_FILE_TYPE', `无法导入此文件：${hint[0]}`, `cannot import this file: ${hint[1]}`, { fileName, detected });
}

/** The content decides the format, not the name: a PDF renamed .xlsx is still a PDF. */
function sniff(buf: Buffer, fileName: string): 'xlsx' | 'csv' {
  const ext = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04])) {
    // zip entry names are stored uncompressed, so a .docx or plain .zip is told apart without unzipping
    if (buf.includes('xl/workbook')) return 'xlsx';
    throw unsupported('zip', fileName);
  }
  for (const [sig, name] of BINARY) if (startsWith(buf, sig)) throw unsupported(name, fileName);
  const utf16 = startsWith(buf, [0xff, 0xfe]) || startsWith(buf, [0xfe, 0xff]);
  if (!utf16 && buf.subarray(0, 8192).includes(0)) throw unsupported('binary', fileName);
  // Chinese business systems often "export to Excel" as an HTML table named .xls
  const lead = (utf16 ? '' : buf.subarray(0, 512).toString('latin1')).replace(/^\xef\xbb\xbf/, '').trimStart().toLowerCase();
  if (lead.startsWith('<')) throw unsupported('html', fileName);
  if (!ACCEPTED_EXT.has(ext)) throw unsupported(ext, fileName);
  return 'csv';
}

function malformed(en: string, zh: string, details: Record<string, unknown> = {}): ImportFileError {
  return new ImportFileError('MALFORMED_FILE', `文件已损坏或格式不正确：${zh}`, `the file is damaged or malformed: ${en}`, details);
}

function tooMany(maxRows: number): ImportFileError {
  return new ImportFileError('TOO_MANY_ROWS', `数据超过 ${maxRows} 行，请拆分后再导入`, `more than ${maxRows} data rows; split the file`, { maxRows });
}

/** Values of the first visible sheet with content (xlsx.ts); anything unreadable is a damaged file. */
async function readXlsx(buf: Buffer, maxRows: number): Promise<{ sheetName: string; rows: ParsedRow[] }> {
  let found: { sheetName: string; rows: ParsedRow[] } | null;
  try {
    found = readXlsxRows(buf, maxRows + HEADER_ALLOWANCE, () => tooMany(maxRows));
  } catch (e) {
    if (e instanceof ImportFileError) throw e;
    throw malformed('Excel could not be read', '无法读取 Excel 内容', { cause: (e as Error).message });
  }
  if (!found) throw new ImportFileError('EMPTY_FILE', '工作表中没有数据', 'the workbook has no data', {});
  return found;
}

/**
 * UTF-8 (BOM or not) first; UTF-16 only with a BOM; otherwise GB18030 (a superset of GBK, what
 * Excel/WPS on Chinese Windows save). A file whose lines disagree — some valid UTF-8 with Chinese,
 * some not — was concatenated from two sources; decoding it either way would give mojibake.
 */
export function decodeText(buf: Buffer): { text: string; encoding: string } {
  if (startsWith(buf, [0xff, 0xfe]) || startsWith(buf, [0xfe, 0xff])) {
    const encoding = buf[0] === 0xff ? 'utf-16le' : 'utf-16be';
    try { return { text: new TextDecoder(encoding, { fatal: true }).decode(buf), encoding }; } catch { throw malformed('invalid UTF-16 text', 'UTF-16 文本无效'); }
  }
  const bom = startsWith(buf, [0xef, 0xbb, 0xbf]);
  try { return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'utf-8' }; } catch { /* classify below */ }
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const good: number[] = [];
  const bad: number[] = [];
  let line = 1;
  for (let start = 0; start < buf.length; line++) {
    let end = buf.indexOf(0x0a, start);
    if (end < 0) end = buf.length;
    const bytes = buf.subarray(start, end);
    if (bytes.some((b) => b >= 0x80)) {
      try { utf8.decode(bytes); good.push(line); } catch { bad.push(line); }
    }
    start = end + 1;
  }
  if (bom || good.length > 0) {
    // the majority encoding is the file's; the first line of the other one is what the user must fix
    const utf8File = bom || good.length >= bad.length;
    const first = utf8File ? bad[0] : good[0];
    throw new ImportFileError('MIXED_ENCODING',
      `文件混用了多种编码（第 ${first} 行与其他行不同），请在 Excel/WPS 中统一另存为 “CSV UTF-8” 后再导入`,
      `the file mixes text encodings (line ${first} differs from the rest); save it again as "CSV UTF-8" and re-import`,
      { line: first, fileEncoding: utf8File ? 'utf-8' : 'gb18030' });
  }
  try { return { text: new TextDecoder('gb18030', { fatal: true }).decode(buf), encoding: 'gb18030' }; } catch {
    throw malformed('unknown text encoding', '无法识别文本编码', { line: bad[0] });
  }
}

/** Excel's "sep=;" hint, else the candidate giving the same non-zero column count on most sample lines. */
function detectDelimiter(text: string): { delimiter: string; skip: number } {
  const hint = /^sep=(.)\r?\n/.exec(text);
  if (hint) return { delimiter: hint[1], skip: hint[0].length };
  const lines = text.split(/\r\n|\n|\r/, 50).filter((l) => l.trim());
  let best = { delimiter: ',', freq: 0, mode: 0 };
  for (const d of [',', '\t', ';']) {
    const tally = new Map<number, number>();
    for (const l of lines) {
      const n = l.replace(/"[^"]*"/g, '').split(d).length - 1;
      if (n > 0) tally.set(n, (tally.get(n) ?? 0) + 1);
    }
    for (const [mode, freq] of tally) if (freq > best.freq || (freq === best.freq && mode > best.mode)) best = { delimiter: d, freq, mode };
  }
  return { delimiter: best.delimiter, skip: 0 };
}

/** RFC 4180, leniently: quoted fields may span lines; a stray quote inside an unquoted field is literal. */
function readCsv(buf: Buffer, maxRows: number): { sheetName: string; rows: ParsedRow[] } {
  const text = decodeText(buf).text.replace(/^\uFEFF/, '');
  const { delimiter, skip } = detectDelimiter(text);
  const rows: ParsedRow[] = [];
  let field = '';
  let record: string[] = [];
  let filled = 0;
  let line = 1;
  let i = skip;
  const endRecord = () => {
    record.push(field); field = '';
    if (record.some((c) => c.trim()) && ++filled > maxRows + HEADER_ALLOWANCE) throw tooMany(maxRows);
    rows.push({ rowNumber: rows.length + 1, cells: record }); record = [];
  };
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"' && field === '') {
      const opened = line;
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw malformed(`a quoted field opened on line ${opened} is never closed`, `第 ${opened} 行的引号没有闭合`, { line: opened });
        if (text[j] === '"') { if (text[j + 1] === '"') { field += '"'; j += 2; continue; } break; }
        if (text[j] === '\n') line++;
        field += text[j++];
      }
      i = j + 1;
    } else if (ch === delimiter) { record.push(field); field = ''; i++; }
    else if (ch === '\r' || ch === '\n') { endRecord(); line++; i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1; }
    else { field += ch; i++; }
  }
  if (field !== '' || record.length > 0) endRecord();
  return { sheetName: 'CSV', rows };
}

const isBlank = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

function columnLetter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Header row found, blank rows and columns with neither a header nor data dropped, row numbers kept. */
function shape(sheetName: string, grid: ParsedRow[], maxRows: number): ParsedSheet {
  if (!grid.some((r) => r.cells.some((c) => !isBlank(c)))) throw new ImportFileError('EMPTY_FILE', '文件中没有数据', 'the file has no data', {});
  const found = detectHeaderRow(grid.slice(0, HEADER_ALLOWANCE).map((r) => r.cells));
  if (!found.found) {
    if (found.reason === 'NO_DATA') throw new ImportFileError('EMPTY_FILE', '只有表头，没有数据行', 'the file has a header but no data rows', {});
    throw new ImportFileError('NO_HEADER', '前 10 行中找不到表头行（每列一个名称，下面是数据）', 'no header row in the first 10 rows (one name per column, with data below)', {});
  }
  const header = grid[found.index];
  const data = grid.slice(found.index + 1).filter((r) => r.cells.some((c) => !isBlank(c)));
  if (data.length > maxRows) throw tooMany(maxRows);
  const width = data.reduce((w, r) => Math.max(w, r.cells.length), header.cells.length);
  const keep: number[] = [];
  for (let c = 0; c < width; c++) {
    if (!isBlank(header.cells[c]) || data.some((r) => !isBlank(r.cells[c]))) keep.push(c);
  }
  const headers = uniqueHeaders(keep.map((c) => headerText(header.cells[c]) || `列${columnLetter(c)}`));
  const rows = data.map((r) => ({ rowNumber: r.rowNumber, cells: keep.map((c) => (isBlank(r.cells[c]) ? null : r.cells[c])) }));
  return { sheetName, headerRow: header.rowNumber, headers, rows };
}
