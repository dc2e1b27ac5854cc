/** Durations of the flow language ({days, hours, minutes}): arithmetic and wording. Pure. */
import type { FlowDuration } from '@loopline/shared';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Length in milliseconds. A day is a fixed 24 h: the tenant zones we serve (Asia/Shanghai) have no
 * daylight saving, and "due in 1 day" meaning "in 24 hours" is what reps expect anyway.
 */
export function durationMs(d: FlowDuration | undefined | null): number {
  if (!d) return 0;
  return (d.days ?? 0) * DAY + (d.hours ?? 0) * HOUR + (d.minutes ?? 0) * MINUTE;
}

/** `date` moved forward by `d` (sign -1: backward). */
export function addDuration(date: Date, d: FlowDuration | undefined | null, sign: 1 | -1 = 1): Date {
  return new Date(date.getTime() + sign * durationMs(d));
}

export function isZeroDuration(d: FlowDuration | undefined | null): boolean {
  return durationMs(d) === 0;
}

/** "3天4小时"; "0分钟" for an empty duration. */
export function describeDuration(d: FlowDuration | undefined | null): string {
  const parts: string[] = [];
  if (d?.days) parts.push(`${d.days}天`);
  if (d?.hours) parts.push(`${d.hours}小时`);
  if (d?.minutes) parts.push(`${d.minutes}分钟`);
  return parts.length ? parts.join('') : '0分钟';
}
