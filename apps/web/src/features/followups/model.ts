/** Pure rules of the follow-up drawer: quick next-time choices, the request body, check-in messages. */
import type { Dayjs } from 'dayjs';
import type { FollowupLocation, FollowupOutcome, FollowupRecordType, FollowupType, NewFollowup } from '@loopline/shared';

export type NextPreset = 'tomorrow' | 'in3Days' | 'nextWeek';
export const NEXT_PRESETS: NextPreset[] = ['tomorrow', 'in3Days', 'nextWeek'];

/** Follow-ups are planned for a working morning: 10:00 on the chosen day (next week = Monday). */
export function presetTime(preset: NextPreset, now: Dayjs): Dayjs {
  const at10 = (d: Dayjs) => d.hour(10).minute(0).second(0).millisecond(0);
  switch (preset) {
    case 'tomorrow':
      return at10(now.add(1, 'day'));
    case 'in3Days':
      return at10(now.add(3, 'day'));
    case 'nextWeek': {
      const toMonday = ((8 - now.day()) % 7) || 7;
      return at10(now.add(toMonday, 'day'));
    }
  }
}

export interface FollowupFormValues {
  type: FollowupType;
  content: string;
  outcome?: FollowupOutcome | null;
  nextStep?: string | null;
  nextFollowupAt?: Dayjs | null;
  contactIds?: string[];
}

/**
 * The POST body. Blank optional fields are left out (the server's schema is strict and an absent
 * next time keeps the record's); a check-in is sent with the address the user confirmed.
 */
export function toPayload(
  target: { recordType: FollowupRecordType; recordId: string },
  v: FollowupFormValues,
  extra: { fileIds: string[]; location: FollowupLocation | null },
): NewFollowup {
  const body: NewFollowup = { recordType: target.recordType, recordId: target.recordId, type: v.type, content: v.content.trim() };
  if (v.outcome) body.outcome = v.outcome;
  if (v.nextStep?.trim()) body.nextStep = v.nextStep.trim();
  if (v.nextFollowupAt) body.nextFollowupAt = v.nextFollowupAt.toISOString();
  if (v.contactIds?.length) body.contactIds = v.contactIds;
  if (extra.fileIds.length) body.fileIds = extra.fileIds;
  if (extra.location) body.location = { ...extra.location, address: extra.location.address?.trim() || null };
  return body;
}

/** The PATCH body of an edit: every editable field, cleared ones as null. */
export function toPatch(v: FollowupFormValues, extra: { fileIds: string[]; location: FollowupLocation | null }) {
  return {
    type: v.type,
    content: v.content.trim(),
    outcome: v.outcome ?? null,
    nextStep: v.nextStep?.trim() || null,
    nextFollowupAt: v.nextFollowupAt ? v.nextFollowupAt.toISOString() : null,
    contactIds: v.contactIds ?? [],
    fileIds: extra.fileIds,
    location: extra.location ? { ...extra.location, address: extra.location.address?.trim() || null } : null,
  };
}

export type CheckInProblem = 'denied' | 'unavailable' | 'timeout' | 'unsupported';

/** GeolocationPositionError codes: 1 permission denied, 2 position unavailable, 3 timeout. */
export function checkInProblem(code: number | undefined): CheckInProblem {
  return code === 1 ? 'denied' : code === 3 ? 'timeout' : code === 2 ? 'unavailable' : 'unsupported';
}

/** A position as the follow-up stores it: 6 decimals (≈ 0.1 m) is all a visit needs. */
export function toLocation(coords: { latitude: number; longitude: number; accuracy?: number | null }, address: string | null, at: Date): FollowupLocation {
  const round = (x: number) => Math.round(x * 1e6) / 1e6;
  return { lat: round(coords.latitude), lng: round(coords.longitude), accuracy: coords.accuracy == null ? null : Math.round(coords.accuracy), address, at: at.toISOString() };
}

/** The address a check-in starts from: what the record says (lead: province + city + district + address). */
export function recordAddress(record: Record<string, unknown>): string {
  const parts = ['province', 'city', 'district', 'address'].map((k) => record[k]);
  const flat = parts.filter((x): x is string => typeof x === 'string' && x.trim() !== '').join('');
  if (flat) return flat;
  const a = record.address;
  if (a && typeof a === 'object') return Object.values(a as Record<string, unknown>).filter((x) => typeof x === 'string' && x).join('');
  return '';
}
