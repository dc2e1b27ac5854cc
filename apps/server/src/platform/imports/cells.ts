/**
 * Per-cell coercion for imports, and formula neutralisation for exports.
 * Each helper returns a result instead of throwing, so one bad cell rejects its row with a reason
 * (row number + column + message) rather than aborting the whole import.
 */
import { zonedWallTimeToInstant } from '@loopline/shared';

export interface CellError { code: string; message: string }
export type CellResult<T> = { ok: true; value: T | null } | { ok: false; error: CellError };

const ok = <T>(value: T | null): CellResult<T> => ({ ok: true, value });
const fail = <T>(code: string, message: string): CellResult<T> => ({ ok: false, error: { code, message } });

// Zero-width characters and BOMs arrive with text pasted from web pages and chat apps.
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;

/** Trim (including full-width spaces and NBSP, which JS trim already covers) and drop invisible characters. */
function clean(s: string): string {
  return s.replace(INVISIBLE, '').trim();
}

function isBlank(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && clean(v) === '');
}

/** A number as people typed it: never scientific notation, never a trailing ".0". */
export function numberToText(n: number): string {
  const s = String(n);
  if (!s.includes('e')) return s; // String() writes exponents with a lower-case e
  return n.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Dates from spreadsheets carry Excel's wall-clock time in UTC fields (exceljs convention), so read them in UTC. */
function ymd(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export interface TextOptions {
  /** phone columns: a value Excel has already rounded to "1.38001E+10" cannot be recovered, so it is an error */
  phone?: boolean;
  maxLength?: number;
}

export function toText(value: unknown, opts: TextOptions = {}): CellResult<string> {
  if (isBlank(value)) return ok(null);
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return fail('INVALID_TEXT', '无效的数值 / invalid number');
    if (opts.phone && !Number.isInteger(value)) return fail('PHONE_ROUNDED', '电话号码被存成了小数 / phone stored as a rounded number');
    text = numberToText(value);
  } else if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return fail('INVALID_TEXT', '无效的日期 / invalid date');
    const t = value.toISOString().slice(11, 16);
    text = t === '00:00' ? ymd(value) : `${ymd(value)} ${t}`;
  } else if (typeof value === 'boolean') {
    text = value ? 'TRUE' : 'FALSE';
  } else {
    text = clean(String(value));
  }
  // "1.38001E+10" is what Excel shows (and saves to CSV) for a long number in a General cell; the digits are gone.
  if (opts.phone && /^[+-]?\d+(\.\d+)?E\+?\d+$/i.test(text)) {
    return fail('PHONE_ROUNDED', '电话号码被 Excel 存成了科学计数法，请将该列设为文本后重新填写 / phone stored as a rounded number (scientific notation); format the column as text and re-enter it');
  }
  if (opts.maxLength !== undefined && text.length > opts.maxLength) {
    return fail('TOO_LONG', `内容超过 ${opts.maxLength} 个字符 / longer than ${opts.maxLength} characters`);
  }
  return ok(text);
}

function validYmd(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCMonth() === m - 1 ? `${y}-${pad(m)}-${pad(d)}` : null;
}

/** Excel 1900 date system: serial 1 = 1900-01-01; epoch 1899-12-30 absorbs Excel's fictitious 1900-02-29. */
function fromSerial(serial: number): string | null {
  if (serial < 1 || serial > 2958465) return null;
  return ymd(new Date(Date.UTC(1899, 11, 30) + Math.floor(serial) * 86_400_000));
}

const BAD_DATE = '无法识别的日期，请使用 2026-01-05 格式 / unrecognised date, use YYYY-MM-DD';

/**
 * → 'YYYY-MM-DD'. Accepts Excel dates, Excel serial numbers, 20260105, and text like
 * 2026-01-05, 2026/1/5, 2026.1.5, 2026年1月5日 (a time part is ignored).
 * `timeZone` only matters for ISO timestamps with an explicit offset (e.g. from an API export):
 * those are real instants, so the calendar day is taken in the organisation's zone.
 * Day-first/month-first forms like 1/5/2026 are rejected because they are ambiguous.
 */
export function toDate(value: unknown, timeZone = 'Asia/Shanghai'): CellResult<string> {
  if (isBlank(value)) return ok(null);
  let out: string | null = null;
  if (value instanceof Date) out = Number.isNaN(value.getTime()) ? null : ymd(value);
  else if (typeof value === 'number') {
    out = value >= 19000101 && value <= 29991231 && Number.isInteger(value)
      ? validYmd(Math.floor(value / 10000), Math.floor(value / 100) % 100, value % 100)
      : fromSerial(value);
  } else if (typeof value === 'string') {
    const s = clean(value).normalize('NFKC');
    let m: RegExpMatchArray | null;
    if (/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(s)) {
      const d = new Date(s);
      if (!Number.isNaN(d.getTime())) out = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
    } else if ((m = s.match(/^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?:[\sT]+\d{1,2}[:：]\d{2}(?:[:：]\d{2}(?:\.\d+)?)?)?$/))) {
      out = validYmd(+m[1], +m[2], +m[3]);
    } else if ((m = s.match(/^(\d{4})(\d{2})(\d{2})$/))) {
      out = validYmd(+m[1], +m[2], +m[3]);
    } else if (/^\d{5}(\.\d+)?$/.test(s)) {
      // a date cell saved to CSV from a sheet where it was formatted as General
      out = fromSerial(Number(s));
    }
  }
  return out ? ok(out) : fail('INVALID_DATE', BAD_DATE);
}

const WALL_TIME = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?:[\sT]+(\d{1,2})[:：](\d{2})(?:[:：](\d{2})(?:\.\d+)?)?)?$/;

