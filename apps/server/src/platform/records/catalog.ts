import { sql, type SQL } from 'drizzle-orm';
import { PgDialect, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { FilterError, type FieldKind, type FilterNode, type MaskMode, type SortSpec } from '@loopline/shared';
import type { Actor } from '../auth/actor.ts';
import { fieldAccess } from '../permissions/effective.ts';
import { compileFilter, compileSort, type SqlFieldCatalog } from '../filters/index.ts';
import { CUSTOM_KEY_RE, type CustomFieldDef } from './customValues.ts';
import type { FieldOption, RecordTypeDef } from './registry.ts';

/** Filter kind of each custom field type; null = not filterable (attachments, addresses). */
export const CUSTOM_KIND: Record<string, FieldKind | null> = {
  text: 'text', longText: 'text', phone: 'text', email: 'text', url: 'text',
  number: 'number', money: 'number', percent: 'number',
  date: 'date', datetime: 'datetime', singleSelect: 'select', multiSelect: 'multiselect',
  user: 'uuid', department: 'uuid', boolean: 'boolean',
  address: null, attachment: null,
};

/**
 * SQL reading one custom value with the type its kind needs. Text→date and text→timestamptz casts
 * are not IMMUTABLE in PostgreSQL, so they could not back an expression index; dates and
 * datetimes are stored canonically ('YYYY-MM-DD', toISOString) and read with make_date /
 * make_timestamp, which are immutable. The same expression serves filters, sorts and the index,
 * so the planner can match them. The key is inlined (not a bind parameter) for the same reason;
 * it is validated against CUSTOM_KEY_RE, so nothing can be injected.
 */
export function customFieldSql(customCol: AnyPgColumn | SQL, key: string, type: string): SQL {
  if (!CUSTOM_KEY_RE.test(key)) throw new Error(`invalid custom key ${key}`);
  const t = sql`(${customCol}->>${sql.raw(`'${key}'`)})`;
  const part = (from: number, len: number, cast = 'int') => sql`substr(${t}, ${sql.raw(`${from}, ${len}`)})::${sql.raw(cast)}`;
  switch (CUSTOM_KIND[type]) {
    case 'number':
      return sql`(${t}::numeric)`;
    case 'boolean':
      return sql`(${t}::boolean)`;
    case 'date':
      return sql`make_date(${part(1, 4)}, ${part(6, 2)}, ${part(9, 2)})`;
    case 'datetime':
      return sql`timezone('UTC', make_timestamp(${part(1, 4)}, ${part(6, 2)}, ${part(9, 2)}, ${part(12, 2)}, ${part(15, 2)}, ${part(18, 6, 'float8')}))`;
    case 'multiselect':
      return sql`(${customCol}->${sql.raw(`'${key}'`)})`;
    default:
      return t;
  }
}

const dialect = new PgDialect();

/** The index expression as DDL text: exactly customFieldSql over the bare `custom` column. */
export function customIndexExpression(key: string, type: string): string {
  const q = dialect.sqlToQuery(customFieldSql(sql.raw('custom'), key, type));
  if (q.params.length) throw new Error('index expression must not have parameters');
  return q.sql;
}

export interface CatalogField {
  key: string;
  label: string;
  labelEn: string;
  kind: FieldKind | null;
  sql: SQL;
  filterable: boolean;
  sortable: boolean;
  source: 'standard' | 'custom';
  /** custom field type */
  type?: string;
  options?: FieldOption[];
  notNull?: boolean;
  access: 'readonly' | 'editable';
  mask: MaskMode | null;
}

export interface RecordCatalog {
  recordType: RecordTypeDef['recordType'];
  /** fields the actor may see, in display order */
  fields: CatalogField[];
  filter: SqlFieldCatalog;
  sort: SqlFieldCatalog;
  /** field keys hidden from the actor: never filterable, sortable, shown or exported */
  hidden: Set<string>;
  customDefs: CustomFieldDef[];
}

/**
 * The field catalog of a record type as one actor sees it. Fields masked "always" are reduced to
 * equality filters and no sort, so digits cannot be probed with startsWith or ordering.
 */
export function buildCatalog(actor: Actor, def: RecordTypeDef, customDefs: CustomFieldDef[]): RecordCatalog {
  const cat: RecordCatalog = { recordType: def.recordType, fields: [], filter: {}, sort: {}, hidden: new Set(), customDefs };
  const add = (f: Omit<CatalogField, 'access' | 'mask'>) => {
    const access = fieldAccess(actor.perms, def.recordType, f.key);
    if (access === 'hidden') {
      cat.hidden.add(f.key);
      return;
    }
    const mask = actor.perms.admin ? null : (actor.perms.masks.get(def.recordType)?.get(f.key) ?? null);
    const field: CatalogField = { ...f, access, mask };
    if (mask === 'always') {
      field.sortable = false;
      if (field.kind === 'text') field.kind = 'select'; // select = text restricted to eq/in
    }
    cat.fields.push(field);
    if (field.kind && field.filterable) cat.filter[f.key] = { kind: field.kind, sql: field.sql };
    if (field.kind && field.sortable && field.kind !== 'multiselect') cat.sort[f.key] = { kind: field.kind, sql: field.sql };
  };
  for (const s of def.standardFields) {
    const expr = sql`${s.sql}`;
    add({ key: s.key, label: s.label, labelEn: s.labelEn, kind: s.kind, sql: expr, filterable: s.filterable ?? true, sortable: s.sortable ?? true, source: 'standard', options: s.options, notNull: s.notNull });
  }
  for (const c of [...customDefs].sort((a, b) => a.sort - b.sort)) {
    const kind = CUSTOM_KIND[c.type] ?? null;
    add({
      key: `custom.${c.key}`, label: c.label, labelEn: c.labelEn ?? c.label, kind, sql: customFieldSql(def.table.custom, c.key, c.type),
      filterable: kind !== null, sortable: kind !== null, source: 'custom', type: c.type, options: c.options,
    });
  }
  return cat;
}

/** A hidden field reads as "not available" rather than unknown, naming it, so the UI can explain. */
function rethrowHidden(err: unknown, catalog: RecordCatalog): never {
  if (err instanceof FilterError && err.field && catalog.hidden.has(err.field)) {
    throw new FilterError('unknown_field', `field "${err.field}" is not available to your role`, err.field, err.path);
  }
  throw err;
}

export function compileCatalogFilter(catalog: RecordCatalog, filter: FilterNode, actor: Actor, now = new Date()): SQL {
  try {
    return compileFilter(filter, catalog.filter, { now, timeZone: actor.timeZone, userId: actor.userId });
  } catch (err) {
    rethrowHidden(err, catalog);
  }
}

/**
 * ORDER BY for a list. The filter compiler sorts NULLS LAST both ways, but a btree index (ASC
 * NULLS LAST / DESC NULLS FIRST by default) cannot serve `DESC NULLS LAST`; for NOT NULL columns
 * the NULLS clause changes nothing, so it is dropped there and `created_at DESC` can walk the index.
 */
export function compileCatalogSort(catalog: RecordCatalog, sort: SortSpec[]): SQL[] {
  let compiled: SQL[];
  try {
    compiled = compileSort(sort, catalog.sort);
  } catch (err) {
    rethrowHidden(err, catalog);
  }
  return compiled.map((frag, i) => {
    const spec = sort[i]!;
    const field = catalog.fields.find((f) => f.key === spec.field);
    return field?.notNull ? sql`${catalog.sort[spec.field]!.sql} ${sql.raw(spec.dir)}` : frag;
  });
}

/** `-createdAt,name` → [{field:'createdAt',dir:'desc'},{field:'name',dir:'asc'}]. */
export function parseSortParam(s: string): SortSpec[] {
  const parts = s.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length > 10) throw new FilterError('invalid_filter', 'at most 10 sort fields');
  return parts.map((p) => (p.startsWith('-') ? { field: p.slice(1), dir: 'desc' as const } : { field: p.replace(/^\+/, ''), dir: 'asc' as const }));
}

/** Public description of the catalog for the web app (columns, filter builder). */
export function describeCatalog(catalog: RecordCatalog) {
  return catalog.fields.map((f) => ({
    key: f.key, label: f.label, labelEn: f.labelEn, kind: f.kind, type: f.type ?? null, source: f.source,
    filterable: f.filterable && f.kind !== null, sortable: Object.hasOwn(catalog.sort, f.key), options: f.options ?? [],
    access: f.access, masked: f.mask !== null,
  }));
}
