// Which fields a merge lets the user choose, per record type, and what happens to the rest.
// Keys are the API's field names; each choosable field lists the columns that travel with it
// (choosing the merged record's owner brings its pool state; its status, the invalid reason).
import { contacts } from '../contacts/schema.ts';
import { customers } from '../customers/schema.ts';
import { leads } from '../leads/schema.ts';
import type { DedupeRecordType } from './service.ts';

export interface MergeSpec {
  table: typeof leads | typeof customers | typeof contacts;
  /** field → the drizzle properties copied together when the merged record's value is chosen */
  fields: Record<string, string[]>;
  /** activity timestamps: the survivor keeps the later one (with the columns listed after it) */
  latest: string[][];
  /** the survivor keeps the earlier one */
  earliest: string[];
  /** other tables' columns that point at this record type: they follow the survivor */
  references: { table: string; column: string }[];
}

const plain = (...keys: string[]) => Object.fromEntries(keys.map((k) => [k, [k]]));

export const MERGE_SPECS: Record<DedupeRecordType, MergeSpec> = {
  lead: {
    table: leads,
    fields: {
      ...plain('name', 'company', 'title', 'mobile', 'phone', 'email', 'wechat', 'province', 'city', 'district', 'address'),
      source: ['source', 'sourceDetail'],
      ...plain('industry', 'productInterest', 'budget', 'grade'),
      status: ['status', 'invalidReason'],
      ...plain('nextFollowupAt', 'remark'),
      ownerId: ['ownerId', 'previousOwnerId', 'ownerSince', 'assignedAt', 'assignmentRuleId', 'poolId', 'poolEnteredAt'],
    },
    latest: [['lastFollowupAt', 'lastFollowupContent']],
    earliest: ['firstContactedAt'],
    references: [],
  },
  customer: {
    table: customers,
    fields: {
      ...plain('name', 'kind', 'industry', 'scale', 'grade', 'lifecycleStage', 'dealStatus', 'source', 'province', 'city', 'district'),
      address: ['address', 'latitude', 'longitude'],
      ...plain('phone', 'email', 'website', 'healthScore', 'nextFollowupAt', 'remark'),
      ownerId: ['ownerId', 'previousOwnerId', 'ownerSince', 'poolId', 'poolEnteredAt'],
    },
    latest: [['lastFollowupAt'], ['lastOpportunityAt']],
    earliest: [],
    // a module whose table points at customers adds its column here, so merges carry its records
    references: [{ table: 'contacts', column: 'customer_id' }, { table: 'leads', column: 'converted_customer_id' }],
  },
  contact: {
    table: contacts,
    fields: {
      ...plain('name', 'customerId', 'title', 'department', 'mobile', 'phone', 'email', 'wechat', 'gender', 'birthday'),
      ...plain('isKeyDecisionMaker', 'decisionRole', 'isPrimary', 'address', 'nextFollowupAt', 'remark', 'ownerId'),
    },
    latest: [['lastFollowupAt']],
    earliest: [],
    references: [{ table: 'leads', column: 'converted_contact_id' }],
  },
};

/** Empty for "fill from the other record": null, '', [] and {}. */
export function isEmptyValue(v: unknown): boolean {
  if (v === null || v === undefined || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  return false;
}

/** Values compared as the API shows them (dates as ISO text, numerics as stored text). */
export function sameValue(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => (v instanceof Date ? v.toISOString() : isEmptyValue(v) ? null : v);
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

export type Choice = 'survivor' | 'merged';

/** The default pick: the survivor's value, unless it is empty and the merged record has one. */
export function defaultChoice(survivor: unknown, merged: unknown): Choice {
  return isEmptyValue(survivor) && !isEmptyValue(merged) ? 'merged' : 'survivor';
}

/** Tags of both, survivor's first, without repeats. */
export function unionTags(a: string[] | null | undefined, b: string[] | null | undefined): string[] {
  return [...new Set([...(a ?? []), ...(b ?? [])])];
}

/** The later of two optional timestamps. */
export function later(a: Date | null | undefined, b: Date | null | undefined): 'survivor' | 'merged' {
  if (!b) return 'survivor';
  if (!a) return 'merged';
  return b.getTime() > a.getTime() ? 'merged' : 'survivor';
}
