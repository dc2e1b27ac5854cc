/** Request shapes of the follow-up API (routes.ts); the DTO is `Followup` in @loopline/shared. */
import { z } from 'zod';
import { FOLLOWUP_OUTCOMES, FOLLOWUP_RECORD_TYPES, FOLLOWUP_TYPES } from '@loopline/shared';

const dateTime = z.iso.datetime({ offset: true, message: 'must be a date-time with an offset (2026-01-15T09:30:00+08:00)' });
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const locationInput = z.strictObject({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  accuracy: z.number().min(0).max(1_000_000).nullable().optional(),
  address: optionalText(300),
  at: dateTime.nullable().optional(),
});

/** Fields a follow-up's author may change later (the record it is about stays). */
const editable = {
  type: z.enum(FOLLOWUP_TYPES, { message: `must be one of ${FOLLOWUP_TYPES.join(', ')}` }),
  content: z.string().trim().min(1, 'must not be empty').max(5000),
  outcome: z.enum(FOLLOWUP_OUTCOMES, { message: `must be one of ${FOLLOWUP_OUTCOMES.join(', ')}` }).nullable().optional(),
  nextStep: optionalText(1000),
  nextFollowupAt: dateTime.nullable().optional(),
  contactIds: z.array(z.uuid()).max(50).optional(),
  fileIds: z.array(z.uuid()).max(20).optional(),
  location: locationInput.nullable().optional(),
};

export const createFollowupInput = z.strictObject({
  recordType: z.enum(FOLLOWUP_RECORD_TYPES, { message: `must be one of ${FOLLOWUP_RECORD_TYPES.join(', ')}` }),
  recordId: z.uuid(),
  ...editable,
});
export type CreateFollowupInput = z.infer<typeof createFollowupInput>;

export const updateFollowupInput = z.strictObject({
  type: editable.type.optional(),
  content: editable.content.optional(),
  outcome: editable.outcome,
  nextStep: editable.nextStep,
  nextFollowupAt: editable.nextFollowupAt,
  contactIds: editable.contactIds,
  fileIds: editable.fileIds,
  location: editable.location,
});
export type UpdateFollowupInput = z.infer<typeof updateFollowupInput>;

const flag = z.enum(['1', '0', 'true', 'false']).transform((v) => v === '1' || v === 'true');

export const listFollowupsQuery = z.object({
  recordType: z.enum(FOLLOWUP_RECORD_TYPES).optional(),
  recordId: z.uuid().optional(),
  mine: flag.optional(),
  type: z.enum(FOLLOWUP_TYPES).optional(),
  outcome: z.enum(FOLLOWUP_OUTCOMES).optional(),
  from: dateTime.optional(),
  to: dateTime.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListFollowupsQuery = z.infer<typeof listFollowupsQuery>;

export const idParams = z.object({ id: z.uuid() });
