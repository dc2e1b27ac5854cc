import { describe, expect, it } from 'vitest';
import type { RelativeDate } from './types.ts';
import {
  addDays,
  parseDateOnly,
  parseDateTime,
  relativeDateRange,
  relativeInstantRange,
  startOfZonedDay,
  zonedDate,
  zonedWallTimeToInstant,
} from './relativeDates.ts';

const at = (iso: string) => new Date(iso);
const range = (rel: RelativeDate, now: string, timeZone = 'Asia/Shanghai', weekStartsOn?: 0 | 1) =>
  relativeDateRange(rel, { now: at(now), timeZone, weekStartsOn });
const instants = (rel: RelativeDate, now: string, timeZone: string) => {
  const r = relativeInstantRange(rel, { now: at(now), timeZone });
  return { start: new Date(r.start).toISOString(), end: new Date(r.end).toISOString() };
};

describe('today in a time zone', () => {
  it('2025-12-31T17:30Z is already 2026 in Shanghai but not in UTC', () => {
    expect(zonedDate(at('2025-12-31T17:30:00Z'), 'Asia/Shanghai')).toBe('2026-01-01');
    expect(range({ relative: 'thisYear' }, '2025-12-31T17:30:00Z')).toEqual({ start: '2026-01-01', end: '2027-01-01' });
    expect(range({ relative: 'thisYear' }, '2025-12-31T17:30:00Z', 'UTC')).toEqual({ start: '2025-01-01', end: '2026-01-01' });
    expect(range({ relative: 'lastYear' }, '2025-12-31T17:30:00Z')).toEqual({ start: '2025-01-01', end: '2026-01-01' });
    expect(instants({ relative: 'thisYear' }, '2025-12-31T17:30:00Z', 'Asia/Shanghai')).toEqual({
      start: '2025-12-31T16:00:00.000Z',
      end: '2026-12-31T16:00:00.000Z',
    });
  });

  it('Pacific/Auckland is a day ahead of New York', () => {
    const now = '2025-06-30T13:00:00Z';
    expect(zonedDate(at(now), 'Pacific/Auckland')).toBe('2025-07-01');
    expect(zonedDate(at(now), 'America/New_York')).toBe('2025-06-30');
    expect(range({ relative: 'thisQuarter' }, now, 'Pacific/Auckland')).toEqual({ start: '2025-07-01', end: '2025-10-01' });
    expect(range({ relative: 'thisQuarter' }, now, 'America/New_York')).toEqual({ start: '2025-04-01', end: '2025-07-01' });
  });
});

describe('calendar periods', () => {
  it('day neighbours across a month and year end', () => {
    expect(range({ relative: 'yesterday' }, '2025-03-01T04:00:00Z')).toEqual({ start: '2025-02-28', end: '2025-03-01' });
    expect(range({ relative: 'tomorrow' }, '2025-12-31T04:00:00Z')).toEqual({ start: '2026-01-01', end: '2026-01-02' });
    expect(range({ relative: 'today' }, '2024-02-29T04:00:00Z')).toEqual({ start: '2024-02-29', end: '2024-03-01' });
  });

  it('lastMonth on 2024-03-31 is the whole (leap) February', () => {
    expect(range({ relative: 'lastMonth' }, '2024-03-31T04:00:00Z')).toEqual({ start: '2024-02-01', end: '2024-03-01' });
    expect(range({ relative: 'thisMonth' }, '2024-03-31T04:00:00Z')).toEqual({ start: '2024-03-01', end: '2024-04-01' });
    expect(range({ relative: 'nextMonth' }, '2024-01-31T04:00:00Z')).toEqual({ start: '2024-02-01', end: '2024-03-01' });
    expect(range({ relative: 'lastMonth' }, '2025-01-15T04:00:00Z')).toEqual({ start: '2024-12-01', end: '2025-01-01' });
    expect(range({ relative: 'nextMonth' }, '2025-12-15T04:00:00Z')).toEqual({ start: '2026-01-01', end: '2026-02-01' });
  });

  it('quarters, including across year ends', () => {
    expect(range({ relative: 'thisQuarter' }, '2025-05-15T04:00:00Z')).toEqual({ start: '2025-04-01', end: '2025-07-01' });
    expect(range({ relative: 'lastQuarter' }, '2025-02-10T04:00:00Z')).toEqual({ start: '2024-10-01', end: '2025-01-01' });
    expect(range({ relative: 'nextQuarter' }, '2025-11-30T04:00:00Z')).toEqual({ start: '2026-01-01', end: '2026-04-01' });
    expect(range({ relative: 'thisQuarter' }, '2025-12-31T23:59:59Z', 'UTC')).toEqual({ start: '2025-10-01', end: '2026-01-01' });
  });

  it('weeks start on Monday by default, Sunday on request', () => {
    // 2025-01-01 is a Wednesday; 2025-01-05 a Sunday
    expect(range({ relative: 'thisWeek' }, '2025-01-01T04:00:00Z')).toEqual({ start: '2024-12-30', end: '2025-01-06' });
    expect(range({ relative: 'thisWeek' }, '2025-01-05T04:00:00Z')).toEqual({ start: '2024-12-30', end: '2025-01-06' });
    expect(range({ relative: 'lastWeek' }, '2025-01-05T04:00:00Z')).toEqual({ start: '2024-12-23', end: '2024-12-30' });
    expect(range({ relative: 'nextWeek' }, '2025-01-05T04:00:00Z')).toEqual({ start: '2025-01-06', end: '2025-01-13' });
    expect(range({ relative: 'thisWeek' }, '2025-01-05T04:00:00Z', 'Asia/Shanghai', 0)).toEqual({ start: '2025-01-05', end: '2025-01-12' });
    // Monday itself starts the week
    expect(range({ relative: 'thisWeek' }, '2025-01-06T04:00:00Z')).toEqual({ start: '2025-01-06', end: '2025-01-13' });
  });

  it('lastNDays ends today inclusive, nextNDays starts today inclusive', () => {
    expect(range({ relative: 'lastNDays', n: 7 }, '2025-03-03T04:00:00Z')).toEqual({ start: '2025-02-25', end: '2025-03-04' });
    expect(range({ relative: 'lastNDays', n: 3 }, '2024-03-01T04:00:00Z')).toEqual({ start: '2024-02-28', end: '2024-03-02' });
    expect(range({ relative: 'lastNDays', n: 1 }, '2025-03-03T04:00:00Z')).toEqual({ start: '2025-03-03', end: '2025-03-04' });
    expect(range({ relative: 'nextNDays', n: 1 }, '2025-03-03T04:00:00Z')).toEqual({ start: '2025-03-03', end: '2025-03-04' });
    expect(range({ relative: 'nextNDays', n: 5 }, '2025-12-29T04:00:00Z')).toEqual({ start: '2025-12-29', end: '2026-01-03' });
  });
});

