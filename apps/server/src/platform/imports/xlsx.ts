/**
 * A small reader of .xlsx files (OOXML SpreadsheetML) that returns cell values only — what an
 * import needs. exceljs builds a full workbook model (formats, styles, every cell object): for a
 * 100,000-row sheet that took ~2.5 s and ~650 MB, and its streaming reader cuts Chinese characters
 * at its 16 KB chunk boundaries. Here the zip entries are inflated whole (zlib), decoded once as
 * UTF-8 and scanned with regular expressions: a few hundred ms and little beyond the rows.
 * exceljs still writes every workbook (exports, error files).
 */
import zlib from 'node:zlib';

export class XlsxError extends Error {}

export interface SheetRows { sheetName: string; rows: { rowNumber: number; cells: unknown[] }[] }

/** Zip central directory → entry name → bytes (inflated on demand). ≤ 20 MB files never need Zip64. */
function unzip(buf: Buffer): Map<string, () => Buffer> {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new XlsxError('no zip directory');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = new Map<string, () => Buffer>();
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw new XlsxError('broken zip directory');
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    entries.set(name.replace(/^\//, ''), () => {
      if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) throw new XlsxError(`broken zip entry ${name}`);
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(start, start + size);
      if (method === 0) return data;
      if (method === 8) return zlib.inflateRawSync(data);
      throw new XlsxError(`unsupported compression ${method}`);
    });
  }
  return entries;
}

const ENTITY: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
/** XML entities, then Excel's own escapes of control characters (_x000D_ is a carriage return). */
function text(s: string): string {
  const xml = s.includes('&')
    ? s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => (e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : +e.slice(1)) : (ENTITY[e] ?? m)))
    : s;
  return xml.includes('_x') ? xml.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : xml;
}

const attrs = (s: string): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(/([\w:]+)\s*=\s*"([^"]*)"/g)) out[m[1]!.replace(/^\w+:(?!id$)/, '')] = m[2]!;
  return out;
};

// Tags may carry a namespace prefix (<x:c>, written by .NET's OpenXML SDK).
const tag = (name: string) => new RegExp(`<(?:\\w+:)?${name}\\b([^>]*?)(?:/>|>([\\s\\S]*?)</(?:\\w+:)?${name}>)`, 'g');
const T = tag('t');
/** The text of a string item: its <t> runs, leaving out phonetic guides (<rPh>). */
function runs(xml: string): string {
  const body = xml.includes('rPh') ? xml.replace(/<(?:\w+:)?rPh\b[\s\S]*?<\/(?:\w+:)?rPh>/g, '') : xml;
  let out = '';
  for (const m of body.matchAll(T)) out += m[2] ?? '';
  return text(out);
}

// Built-in date/time formats (ECMA-376 18.8.30, with the CJK ones: 27–36, 50–58).
const DATE_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);
const isDateCode = (code: string) => /[ymdhs]/i.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '').replace(/\\./g, ''));

/** Per cell style (the `s` index): whether its number is a date. */
function dateStyles(xml: string | null): boolean[] {
  if (!xml) return [];
  const custom = new Map<number, string>();
  for (const m of xml.matchAll(tag('numFmt'))) {
    const a = attrs(m[1]!);
    custom.set(Number(a.numFmtId), text(a.formatCode ?? ''));
  }
  const xfs = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(xml)?.[1] ?? '';
  return [...xfs.matchAll(tag('xf'))].map((m) => {
    const id = Number(attrs(m[1]!).numFmtId ?? 0);
    return DATE_IDS.has(id) || (custom.has(id) && isDateCode(custom.get(id)!));
  });
}

function column(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

const V = /<(?:\w+:)?v\b[^>]*>([\s\S]*?)<\/(?:\w+:)?v>/;
const IS = /<(?:\w+:)?is\b[^>]*>([\s\S]*?)<\/(?:\w+:)?is>/;

function cellValue(a: Record<string, string>, inner: string, strings: string[], dates: boolean[], date1904: boolean): unknown {
  const t = a.t ?? 'n';
  if (t === 'inlineStr') return runs(IS.exec(inner)?.[1] ?? '');
  const v = V.exec(inner)?.[1];
  if (v === undefined) return null;
  switch (t) {
    case 's': return strings[Number(v)] ?? null;
    case 'str': case 'e': return text(v);
    case 'b': return v === '1' || v === 'true';
    case 'd': { const d = new Date(v); return Number.isNaN(d.getTime()) ? text(v) : d; }
    default: {
      const n = Number(v);
      if (!Number.isFinite(n)) return text(v);
      // a date is days since 1899-12-30 (1904 system: 1904-01-01), wall clock kept in UTC fields
      if (dates[Number(a.s ?? 0)]) return new Date(Math.round((n - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
      return n;
    }
  }
}

/**
 * The first visible worksheet with content (hidden ones usually hold drop-down lists), as rows of
 * values: strings, numbers, booleans, Dates, errors as their text ('#N/A'). `tooMany` is thrown once
 * more than `maxFilled` non-empty rows were seen, before the rest is read.
 */
export function readXlsxRows(buf: Buffer, maxFilled: number, tooMany: () => Error): SheetRows | null {
  const zip = unzip(buf);
  const read = (name: string) => zip.get(name)?.().toString('utf8') ?? null;
  const workbook = read('xl/workbook.xml');
  if (!workbook) throw new XlsxError('no xl/workbook.xml');
  const date1904 = /<(?:\w+:)?workbookPr\b[^>]*date1904\s*=\s*"(1|true)"/.test(workbook);
  const targets = new Map<string, string>();
  const byType = new Map<string, string>();
  for (const m of (read('xl/_rels/workbook.xml.rels') ?? '').matchAll(tag('Relationship'))) {
    const a = attrs(m[1]!);
    const path = (a.Target ?? '').startsWith('/') ? a.Target!.slice(1) : `xl/${a.Target}`;
    targets.set(a.Id ?? '', path);
    byType.set((a.Type ?? '').split('/').pop()!, path);
  }
  const strings = [...(read(byType.get('sharedStrings') ?? 'xl/sharedStrings.xml') ?? '').matchAll(tag('si'))].map((m) => runs(m[2] ?? ''));
  const dates = dateStyles(read(byType.get('styles') ?? 'xl/styles.xml'));
  for (const m of workbook.matchAll(tag('sheet'))) {
    const a = attrs(m[1]!);
    if (a.state && a.state !== 'visible') continue;
    const rid = Object.entries(a).find(([k]) => k.endsWith(':id'))?.[1] ?? '';
    const xml = read(targets.get(rid) ?? '');
    if (!xml) continue;
    const rows: SheetRows['rows'] = [];
    let filled = 0;
    let rowNumber = 0;
    for (const r of xml.matchAll(tag('row'))) {
      rowNumber = Number(attrs(r[1]!).r ?? rowNumber + 1);
      const cells: unknown[] = [];
      let col = -1;
      for (const c of (r[2] ?? '').matchAll(tag('c'))) {
        const ca = attrs(c[1]!);
        col = ca.r ? column(ca.r) : col + 1;
        const value = cellValue(ca, c[2] ?? '', strings, dates, date1904);
        if (value !== null && value !== '') cells[col] = value;
      }
      if (!cells.length) continue;
      if (++filled > maxFilled) throw tooMany();
      rows.push({ rowNumber, cells: Array.from(cells, (x) => x ?? null) });
    }
    if (rows.length) return { sheetName: text(a.name ?? 'Sheet1'), rows };
  }
  return null;
}
