/** Pure logic of the 查重 page and the merge dialog (no I/O, unit-tested). */
import type { DuplicateMatch } from '../records/createModel.ts';

export type DedupeRecordType = 'lead' | 'customer' | 'contact';
export const DEDUPE_TYPES: DedupeRecordType[] = ['lead', 'customer', 'contact'];
export type Choice = 'survivor' | 'merged';

/** What the 查重 page and forms send to POST /dedupe/check. */
export interface CheckValues {
  name?: string;
  company?: string;
  mobile?: string;
  phone?: string;
  email?: string;
}

/** The values worth sending: trimmed, empty ones dropped; null when nothing is left. */
export function checkBody(values: CheckValues): CheckValues | null {
  const out: CheckValues = {};
  for (const k of ['name', 'company', 'mobile', 'phone', 'email'] as const) {
    const v = values[k]?.trim();
    if (v) out[k] = v;
  }
  return Object.keys(out).length ? out : null;
}

/**
 * Whether "check as you type" should ask yet: a phone with at least 7 digits, something that
 * looks like an email, or a company of at least 2 characters — not every keystroke of a name.
 */
export function worthChecking(values: CheckValues): boolean {
  const digits = (s?: string) => (s ?? '').replace(/\D/g, '').length;
  return digits(values.mobile) >= 7 || digits(values.phone) >= 7 || /\S@\S+\.\S/.test(values.email ?? '') || [...(values.company ?? '').trim()].length >= 2;
}

/** Results grouped by record type, in the page's order (leads, customers, contacts). */
export function groupByType(items: DuplicateMatch[], types: DedupeRecordType[] = DEDUPE_TYPES): { recordType: DedupeRecordType; items: DuplicateMatch[] }[] {
  return types.map((recordType) => ({ recordType, items: items.filter((m) => m.recordType === recordType) }));
}

/** GET /dedupe/merge-preview, one field. */
export interface MergeField {
  key: string;
  label: string;
  labelEn: string;
  survivor: unknown;
  merged: unknown;
  survivorText?: string | null;
  mergedText?: string | null;
  same: boolean;
  choosable: boolean;
  default: Choice;
}

export interface MergeSide { id: string; title: string | null; number: string | null; ownerName: string | null }

export interface MergePreview {
  recordType: DedupeRecordType;
  survivor: MergeSide;
  merged: MergeSide;
  fields: MergeField[];
  tags: string[];
  related: Record<string, number>;
}

/** The dialog's starting choices: the server's defaults (survivor, or merged where the survivor is empty). */
export function initialChoices(preview: MergePreview): Record<string, Choice> {
  return Object.fromEntries(preview.fields.map((f) => [f.key, f.default]));
}

/** Fields worth a decision first; identical ones only when asked for. */
export function shownFields(preview: MergePreview, showSame: boolean): MergeField[] {
  return preview.fields.filter((f) => showSame || !f.same);
}

/** The body's choices: every differing field the user may decide, explicitly (so what was seen is what happens). */
export function choicesToSend(preview: MergePreview, choices: Record<string, Choice>): Record<string, Choice> {
  const out: Record<string, Choice> = {};
  for (const f of preview.fields) if (!f.same && f.choosable) out[f.key] = choices[f.key] ?? f.default;
  return out;
}

/** The two selected ids with the survivor first; `keepSecond` swaps them. */
export function mergePair(ids: string[], keepSecond: boolean): { survivorId: string; mergedId: string } {
  const [a, b] = ids;
  return keepSecond ? { survivorId: b!, mergedId: a! } : { survivorId: a!, mergedId: b! };
}

/** What moves to the survivor, non-zero kinds only, for the summary line. */
export function relatedSummary(related: Record<string, number>): { kind: string; count: number }[] {
  return Object.entries(related).filter(([, n]) => n > 0).map(([kind, count]) => ({ kind, count }));
}
