import { z } from 'zod';
import { MAX_TEMPLATE_LENGTH, PRINT_ORIENTATIONS, PRINT_PAGE_SIZES, PRINT_RECORD_TYPES } from '@loopline/shared';

export const recordTypeSchema = z.enum(PRINT_RECORD_TYPES);
const body = z.string().max(MAX_TEMPLATE_LENGTH, `at most ${MAX_TEMPLATE_LENGTH} characters`);

export const createTemplateInput = z.object({
  recordType: recordTypeSchema,
  name: z.string().trim().min(1).max(100),
  body: body.min(1),
  pageSize: z.enum(PRINT_PAGE_SIZES).optional(),
  orientation: z.enum(PRINT_ORIENTATIONS).optional(),
  isDefault: z.boolean().optional(),
}).strict();

export const updateTemplateInput = z.object({
  name: z.string().trim().min(1).max(100),
  body: body.min(1),
  pageSize: z.enum(PRINT_PAGE_SIZES),
  orientation: z.enum(PRINT_ORIENTATIONS),
  isDefault: z.boolean(),
}).partial().strict();

export const listQuery = z.object({ recordType: recordTypeSchema.optional() }).strict();
export const fieldsQuery = z.object({ recordType: recordTypeSchema }).strict();
export const idParams = z.object({ id: z.string().uuid() }).strict();

/** templateId: a template's id, or "builtin" for the built-in template of the type */
const templateRef = z.union([z.string().uuid(), z.literal('builtin')]);

export const previewInput = z.object({
  recordType: recordTypeSchema,
  recordId: z.string().uuid(),
  /** a draft body to try; without it the template (templateId, or the default) prints */
  body: body.optional(),
  templateId: templateRef.optional(),
  pageSize: z.enum(PRINT_PAGE_SIZES).optional(),
  orientation: z.enum(PRINT_ORIENTATIONS).optional(),
}).strict();

export const printParams = z.object({ recordType: recordTypeSchema, file: z.string().max(60) }).strict();
export const printQuery = z.object({ templateId: templateRef.optional(), disposition: z.enum(['attachment', 'inline']).optional() }).strict();
