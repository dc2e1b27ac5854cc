/**
 * What a create request says beyond the record's fields — who owns it and what to do about
 * duplicates — and how a 409 DUPLICATE answer is read. Pure, so it is unit-tested.
 */
import { ApiError } from '../../lib/api.ts';

export type OwnerMode = 'me' | 'rules' | 'user';

/**
 * The owner part of a create body: `assign` where the server tells "me" from "by assignment
 * rules" (leads), an explicit `ownerId` for a chosen colleague, nothing for "me" elsewhere.
 */
export function ownerPayload(values: Record<string, unknown>, choice: { rules: boolean }): Record<string, unknown> {
  const mode = values.assignMode as OwnerMode | undefined;
  if (mode === 'user' && typeof values.ownerId === 'string') return { ownerId: values.ownerId };
  if (!choice.rules) return {};
  return { assign: mode === 'rules' ? 'rules' : 'me' };
}

/**
 * An existing record that a new or edited one duplicates, as the server presents it: fields the
 * viewer may not see are already left out (no owner name, `visible: false` = no link).
 */
export interface DuplicateMatch {
  recordType: string;
  id: string;
  title: string | null;
  number?: string | null;
  ownerId?: string | null;
  ownerName?: string | null;
  /** mobile / email / phone / company / similarName / name */
  matchedOn?: string[];
  similarity?: number;
  /** false when the viewer may not open the record */
  visible?: boolean;
}

/** The matches of a 409 DUPLICATE answer, or null for any other error. */
export function duplicatesOf(err: unknown): DuplicateMatch[] | null {
  if (!(err instanceof ApiError) || err.code !== 'DUPLICATE') return null;
  const list = err.detail<unknown>('duplicates');
  return Array.isArray(list) ? (list as DuplicateMatch[]) : [];
}

/** The body to resend after the person confirmed "create/save anyway". */
export function withOverride(body: Record<string, unknown>, editing: boolean): Record<string, unknown> {
  return editing ? { ...body, confirmDuplicate: true } : { ...body, duplicatePolicy: 'create' };
}
