// Calendar arithmetic and time-zone conversion for relative date filters.
// No date library: Intl.DateTimeFormat gives the wall clock of an instant in a
// zone; everything else is arithmetic on civil dates ('YYYY-MM-DD' strings).
import type { RelativeDate } from './types.ts';

/** Half-open range of calendar dates: start <= d < end (both 'YYYY-MM-DD'). */
export interface DateRange {
  start: string;
  end: string;
}
/** Half-open range of instants in epoch milliseconds: start <= t < end. */
export interface InstantRange {
  start: number;
  end: number;
}
export interface RelativeDateOptions {
  now: Date;
  timeZone: string;
  /** 1 = Monday (default), 0 = Sunday. */
  weekStartsOn?: 0 | 1;
}

const DAY_MS = 86_400_000;
// Years outside 1000..9999 are rejected so that 'YYYY' is always 4 digits
// (string order == date order) and Date.UTC never sees a 2-digit year.
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface Ymd {
  y: number;
  m: number; // 1..12
  d: number;
}

function ymdToUtcMs({ y, m, d }: Ymd): number {
  return Date.UTC(y, m - 1, d); // overflowing m/d are normalised by Date.UTC
}
function utcMsToYmd(ms: number): Ymd {
  const t = new Date(ms);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}
function fmt({ y, m, d }: Ymd): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
function parseYmd(date: string): Ymd {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return { y: +m[1], m: +m[2], d: +m[3] };
}

/** Returns the date if it is a real calendar date 'YYYY-MM-DD' in years 1000..9999, else null. */
export function parseDateOnly(s: string): string | null {
  const m = DATE_RE.exec(s);
  if (!m) return null;
  const ymd = { y: +m[1], m: +m[2], d: +m[3] };
  if (ymd.y < 1000 || fmt(utcMsToYmd(ymdToUtcMs(ymd))) !== s) return null; // rejects 2025-02-30
  return s;
}

export function addDays(date: string, n: number): string {
  return fmt(utcMsToYmd(ymdToUtcMs(parseYmd(date)) + n * DAY_MS));
}
function firstOfMonth(y: number, m: number, addMonths: number): string {
  return fmt(utcMsToYmd(Date.UTC(y, m - 1 + addMonths, 1)));
}

// ------------------------------------------------------------ time zones

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23', // 'hour12: false' can yield hour "24" at midnight
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Wall-clock fields of an instant in a zone (seconds precision). */
function wallClock(ms: number, timeZone: string) {
  const out: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return { y: out.year, m: out.month, d: out.day, h: out.hour, mi: out.minute, s: out.second };
}

/** UTC offset (ms) of the zone at an instant: local wall time minus UTC. */
function offsetAt(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  const wholeSecond = Math.floor(ms / 1000) * 1000;
  return Date.UTC(w.y, w.m - 1, w.d, w.h, w.mi, w.s) - wholeSecond;
}

/** The calendar date ('YYYY-MM-DD') of an instant in a zone. */
export function zonedDate(instant: Date | number, timeZone: string): string {
  const w = wallClock(typeof instant === 'number' ? instant : instant.getTime(), timeZone);
  return fmt(w);
}

/**
 * Instant (epoch ms) of a local wall-clock time in a zone. Disambiguation is
 * the usual "compatible" one: in a DST overlap take the earlier instant; in a
 * DST gap move forward by the gap length (so a day whose midnight does not
 * exist starts at the first instant that does).
 */
export function zonedWallTimeToInstant(
  date: string,
  timeZone: string,
  time: { h?: number; mi?: number; s?: number; ms?: number } = {},
): number {
  const { y, m, d } = parseYmd(date);
  const wall = Date.UTC(y, m - 1, d, time.h ?? 0, time.mi ?? 0, time.s ?? 0, time.ms ?? 0);
  // Real zones change offset at most once within +-1 day, so the offsets a
  // day before and after are the only candidates.
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const candidates = [wall - before, wall - after].filter((t) => t + offsetAt(t, timeZone) === wall);
  if (candidates.length > 0) return Math.min(...candidates);
  return wall - before; // in a gap: the pre-transition offset lands after the gap
}

/** First instant of a calendar day in a zone. */
export function startOfZonedDay(date: string, timeZone: string): number {
  return zonedWallTimeToInstant(date, timeZone);
}

const DATETIME_RE = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Parses 'YYYY-MM-DDTHH:mm[:ss[.fff]]' with an optional 'Z' / '+08' / '+08:00'
 * offset (a space instead of 'T' is accepted, as PostgreSQL prints it).
 * Without an offset the wall time is read in `timeZone`. Fractions below a
 * millisecond are truncated. Returns epoch ms or null.
 */
