/** Types, queries and pure helpers of the web-forms settings pages; requests go through lib/api.ts. */
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';

export type FormInput = 'text' | 'textarea' | 'mobile' | 'phone' | 'email' | 'url' | 'number' | 'date' | 'select' | 'multiselect' | 'checkbox';

export interface FieldOption { value: string; label: string; labelEn?: string }

/** A lead field a form can ask for (GET /web-forms/fields). */
export interface CatalogField {
  key: string;
  label: string;
  labelEn: string;
  input: FormInput;
  source: 'standard' | 'custom';
  maxLength?: number;
  options?: FieldOption[];
  /** every lead needs it, so the form must ask for it, required */
  requiredOnLead: boolean;
}

export interface FormFieldConfig {
  key: string;
  label: string | null;
  required: boolean;
  help: string | null;
}

export interface WebForm {
  id: string;
  name: string;
  slug: string;
  language: 'zh-CN' | 'en';
  title: string;
  description: string | null;
  fields: FormFieldConfig[];
  submitLabel: string | null;
  afterSubmit: 'message' | 'redirect';
  thankYouMessage: string | null;
  redirectUrl: string | null;
  enabled: boolean;
  leadSource: string;
  leadTags: string[];
  duplicatePolicy: 'create' | 'skip';
  submissionCount: number;
  lastSubmissionAt: string | null;
  publicKey: string;
  path: string;
  /** set when the server knows its public address (PUBLIC_URL) */
  publicUrl: string | null;
  previewPath?: string;
  createdAt: string;
  updatedAt: string;
}

export const webFormKeys = {
  all: ['web-forms'] as const,
  one: (id: string) => ['web-forms', id] as const,
  fields: ['web-forms', 'fields'] as const,
};

export function useWebForms() {
  return useQuery({ queryKey: webFormKeys.all, queryFn: () => api.get<{ items: WebForm[] }>('/web-forms').then((r) => r.items) });
}

export function useWebForm(id: string) {
  return useQuery({ queryKey: webFormKeys.one(id), queryFn: () => api.get<WebForm>(`/web-forms/${id}`) });
}

export function useFormCatalog() {
  return useQuery({ queryKey: webFormKeys.fields, queryFn: () => api.get<{ items: CatalogField[]; sources: FieldOption[] }>('/web-forms/fields'), staleTime: 60_000 });
}

/** The address strangers open: the server's PUBLIC_URL when set, otherwise this app's own origin. */
export function formUrl(form: Pick<WebForm, 'path' | 'publicUrl'>, origin: string): string {
  return form.publicUrl ?? `${origin.replace(/\/$/, '')}${form.path}`;
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * What a site owner pastes: the iframe (works alone) plus the script that sizes it to its content
 * and tells the form which page it sits on (for UTM tags and the referrer).
 */
export function embedCode(form: Pick<WebForm, 'path' | 'publicUrl' | 'title'>, origin: string): string {
  const url = formUrl(form, origin);
  const base = new URL(url).origin;
  return [
    `<iframe src="${escapeAttr(`${url}?embed=1`)}" data-loopline-form title="${escapeAttr(form.title)}" style="width:100%;height:640px;border:0" loading="lazy"></iframe>`,
    `<script src="${escapeAttr(`${base}/f/embed.js`)}" async></script>`,
  ].join('\n');
}

/** A label in the UI language. */
export function fieldLabel(f: Pick<CatalogField, 'label' | 'labelEn'>, lang: string): string {
  return lang.startsWith('en') ? f.labelEn || f.label : f.label;
}

/** Moves one item; the array is copied (React state). */
export function moveItem<T>(items: T[], from: number, to: number): T[] {
  if (from === to || from < 0 || to < 0 || from >= items.length || to >= items.length) return items;
  const next = [...items];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}

/** Adds a field to the form; fields every lead needs come in required. */
export function addField(fields: FormFieldConfig[], f: CatalogField): FormFieldConfig[] {
  if (fields.some((x) => x.key === f.key)) return fields;
  return [...fields, { key: f.key, label: null, required: f.requiredOnLead, help: null }];
}

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false; // insecure context or denied: the caller shows the text to copy by hand
  }
}
