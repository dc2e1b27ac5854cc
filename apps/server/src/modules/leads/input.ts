import { z } from 'zod';
import { isMobileNumber, isPhoneNumber, parseDateOnly, parseDateTime, startOfZonedDay } from '@loopline/shared';
import { DUPLICATE_POLICIES } from '../../platform/records/batch.ts';
import { LEAD_GRADE_OPTIONS, LEAD_SOURCE_OPTIONS } from './fields.ts';

const values = (opts: { value: string }[]) => opts.map((o) => o.value) as [string, ...string[]];

// Rows come from people, forms, APIs and spreadsheets: numbers where text is expected (phones
// stored as numbers), '' for "no value", tags as "a, b". Each is read leniently, then checked.
const asText = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : v);
const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);
const lenient = <T extends z.ZodType>(schema: T, read: (v: unknown) => unknown = asText) =>
  z.preprocess((v) => blankToNull(read(v)), schema.nullable()).optional();

const text = (max: number) => lenient(z.string().trim().max(max));
const MOBILE_MESSAGE = 'must be a mobile number (11 digits starting 13–19) or an international number starting with +';
const PHONE_MESSAGE = 'must be a phone number with area code (0571-88886666), a mobile, a 400/800 number or +country code';
const mobile = lenient(z.string().trim().max(30).refine(isMobileNumber, MOBILE_MESSAGE));
const phone = lenient(z.string().trim().max(30).refine(isPhoneNumber, PHONE_MESSAGE));
// Full-width ＠ and the IME's 。 are common slips; the stored address is the repaired one.
const email = lenient(z.email('invalid email').max(254), (v) => (typeof v === 'string' ? v.normalize('NFKC').replace(/[。｡]/gu, '.').trim().toLowerCase() : v));
const budget = lenient(
  z.number('must be a number').min(0, 'must not be negative').max(999_999_999_999, 'is too large'),
  (v) => (typeof v === 'string' && /^\s*-?[\d,，]+(\.\d+)?\s*$/.test(v) ? Number(v.replace(/[,，\s]/g, '')) : v),
);
const tags = z
  .preprocess(
    (v) => (typeof v === 'string' ? v.split(/[,，;；、]/).map((s) => s.trim()).filter(Boolean) : v === null ? [] : v),
    z.array(z.string().trim().min(1).max(30)).max(20),
  )
  .optional();

/** A date-time with an offset, or a wall time / date in the tenant's zone (as spreadsheets have them). */
function when(timeZone: string) {
  return z
    .preprocess((v) => blankToNull(v), z.union([z.date(), z.string().max(40)]).nullable())
    .transform((v, ctx) => {
      if (v === null) return null;
      const ms = v instanceof Date ? v.getTime() : parseDateOnly(v.trim()) ? startOfZonedDay(v.trim(), timeZone) : parseDateTime(v.trim(), timeZone);
      if (ms === null || Number.isNaN(ms)) {
        ctx.addIssue({ code: 'custom', message: 'must be a date (2026-01-15) or date-time (2026-01-15T09:30:00+08:00)' });
        return z.NEVER;
      }
      return new Date(ms);
    })
    .optional();
}

/** Settable lead fields; owner, numbers and follow-up bookkeeping by activities are not here. */
function leadFields(timeZone: string) {
  return {
    name: lenient(z.string().trim().min(1, 'name is required').max(100)),
    company: text(200),
    title: text(100),
    mobile,
    phone,
    email,
    wechat: text(50),
    province: text(50),
    city: text(50),
    district: text(50),
    address: text(200),
    source: lenient(z.enum(values(LEAD_SOURCE_OPTIONS), 'not a lead source')),
    industry: text(50),
    productInterest: text(200),
    budget,
    grade: lenient(z.enum(values(LEAD_GRADE_OPTIONS) as ['A', 'B', 'C'], 'must be A, B or C')),
    tags,
    lastFollowupAt: when(timeZone),
    lastFollowupContent: text(2000),
    nextFollowupAt: when(timeZone),
    remark: text(2000),
    custom: z.record(z.string(), z.unknown()).optional(),
  };
}

