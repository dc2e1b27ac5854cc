/** Admin input and API output of web forms. */
import { z } from 'zod';
import { isHttpUrl } from '@loopline/shared';
import type { FieldIssue } from '../../platform/records/customValues.ts';
import type { FormFieldDef } from './fields.ts';
import type { FormFieldConfig, WebFormRow } from './schema.ts';

export const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_FORM_FIELDS = 30;

const optText = (max: number) => z.string().trim().max(max).nullable().optional();

const fieldConfig = z
  .object({
    key: z.string().min(1).max(50),
    label: optText(60),
    required: z.boolean().optional(),
    help: optText(200),
  })
  .strict();

const settings = {
  name: z.string().trim().min(1).max(60),
  slug: z.string().trim().toLowerCase().max(60).regex(SLUG_RE, 'use lower-case letters, digits and single dashes'),
  language: z.enum(['zh-CN', 'en']),
  title: z.string().trim().min(1).max(100),
  description: optText(1000),
  fields: z.array(fieldConfig).min(1).max(MAX_FORM_FIELDS),
  submitLabel: optText(30),
  afterSubmit: z.enum(['message', 'redirect']),
  thankYouMessage: optText(500),
  // http(s) only: a javascript: or data: address would run in the visitor's page
  redirectUrl: z.string().trim().max(2000).refine(isHttpUrl, 'must be an http:// or https:// address').nullable().optional(),
  enabled: z.boolean(),
  leadSource: z.string().min(1).max(40),
  leadTags: z.array(z.string().trim().min(1).max(30)).max(10),
  duplicatePolicy: z.enum(['create', 'skip']),
};

export const createFormInput = z
  .object({ ...settings, slug: settings.slug.optional(), language: settings.language.optional(), title: settings.title.optional(), fields: settings.fields.optional(),
    afterSubmit: settings.afterSubmit.optional(), enabled: settings.enabled.optional(), leadSource: settings.leadSource.optional(),
    leadTags: settings.leadTags.optional(), duplicatePolicy: settings.duplicatePolicy.optional() })
  .strict();
export const updateFormInput = z.object(settings).partial().strict();
export const idParams = z.object({ id: z.string().uuid() });
export const keyParams = z.object({ key: z.string().min(1).max(64) });

export type CreateFormInput = z.infer<typeof createFormInput>;
export type UpdateFormInput = z.infer<typeof updateFormInput>;

/** A new form asks for a name and a mobile; the admin adds the rest. */
export const DEFAULT_FIELDS: FormFieldConfig[] = [
  { key: 'name', label: null, required: true, help: null },
  { key: 'mobile', label: null, required: true, help: null },
];

export function normalizeFieldConfigs(input: z.infer<typeof fieldConfig>[]): FormFieldConfig[] {
  return input.map((f) => ({ key: f.key, label: f.label || null, required: f.required ?? false, help: f.help || null }));
}

/**
 * Rules across a form's fields: each is a usable lead field, none twice, and every field a lead
 * cannot exist without (the name, required custom fields) is on the form and required.
 */
export function checkFormFields(configs: FormFieldConfig[], catalog: FormFieldDef[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const byKey = new Map(catalog.map((f) => [f.key, f]));
  const seen = new Set<string>();
  configs.forEach((c, i) => {
    if (!byKey.has(c.key)) issues.push({ field: `fields.${i}.key`, message: `"${c.key}" is not a lead field a form can ask for` });
    else if (seen.has(c.key)) issues.push({ field: `fields.${i}.key`, message: `"${c.key}" is on the form twice` });
    seen.add(c.key);
  });
  for (const def of catalog.filter((f) => f.requiredOnLead)) {
    const i = configs.findIndex((c) => c.key === def.key);
    if (i < 0) issues.push({ field: 'fields', message: `every lead needs "${def.labelEn}" (${def.key}): add it to the form` });
    else if (!configs[i]!.required) issues.push({ field: `fields.${i}.required`, message: `"${def.labelEn}" is required on every lead` });
  }
  return issues;
}

export function formPath(row: Pick<WebFormRow, 'publicKey' | 'slug'>): string {
  return `/f/${row.publicKey}/${row.slug}`;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function formOut(row: WebFormRow, publicBase: string | null) {
  const path = formPath(row);
  return {
    id: row.id, name: row.name, slug: row.slug, language: row.language, title: row.title, description: row.description,
    fields: row.fields, submitLabel: row.submitLabel, afterSubmit: row.afterSubmit, thankYouMessage: row.thankYouMessage,
    redirectUrl: row.redirectUrl, enabled: row.enabled, leadSource: row.leadSource, leadTags: row.leadTags,
    duplicatePolicy: row.duplicatePolicy, submissionCount: row.submissionCount, lastSubmissionAt: iso(row.lastSubmissionAt),
    publicKey: row.publicKey, path, publicUrl: publicBase ? publicBase + path : null, createdAt: iso(row.createdAt)!, updatedAt: iso(row.updatedAt)!,
  };
}

const fieldOut = z.object({ key: z.string(), label: z.string().nullable(), required: z.boolean(), help: z.string().nullable() });
export const formOutSchema = z.object({
  id: z.string(), name: z.string(), slug: z.string(), language: z.string(), title: z.string(), description: z.string().nullable(),
  fields: z.array(fieldOut), submitLabel: z.string().nullable(), afterSubmit: z.string(), thankYouMessage: z.string().nullable(),
  redirectUrl: z.string().nullable(), enabled: z.boolean(), leadSource: z.string(), leadTags: z.array(z.string()),
  duplicatePolicy: z.string(), submissionCount: z.number(), lastSubmissionAt: z.string().nullable(), publicKey: z.string(),
  path: z.string(), publicUrl: z.string().nullable(), createdAt: z.string(), updatedAt: z.string(),
  /** detail only: a one-hour link that shows the page even while unpublished */
  previewPath: z.string().optional(),
});