describe('DST', () => {
  it('America/New_York spring-forward day has 23 hours, fall-back day 25', () => {
    expect(instants({ relative: 'today' }, '2025-03-09T15:00:00Z', 'America/New_York')).toEqual({
      start: '2025-03-09T05:00:00.000Z',
      end: '2025-03-10T04:00:00.000Z',
    });
    expect(instants({ relative: 'today' }, '2025-11-02T15:00:00Z', 'America/New_York')).toEqual({
      start: '2025-11-02T04:00:00.000Z',
      end: '2025-11-03T05:00:00.000Z',
    });
  });

  it('Pacific/Auckland DST end (April) and start (September)', () => {
    expect(instants({ relative: 'today' }, '2025-04-06T01:00:00Z', 'Pacific/Auckland')).toEqual({
      start: '2025-04-05T11:00:00.000Z',
      end: '2025-04-06T12:00:00.000Z',
    });
    expect(instants({ relative: 'today' }, '2025-09-28T01:00:00Z', 'Pacific/Auckland')).toEqual({
      start: '2025-09-27T12:00:00.000Z',
      end: '2025-09-28T11:00:00.000Z',
    });
  });

  it('a day whose midnight does not exist starts at the first existing instant', () => {
    // America/Santiago jumped from 2024-09-07 24:00 to 2024-09-08 01:00
    expect(new Date(startOfZonedDay('2024-09-08', 'America/Santiago')).toISOString()).toBe('2024-09-08T04:00:00.000Z');
  });

  it('wall times: overlap takes the earlier instant, gap moves forward', () => {
    expect(new Date(zonedWallTimeToInstant('2025-11-02', 'America/New_York', { h: 1, mi: 30 })).toISOString()).toBe(
      '2025-11-02T05:30:00.000Z',
    );
    expect(new Date(zonedWallTimeToInstant('2025-03-09', 'America/New_York', { h: 2, mi: 30 })).toISOString()).toBe(
      '2025-03-09T07:30:00.000Z',
    );
  });
});

describe('parsing', () => {
  it('parseDateOnly accepts real dates only', () => {
    expect(parseDateOnly('2024-02-29')).toBe('2024-02-29');
    expect(parseDateOnly('2025-02-29')).toBeNull();
    expect(parseDateOnly('2025-13-01')).toBeNull();
    expect(parseDateOnly('0099-01-01')).toBeNull();
    expect(parseDateOnly('2025-1-01')).toBeNull();
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
  });

  it('parseDateTime handles ISO, PostgreSQL output and offset-less local times', () => {
    const iso = (s: string, tz = 'UTC') => new Date(parseDateTime(s, tz)!).toISOString();
    expect(iso('2025-01-01T12:00:00Z')).toBe('2025-01-01T12:00:00.000Z');
    expect(iso('2025-01-01 12:00:00+00')).toBe('2025-01-01T12:00:00.000Z');
    expect(iso('2025-01-01 12:00:00.123456+05:30')).toBe('2025-01-01T06:30:00.123Z');
    expect(iso('2025-01-01T08:00:00-0500')).toBe('2025-01-01T13:00:00.000Z');
    expect(iso('2025-01-01T08:00', 'Asia/Shanghai')).toBe('2025-01-01T00:00:00.000Z');
    expect(parseDateTime('2025-01-01T24:00:00Z', 'UTC')).toBeNull();
    expect(parseDateTime('2025-02-30T00:00:00Z', 'UTC')).toBeNull();
    expect(parseDateTime('yesterday', 'UTC')).toBeNull();
  });
});