export function parseDateTime(s: string, timeZone: string): number | null {
  const m = DATETIME_RE.exec(s);
  if (!m || parseDateOnly(m[1]) === null) return null;
  const [h, mi, sec] = [+m[2], +m[3], m[4] === undefined ? 0 : +m[4]];
  if (h > 23 || mi > 59 || sec > 59) return null;
  const ms = m[5] === undefined ? 0 : +m[5].slice(0, 3).padEnd(3, '0');
  const off = m[6];
  if (off === undefined) return zonedWallTimeToInstant(m[1], timeZone, { h, mi, s: sec, ms });
  const { y, m: mo, d } = parseYmd(m[1]);
  const wall = Date.UTC(y, mo - 1, d, h, mi, sec, ms);
  if (off.toUpperCase() === 'Z') return wall;
  const digits = off.slice(1).replace(':', '');
  const oh = +digits.slice(0, 2);
  const om = digits.length > 2 ? +digits.slice(2) : 0;
  if (oh > 15 || om > 59) return null;
  return wall - (off[0] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
}

// ------------------------------------------------------- relative ranges

/**
 * Calendar-date range of a relative date, end exclusive.
 *
 * - today/yesterday/tomorrow: that single day.
 * - this/last/next Week|Month|Quarter|Year: the whole calendar period
 *   (weeks start Monday unless weekStartsOn = 0).
 * - lastNDays n: the n days ENDING TODAY, today included: [today-(n-1), today].
 * - nextNDays n: the n days STARTING TODAY, today included: [today, today+n-1].
 *   (Both include today so "last 7 days" on a dashboard shows today's deals.)
 */
export function relativeDateRange(rel: RelativeDate, opts: RelativeDateOptions): DateRange {
  const today = zonedDate(opts.now, opts.timeZone);
  const { y, m } = parseYmd(today);
  const range = (start: string, end: string): DateRange => ({ start, end });
  const n = rel.n ?? 1;
  const weekStart = (() => {
    const dow = new Date(ymdToUtcMs(parseYmd(today))).getUTCDay(); // 0 = Sunday
    const first = opts.weekStartsOn ?? 1;
    return addDays(today, -((dow - first + 7) % 7));
  })();
  const q = Math.floor((m - 1) / 3) * 3 + 1; // first month of the quarter
  switch (rel.relative) {
    case 'today': return range(today, addDays(today, 1));
    case 'yesterday': return range(addDays(today, -1), today);
    case 'tomorrow': return range(addDays(today, 1), addDays(today, 2));
    case 'thisWeek': return range(weekStart, addDays(weekStart, 7));
    case 'lastWeek': return range(addDays(weekStart, -7), weekStart);
    case 'nextWeek': return range(addDays(weekStart, 7), addDays(weekStart, 14));
    case 'thisMonth': return range(firstOfMonth(y, m, 0), firstOfMonth(y, m, 1));
    case 'lastMonth': return range(firstOfMonth(y, m, -1), firstOfMonth(y, m, 0));
    case 'nextMonth': return range(firstOfMonth(y, m, 1), firstOfMonth(y, m, 2));
    case 'thisQuarter': return range(firstOfMonth(y, q, 0), firstOfMonth(y, q, 3));
    case 'lastQuarter': return range(firstOfMonth(y, q, -3), firstOfMonth(y, q, 0));
    case 'nextQuarter': return range(firstOfMonth(y, q, 3), firstOfMonth(y, q, 6));
    case 'thisYear': return range(firstOfMonth(y, 1, 0), firstOfMonth(y + 1, 1, 0));
    case 'lastYear': return range(firstOfMonth(y - 1, 1, 0), firstOfMonth(y, 1, 0));
    case 'nextYear': return range(firstOfMonth(y + 1, 1, 0), firstOfMonth(y + 2, 1, 0));
    case 'lastNDays': return range(addDays(today, -(n - 1)), addDays(today, 1));
    case 'nextNDays': return range(today, addDays(today, n));
  }
}

/** Same range as instants: from the start of the first day to the start of the day after the last. */
export function relativeInstantRange(rel: RelativeDate, opts: RelativeDateOptions): InstantRange {
  const r = relativeDateRange(rel, opts);
  return { start: startOfZonedDay(r.start, opts.timeZone), end: startOfZonedDay(r.end, opts.timeZone) };
}