/**
 * → ISO instant. Spreadsheets have no time zones: "2026-01-05 14:30", an Excel date-time or a serial
 * like 46027.6 are wall-clock times of the organisation, so they are read in `timeZone`; a date alone
 * is the start of that day; ISO text with an explicit offset is a real instant and kept as it is.
 */
export function toDateTime(value: unknown, timeZone = 'Asia/Shanghai'): CellResult<string> {
  if (isBlank(value)) return ok(null);
  let date: string | null = null;
  let time = { h: 0, mi: 0, s: 0 };
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return fail('INVALID_DATE', BAD_DATE);
    date = ymd(value);
    time = { h: value.getUTCHours(), mi: value.getUTCMinutes(), s: value.getUTCSeconds() };
  } else if (typeof value === 'number' && !(Number.isInteger(value) && value >= 19000101)) {
    date = fromSerial(value);
    const secs = Math.round((value - Math.floor(value)) * 86_400);
    time = { h: Math.floor(secs / 3600) % 24, mi: Math.floor(secs / 60) % 60, s: secs % 60 };
  } else if (typeof value === 'string') {
    const s = clean(value).normalize('NFKC');
    if (/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(s)) {
      const d = new Date(s);
      return Number.isNaN(d.getTime()) ? fail('INVALID_DATE', BAD_DATE) : ok(d.toISOString());
    }
    const m = WALL_TIME.exec(s);
    if (m) {
      time = { h: +(m[4] ?? 0), mi: +(m[5] ?? 0), s: +(m[6] ?? 0) };
      date = time.h > 23 || time.mi > 59 || time.s > 59 ? null : validYmd(+m[1], +m[2], +m[3]);
      if (date === null) return fail('INVALID_DATE', BAD_DATE);
    }
  }
  if (date === null && !(value instanceof Date)) {
    const day = toDate(value, timeZone); // 20260105, a serial saved as text, …
    if (!day.ok) return day;
    date = day.value;
  }
  if (date === null) return fail('INVALID_DATE', BAD_DATE);
  return ok(new Date(zonedWallTimeToInstant(date, timeZone, time)).toISOString());
}

/** Accepts ¥1,234.50, 1,234, 12.5% (→ 0.125), (1,234) accounting negatives, 1.5万, full-width digits. */
export function toNumber(value: unknown): CellResult<number> {
  if (isBlank(value)) return ok(null);
  if (typeof value === 'number') return Number.isFinite(value) ? ok(value) : fail('INVALID_NUMBER', '无效的数字 / invalid number');
  if (typeof value !== 'string') return fail('INVALID_NUMBER', '不是数字 / not a number');
  let s = clean(value).normalize('NFKC').replace(/\s+/g, '').replace(/^(RMB|CNY|USD|[¥$€£])/i, '').replace(/元$/, '');
  let negative = false;
  let scale = 1;
  if (/^\(.*\)$/.test(s)) { negative = true; s = s.slice(1, -1); }
  if (s.endsWith('%')) { scale = 0.01; s = s.slice(0, -1); } else if (s.endsWith('万')) { scale = 10_000; s = s.slice(0, -1); } else if (s.endsWith('亿')) { scale = 100_000_000; s = s.slice(0, -1); }
  // Thousands separators only in valid positions, so "1,23" (a European decimal) is an error, not 123.
  if (!/^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?$/.test(s) || !/\d/.test(s)) return fail('INVALID_NUMBER', '不是有效的数字 / not a valid number');
  const n = Number(s.replace(/,/g, ''));
  // scale by division/multiplication once; 12.5 / 100 keeps 0.125 exact where * 0.01 would not
  const scaled = scale === 0.01 ? n / 100 : n * scale;
  return ok(negative ? -scaled : scaled);
}

const TRUE = new Set(['是', '对', 'y', 'yes', 'true', '1', '√', '✓', '✔', '有']);
const FALSE = new Set(['否', '不是', '错', 'n', 'no', 'false', '0', '×', '✗', '✘', '无']);

export function toBoolean(value: unknown): CellResult<boolean> {
  if (isBlank(value)) return ok(null);
  if (typeof value === 'boolean') return ok(value);
  const s = typeof value === 'number' ? String(value) : clean(String(value)).normalize('NFKC').toLowerCase();
  if (TRUE.has(s)) return ok(true);
  if (FALSE.has(s)) return ok(false);
  return fail('INVALID_BOOLEAN', '请填写 是/否 / expected yes/no (是/否, Y/N, true/false, 1/0)');
}

/**
 * OWASP CSV injection: a cell starting with = + - @ tab or CR is run as a formula by Excel/WPS
 * when the exported file is opened (e.g. =HYPERLINK(...) exfiltrating data), so prefix an apostrophe.
 */
export function neutraliseFormula(text: string): string {
  // a signed number or phone ("+86 138-0013-8000", "-5") has no function to run; keep it readable
  if (/^[+-][\d\s().-]*$/.test(text)) return text;
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * What exporters write into a cell: strings neutralised; numbers, booleans, dates and null untouched
 * (a real number like -5 cannot be a formula; only text can).
 */
export function exportCell<T>(value: T): T | string {
  return typeof value === 'string' ? neutraliseFormula(value) : value;
}

/** One CSV field: neutralised, then quoted per RFC 4180 when it contains the delimiter, a quote or a newline. */
export function csvField(value: unknown, delimiter = ','): string {
  if (value === null || value === undefined) return '';
  const s = value instanceof Date ? value.toISOString() : typeof value === 'number' ? numberToText(value) : neutraliseFormula(String(value));
  return s.includes(delimiter) || /["\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
