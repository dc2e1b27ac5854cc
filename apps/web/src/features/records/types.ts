/**
 * The record framework's contract. A module (customers, leads, …) describes itself once as a
 * RecordTypeConfig; the list, detail and form pages read field metadata from the server and the
 * config, so every module behaves alike.
 */
import type { ReactNode } from 'react';
import type { FieldKind, FilterNode, RecordType, SortSpec } from '@loopline/shared';

export interface FieldOption {
  value: string;
  label: string;
  labelEn?: string | null;
}

/** One field as `GET /api/v1/<type>/fields` describes it for the signed-in user (hidden fields are absent). */
export interface FieldMeta {
  key: string;
  label: string;
  labelEn: string;
  /** filter kind; null = not filterable (address, attachment) */
  kind: FieldKind | null;
  /** custom field type (text, money, …); null for standard fields */
  type: string | null;
  source: 'standard' | 'custom';
  filterable: boolean;
  sortable: boolean;
  options: FieldOption[];
  access: 'readonly' | 'editable';
  masked: boolean;
}

/** Validation settings of a custom field, from `GET /api/v1/custom-fields?recordType=`. */
export interface CustomFieldRules {
  key: string;
  type: string;
  required: boolean;
  min: number | null;
  max: number | null;
  pattern: string | null;
}

/** How a field is edited and shown; standard fields declare it in the config, custom fields derive it. */
export type Widget =
  | 'text' | 'longText' | 'number' | 'money' | 'percent' | 'date' | 'datetime' | 'singleSelect' | 'multiSelect'
  | 'tags' | 'user' | 'department' | 'boolean' | 'phone' | 'email' | 'url' | 'address' | 'attachment';

/** Form rules of a standard field, mirroring the server's input schema for it. */
export interface StandardFieldSpec {
  widget: Widget;
  required?: boolean;
  /** text: length bounds; number: value bounds */
  min?: number;
  max?: number;
  integer?: boolean;
  pattern?: RegExp;
  /** shown in create/edit forms (false: system-maintained, like number or timestamps) */
  editable?: boolean;
}

export type RecordLike = Record<string, unknown> & { id: string };

export interface ListResponse<T = RecordLike> {
  items: T[];
  total?: number;
  hasMore: boolean;
}

export interface SavedView {
  id: string;
  recordType: string;
  name: string;
  filter: FilterNode | null;
  sort: SortSpec[];
  columns: string[];
  shared: boolean;
  ownerId: string;
  mine: boolean;
}

export interface HistoryEntry {
  id: number;
  action: string;
  actorId: string | null;
  actorName: string | null;
  actorType: string;
  createdAt: string;
  changes: Record<string, { before: unknown; after: unknown }>;
  data: Record<string, unknown>;
}

/**
 * One entry of a record's timeline. History (audit) entries and, later, follow-ups, calls and
 * visits share it: `kind` picks the icon, `changes` is for field diffs, `body` for free content.
 */
export interface TimelineItem {
  id: string;
  kind: 'create' | 'update' | 'delete' | 'ownerChange' | 'share' | 'followup' | (string & {});
  at: string;
  actorName: string | null;
  title: string;
  changes?: { field: string; label: string; before: ReactNode; after: ReactNode }[];
  body?: ReactNode;
}

export interface RecordTypeConfig<T extends RecordLike = RecordLike> {
  recordType: RecordType;
  /** REST base under /api/v1, e.g. '/customers' */
  apiPath: string;
  /** web route base, e.g. '/customers' */
  routePath: string;
  /** i18n key prefix of the module's own strings, e.g. 'customers' */
  title: () => string;
  singular: () => string;
  /** standard-field form and display specs, keyed by field key */
  standardFields: Record<string, StandardFieldSpec>;
  /** default list columns (field keys) when the user has chosen none */
  defaultColumns: string[];
  /** fields shown in the detail header's key-field grid and on phone cards */
  keyFields: string[];
  /** the record's title, e.g. its name */
  titleOf: (record: T) => string;
  /** optional coloured tags next to the title (grade, status …) */
  statusTags?: (record: T) => ReactNode;
  /** per-field display overrides (e.g. owner name, grade tag) */
  render?: Partial<Record<string, (record: T) => ReactNode>>;
}
