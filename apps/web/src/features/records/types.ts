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
  | 'tags' | 'user' | 'department' | 'boolean' | 'phone' | 'email' | 'url' | 'address' | 'attachment'
  /** a customer picked by searching GET /customers?q= (a contact's customer) */
  | 'customer'
  /** a mainland mobile (1[3-9] + 9 digits) or an international number (+…) */
  | 'mobile';

/** Form rules of a standard field, mirroring the server's input schema for it. */
export interface StandardFieldSpec {
  widget: Widget;
  required?: boolean;
  /** text: length bounds; number: value bounds */
  min?: number;
  max?: number;
  integer?: boolean;
  pattern?: RegExp;
  /** phone: require what 查重 can match (area code for landlines), as the lead/contact schemas do */
  strictPhone?: boolean;
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
  /** set when the entry belongs to a linked record (the lead this was converted from, a merged record) */
  from?: { recordType: string; recordId: string };
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
  /** where the entry came from when it is a linked record's (shown as "来自线索 XS…" with a link) */
  source?: ReactNode;
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
  /**
   * Extension points other features plug into (import button, recycle bin, merge, pool actions…).
   * Each returns nothing when it does not apply; they render after the framework's own controls.
   */
  listExtras?: ((ctx: ListExtraContext) => ReactNode)[];
  bulkExtras?: ((ctx: BulkExtraContext) => ReactNode)[];
  detailExtras?: ((record: T, ctx: DetailExtraContext) => ReactNode)[];
  /** related lists and module tabs on the detail page, after details/timeline/files */
  detailTabs?: ((record: T) => { key: string; label: ReactNode; children: ReactNode } | null)[];
  /** blocks under the detail header's key fields (summary facts, "converted to" links) */
  detailSummary?: ((record: T) => ReactNode)[];
  /**
   * Who owns a record created in the form: 'me' (default), a colleague when the user may transfer,
   * and with `rules` also "by assignment rules" (sent as `assign: 'me' | 'rules'`).
   */
  ownerChoice?: { rules: boolean };
  /** the server keeps deleted records in a recycle bin (GET …/recycle-bin, POST …/:id/restore) */
  recycleBin?: boolean;
  /** whether the record's own status allows editing (an approved contract does not): hides 编辑 otherwise */
  editable?: (record: T) => boolean;
  /** the bulk endpoint's action name for adding tags (default 'addTags') */
  bulkTagAction?: string;
}

export interface ListExtraContext {
  /** refetch every list of this record type */
  refresh: () => void;
}
export interface BulkExtraContext extends ListExtraContext {
  ids: string[];
  /** clear the selection and refresh, after a bulk action finished */
  done: () => void;
  /** show a bulk answer like the built-in actions do (failures listed by name), then `done` */
  report?: (result: { ok: string[]; failed: { id: string; code: string; message: string }[] }) => void;
}
export interface DetailExtraContext extends ListExtraContext {
  can: (action: string) => boolean;
}