export const CREATABLE_STATUSES = ['new', 'contacting', 'qualified', 'invalid'] as const;
const needsReason = (b: { status?: string | null; invalidReason?: string | null }, ctx: z.RefinementCtx) => {
  if (b.status === 'invalid' && !b.invalidReason) ctx.addIssue({ code: 'custom', path: ['invalidReason'], message: 'is required for an invalid lead' });
};

/** One row of a batch (form, API, import, single create): its fields, status and explicit owner. */
export function leadRowSchema(timeZone: string) {
  return z
    .object({
      ...leadFields(timeZone),
      status: lenient(z.enum(CREATABLE_STATUSES, 'must be new, contacting, qualified or invalid')),
      invalidReason: text(500),
      ownerId: lenient(z.uuid('must be a user id')),
    })
    .strict()
    .superRefine((row, ctx) => {
      if (!row.name) ctx.addIssue({ code: 'custom', path: ['name'], message: 'name is required' });
      needsReason(row, ctx);
    });
}
export type LeadRowInput = z.infer<ReturnType<typeof leadRowSchema>>;

/** Edits: the same fields (a name may not be emptied), plus "yes, I know it looks like a duplicate". */
export function leadUpdateSchema(timeZone: string) {
  return z
    .object({ ...leadFields(timeZone), confirmDuplicate: z.boolean().optional() })
    .strict()
    .superRefine((b, ctx) => {
      if (b.name === null) ctx.addIssue({ code: 'custom', path: ['name'], message: 'name is required' });
    });
}
export type LeadUpdateInput = z.infer<ReturnType<typeof leadUpdateSchema>>;

const policy = z.enum(DUPLICATE_POLICIES as ['skip', 'update', 'create', 'reject']);
const assign = z.enum(['me', 'rules']);

/** POST /leads: a lead's fields (checked by the batch creator) plus how to own and dedupe it. */
export const createLeadBody = z.looseObject({ assign: assign.optional(), duplicatePolicy: z.enum(['reject', 'create']).optional() });

export const MAX_BATCH = 1000;
export const batchBody = z
  .object({ items: z.array(z.record(z.string(), z.unknown())).min(1).max(MAX_BATCH), duplicatePolicy: policy.optional(), assign: assign.optional() })
  .strict();

export const ownerBody = z.object({ ownerId: z.uuid(), reason: z.string().trim().max(500).optional() }).strict();
export const statusBody = z
  .object({ status: z.enum(CREATABLE_STATUSES), reason: z.string().trim().max(500).optional() })
  .strict()
  .superRefine((b, ctx) => {
    if (b.status === 'invalid' && !b.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'is required to mark a lead invalid' });
  });

export const idParams = z.object({ id: z.uuid() });
export const shareParams = z.object({ id: z.uuid(), userId: z.uuid() });
export const historyQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), before: z.coerce.number().int().positive().optional() }).strict();

const iso = z.string().nullable();
const str = z.string().nullable();
/** Response shape; every field but id is optional because hidden fields are removed per role. */
export const leadOut = z
  .object({
    number: str, name: z.string(), company: str, title: str, mobile: str, phone: str, email: str, wechat: str,
    status: z.string(), invalidReason: str, grade: str, source: str, sourceDetail: z.record(z.string(), z.unknown()),
    industry: str, productInterest: str, budget: z.number().nullable(), province: str, city: str, district: str, address: str,
    ownerId: str, ownerName: str, previousOwnerId: str, previousOwnerName: str, ownerSince: iso, poolId: str,
    tags: z.array(z.string()), lastFollowupAt: iso, lastFollowupContent: str, nextFollowupAt: iso, firstContactedAt: iso,
    convertedAt: iso, convertedCustomerId: str, convertedCustomerName: str, convertedContactId: str,
    remark: str, custom: z.record(z.string(), z.unknown()), createdAt: z.string(), updatedAt: z.string(),
    deletedAt: iso, deletedBy: str, deletedByName: str,
  })
  .partial()
  .extend({ id: z.string() });

export const listOut = z.object({ items: z.array(leadOut), total: z.number().optional(), hasMore: z.boolean() });
