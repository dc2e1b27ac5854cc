/**
 * The convert dialog's model: what the server prefilled (GET /leads/:id/conversion-preview, by the
 * admin's lead → customer/contact mapping), what the person changed, and the POST /leads/:id/convert
 * body built from it. Only changed values travel as overrides, so the server's mapping stays the
 * source of truth for everything the person accepted as is. Pure.
 */
import type { DuplicateMatch } from '../records/createModel.ts';

export interface ConversionPreview {
  /** customer values the mapping fills in (custom fields under `custom`) */
  customer: Record<string, unknown>;
  /** contact values; null/absent when the lead has nothing for a contact */
  contact?: Record<string, unknown> | null;
  /** existing customers/contacts/leads the new ones would duplicate */
  duplicates?: DuplicateMatch[];
}

export type CustomerMode = 'new' | 'existing';

/** The dialog's choices; field values are in API form (strings, numbers, ISO dates), custom ones nested. */
export interface ConversionChoice {
  customerMode: CustomerMode;
  /** the existing customer to attach to (mode 'existing') */
  customerId: string | null;
  customer: Record<string, unknown>;
  createContact: boolean;
  contact: Record<string, unknown>;
}

export interface ConvertBody {
  customer: { mode: 'new'; values?: Record<string, unknown> } | { mode: 'existing'; customerId: string };
  contact?: { create: boolean; values?: Record<string, unknown> };
}

export type ConversionProblem = 'customerRequired' | 'customerNameRequired' | 'contactNameRequired';

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);
const norm = (v: unknown) => (blank(v) ? null : typeof v === 'string' ? v.trim() : v);
const same = (a: unknown, b: unknown) => JSON.stringify(norm(a)) === JSON.stringify(norm(b));

/** Where the dialog starts: a new customer and a contact, both exactly as the mapping prefilled them. */
export function initialChoice(preview: ConversionPreview): ConversionChoice {
  const contact = preview.contact ?? {};
  return {
    customerMode: 'new',
    customerId: null,
    customer: { ...preview.customer },
    createContact: Object.keys(contact).length > 0 && !blank(contact.name),
    contact: { ...contact },
  };
}

/**
 * The values that differ from the prefill, including cleared ones (sent as null so the server does
 * not refill them). Custom fields are compared one by one inside `custom`.
 */
export function overrides(values: Record<string, unknown>, prefilled: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(values), ...Object.keys(prefilled)])) {
    if (key === 'custom') continue;
    if (!(key in values)) continue; // a field the dialog did not show keeps the mapping's value
    if (!same(values[key], prefilled[key])) out[key] = norm(values[key]);
  }
  const vc = (values.custom ?? {}) as Record<string, unknown>;
  const pc = (prefilled.custom ?? {}) as Record<string, unknown>;
  const custom: Record<string, unknown> = {};
  for (const key of Object.keys(vc)) if (!same(vc[key], pc[key])) custom[key] = norm(vc[key]);
  if (Object.keys(custom).length) out.custom = custom;
  return out;
}

/** What stops the conversion before it is sent; the server checks everything again. */
export function conversionProblems(choice: ConversionChoice): ConversionProblem[] {
  const out: ConversionProblem[] = [];
  if (choice.customerMode === 'existing' && !choice.customerId) out.push('customerRequired');
  if (choice.customerMode === 'new' && blank(choice.customer.name)) out.push('customerNameRequired');
  if (choice.createContact && blank(choice.contact.name)) out.push('contactNameRequired');
  return out;
}

/** POST /leads/:id/convert's body for the choices. */
export function conversionBody(choice: ConversionChoice, preview: ConversionPreview): ConvertBody {
  let customer: ConvertBody['customer'];
  if (choice.customerMode === 'existing') customer = { mode: 'existing', customerId: choice.customerId ?? '' };
  else {
    const values = overrides(choice.customer, preview.customer);
    customer = Object.keys(values).length ? { mode: 'new', values } : { mode: 'new' };
  }
  if (!choice.createContact) return { customer, contact: { create: false } };
  const values = overrides(choice.contact, preview.contact ?? {});
  return { customer, contact: Object.keys(values).length ? { create: true, values } : { create: true } };
}

/** Existing customers among the duplicates: the dialog offers to attach the lead to one of them instead. */
export function customerMatches(preview: ConversionPreview): DuplicateMatch[] {
  return (preview.duplicates ?? []).filter((d) => d.recordType === 'customer');
}
