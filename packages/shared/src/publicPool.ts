/** The public pool (公海) as GET /api/v1/pools answers it; server and web share the shape. */

export type PoolRecordType = 'lead' | 'customer';

export interface PublicPool {
  id: string;
  name: string;
  recordTypes: PoolRecordType[];
  position: number;
  hideContacts: boolean;
  dailyClaimLimit: number | null;
  reclaimCooldownDays: number | null;
  recycleEnabled: boolean;
  warnDaysBefore: number;
  exemptClosedDeals: boolean;
  exemptOpenOpportunities: boolean;
  members: { type: 'user' | 'department'; id: string; name: string }[];
  admins: { id: string; name: string }[];
  /** records waiting in the pool, per record type it holds */
  counts: Partial<Record<PoolRecordType, number>>;
  /** the asking user: member/admin of it, and what they may still claim today */
  me: { member: boolean; admin: boolean; claimedToday: number; claimsLeft: number | null };
}
